from django.urls import path

from . import views

app_name = "aid"

urlpatterns = [
    path("u/<int:pk>/aid/", views.home, name="home"),
]
