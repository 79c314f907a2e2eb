from django.urls import path

from . import views_movements as views

app_name = "membership"

urlpatterns = [
    path("memberships/<int:pk>/transfer/", views.transfer, name="transfer"),
    path("memberships/<int:pk>/end/", views.end, name="end"),
    path("memberships/<int:pk>/readmit/", views.readmit, name="readmit"),
    path("u/<int:pk>/cadres/new/", views.cadre_new, name="cadre_new"),
    path("cadres/<int:pk>/edit/", views.cadre_edit, name="cadre_edit"),
]
