from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("u/<int:pk>/oversight/", views.home, name="home"),
]
