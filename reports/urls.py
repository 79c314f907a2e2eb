from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("u/<int:pk>/reports/", views.home, name="home"),
]
