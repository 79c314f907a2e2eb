from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("u/<int:pk>/training/", views.home, name="home"),
]
