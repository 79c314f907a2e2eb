from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("<int:pk>/", views.unit_home, name="unit"),
]
