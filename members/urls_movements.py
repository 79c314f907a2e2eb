from django.urls import path

from . import views_movements as views
from . import views_transfers

app_name = "membership"

urlpatterns = [
    path("memberships/<int:pk>/transfer/", views.transfer, name="transfer"),
    path("memberships/<int:pk>/transfer/targets/", views.transfer_targets, name="transfer_targets"),
    path("memberships/<int:pk>/end/", views.end, name="end"),
    path("memberships/<int:pk>/readmit/", views.readmit, name="readmit"),
    path("u/<int:pk>/cadres/new/", views.cadre_new, name="cadre_new"),
    path("cadres/<int:pk>/edit/", views.cadre_edit, name="cadre_edit"),
    path("u/<int:pk>/transfers/", views_transfers.requests_page, name="transfer_requests"),
    path("transfers/<int:pk>/accept/", views_transfers.accept, name="transfer_accept"),
    path("transfers/<int:pk>/refuse/", views_transfers.refuse, name="transfer_refuse"),
    path("transfers/<int:pk>/cancel/", views_transfers.cancel, name="transfer_cancel"),
]
