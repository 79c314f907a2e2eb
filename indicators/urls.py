from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("u/<int:pk>/indicators/", views.dashboard, name="dashboard"),
    path("u/<int:pk>/glance/", views.glance, name="glance"),
    path("u/<int:pk>/indicators/export.xlsx", views.export_xlsx, name="export"),
    path("u/<int:pk>/indicators/denominators/", views.denominators, name="denominators"),
    path(
        "u/<int:pk>/indicators/denominators/template.xlsx",
        views.denominators_template,
        name="denominators_template",
    ),
    path(
        "u/<int:pk>/indicators/denominators/import",
        views.denominators_import,
        name="denominators_import",
    ),
    path("u/<int:pk>/indicators/plans/", views.plans, name="plans"),
    path("u/<int:pk>/indicators/plans/<int:plan_pk>/target", views.plan_target, name="plan_target"),
    path("u/<int:pk>/indicators/review", views.book_review, name="review"),
]
