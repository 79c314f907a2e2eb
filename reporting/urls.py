from django.urls import path

from . import views

app_name = "reporting"

_R = "u/<int:pk>/reporting/<slug:form>/<str:key>/"

urlpatterns = [
    path("u/<int:pk>/reporting/", views.home, name="home"),
    path(_R, views.report, name="report"),
    path(f"{_R}value/", views.save_value, name="value"),
    path(f"{_R}units/", views.children, name="children"),
    path(f"{_R}units/approve/", views.approve_many, name="approve_many"),
    path(f"{_R}items/", views.add_item, name="add_item"),
    path(f"{_R}xlsx/", views.export_xlsx, name="export"),
    path(f"{_R}xlsx/upload/", views.import_xlsx, name="import"),
    path("reporting/waiting/", views.waiting, name="waiting"),
    path("reporting/waiting/badge/", views.badge, name="badge"),
]
urlpatterns += [
    path(f"{_R}{action}/", views.act, {"action": action}, name=action)
    for action in ("submit", "approve", "return", "reopen")
]
