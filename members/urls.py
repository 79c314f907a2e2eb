from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("u/<int:pk>/members/", views.register, name="register"),
    path("u/<int:pk>/members/bulk/", views.bulk, name="bulk"),
    path(
        "u/<int:pk>/members/transfer-targets/",
        views.transfer_targets,
        name="transfer_targets",
    ),
    path("u/<int:pk>/members/stats/", views.stats, name="stats"),
    path("u/<int:pk>/cadres/", views.cadres, name="cadres"),
]
