from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("u/<int:pk>/reporting/", views.home, name="home"),
]
