from django.urls import path

from . import views

app_name = "clubs"

urlpatterns = [
    path("u/<int:pk>/clubs/", views.unit_clubs, name="unit_clubs"),
    path("clubs/<int:pk>/", views.club, name="club"),
    path("clubs/members/<int:pk>/leave/", views.leave, name="leave"),
]
