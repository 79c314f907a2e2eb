from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("u/<int:pk>/imports/", views.job_list, name="list"),
    path("u/<int:pk>/imports/new/", views.job_new, name="new"),
    path("u/<int:pk>/imports/template.xlsx", views.job_template, name="template"),
    path("u/<int:pk>/imports/<int:job_id>/", views.job_detail, name="detail"),
    path("u/<int:pk>/imports/<int:job_id>/mapping/", views.job_mapping, name="mapping"),
    path("u/<int:pk>/imports/<int:job_id>/progress/", views.job_progress, name="progress"),
    path("u/<int:pk>/imports/<int:job_id>/commit/", views.job_commit, name="commit"),
    path("u/<int:pk>/imports/<int:job_id>/cancel/", views.job_cancel, name="cancel"),
    path("u/<int:pk>/imports/<int:job_id>/undo/", views.job_undo, name="undo"),
    path("u/<int:pk>/imports/<int:job_id>/errors.xlsx", views.job_errors, name="errors"),
]
