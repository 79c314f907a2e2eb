from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("u/<int:pk>/projects/", views.home, name="home"),
]
