from django.urls import path

from . import views

app_name = "blood"

urlpatterns = [
    path("u/<int:pk>/blood/", views.home, name="home"),
]
