from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("u/<int:pk>/people/new/", views.person_new, name="new"),
    path("people/<int:pk>/", views.person_detail, name="detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="edit"),
    path("people/<int:pk>/consents/new/", views.consent_new, name="consent_new"),
    path("people/<int:pk>/anonymise/", views.person_anonymise, name="anonymise"),
]
