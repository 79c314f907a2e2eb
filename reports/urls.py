from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("u/<int:pk>/reports/", views.home, name="home"),
    path("u/<int:pk>/reports/<str:key>/", views.report, name="report"),
    path("u/<int:pk>/reports/<str:key>/start/", views.start, name="start"),
    path("u/<int:pk>/reports/<str:key>/save/", views.save, name="save"),
    path("u/<int:pk>/reports/<str:key>/accept/", views.accept, name="accept"),
    path("u/<int:pk>/reports/<str:key>/table.xlsx", views.table_xlsx, name="table"),
    path("u/<int:pk>/reports/<str:key>/file/<str:fmt>", views.download, name="file"),
]
