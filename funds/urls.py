from django.urls import path

from . import views

app_name = "funds"

urlpatterns = [
    path("u/<int:pk>/funds/", views.ledger, name="ledger"),
    path("u/<int:pk>/funds/new/", views.entry_new, name="entry_new"),
    path("u/<int:pk>/funds/transfer/", views.transfer, name="transfer"),
    path("u/<int:pk>/funds/close/", views.close, name="close"),
    path("u/<int:pk>/funds/public/", views.set_public, name="set_public"),
    path("u/<int:pk>/funds/ledger.xlsx", views.ledger_xlsx, name="ledger_xlsx"),
    path("u/<int:pk>/funds/ledger.pdf", views.ledger_pdf, name="ledger_pdf"),
    path("u/<int:pk>/funds/donors/", views.donors, name="donors"),
    path("u/<int:pk>/funds/donors/new/", views.donor_new, name="donor_new"),
    path("u/<int:pk>/funds/pledges/", views.pledges, name="pledges"),
    path("u/<int:pk>/funds/pledges/new/", views.pledge_new, name="pledge_new"),
    path("funds/entries/<int:entry_id>/reverse/", views.entry_reverse, name="entry_reverse"),
    path("funds/entries/<int:entry_id>/attachment/", views.entry_attachment, name="attachment"),
    path("funds/donors/<int:donor_id>/edit/", views.donor_edit, name="donor_edit"),
    path("funds/pledges/<int:pledge_id>/end/", views.pledge_end, name="pledge_end"),
    # No login: a unit's transparency page, when its manager has opened it.
    path("public/u/<int:pk>/funds/", views.public, name="public"),
]
