from django.urls import path

from . import views, views_receipts

app_name = "dues"

urlpatterns = [
    path("u/<int:pk>/dues/", views.home, name="home"),
    path("u/<int:pk>/dues/ticks/", views.ticklist, name="ticklist"),
    path("u/<int:pk>/dues/payments/", views.payments, name="payments"),
    path("u/<int:pk>/dues/payments/new/", views.payment_new, name="payment_new"),
    path("u/<int:pk>/dues/exemptions/", views.exemptions, name="exemptions"),
    path("u/<int:pk>/dues/policy/", views.policy, name="policy"),
    path("u/<int:pk>/dues/remittance/", views.remittance, name="remittance"),
    path("u/<int:pk>/dues/remittance.xlsx", views.remittance_xlsx, name="remittance_xlsx"),
    path("u/<int:pk>/dues/remittance.pdf", views.remittance_pdf, name="remittance_pdf"),
    path("dues/payments/<int:payment_pk>/cancel/", views.payment_cancel, name="payment_cancel"),
    path(
        "dues/payments/<int:payment_pk>/receipt.pdf",
        views_receipts.receipt_pdf,
        name="receipt_pdf",
    ),
    path("u/<int:pk>/dues/receipts.pdf", views_receipts.receipts_pdf_view, name="receipts_pdf"),
    path(
        "dues/exemptions/<int:exemption_pk>/revoke/",
        views.exemption_revoke,
        name="exemption_revoke",
    ),
]
