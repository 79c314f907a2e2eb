from django.contrib import admin
from django.urls import include, path

from core import views as core_views

from .api import api

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("u/", include("org.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
