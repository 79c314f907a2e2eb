from django.contrib import admin
from django.urls import include, path, re_path

from accounts.urls import auth_urlpatterns
from core import views as core_views
from org import views as org_views

from . import views as site_views
from .api import api

urlpatterns = [
    path("", site_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include(auth_urlpatterns)),  # 'login', 'logout': no namespace
    path("", include("accounts.urls")),  # accounts:me, accounts:unit_users (/u/<pk>/users/)
    path("u/", include("org.urls")),
    path("", include("members.urls")),  # register, statistics, cadres: /u/<pk>/members/...
    path("", include("members.urls_movements")),  # admit, transfer, end, re-admit, cadre forms
    path("", include("members.urls_exports")),  # books (xlsx, PDF, CSV) and cards
    path("", include("people.urls")),  # person pages
    path("", include("imports.urls")),  # spreadsheet imports: /u/<pk>/imports/...
    path("", include("dues.urls")),  # dues policy, collection, receipts, remittance
    path("", include("funds.urls")),  # humanitarian fund ledger, donors, pledges
    path("", include("indicators.urls")),  # targets, indicators, dashboards
    path("", include("clubs.urls")),  # clubs and groups by interest
    path("", include("aid.urls")),  # beneficiaries, humanitarian addresses, campaigns, gifts
    path("", include("blood.urls")),  # blood drives, donors, donations, honours
    path("", include("training.urls")),  # courses, classes, certificates, volunteer hours
    path("", include("reporting.urls")),  # periodic statistical reports, approval, locks
    path("", include("projects.urls")),  # houses, cow bank, capital groups, check-ups, kitchens
    path("", include("oversight.urls")),  # inspections, emulation scoring, commendations
    path("", include("reports.urls")),  # the annual summary report
    path("association/", org_views.profile, name="association"),
    path("api/v1/", api.urls),
    re_path(r"^api/", core_views.api_not_found),  # unknown API paths answer JSON, not HTML
    path("admin/", admin.site.urls),
]
