from django.contrib import admin
from treebeard.admin import TreeAdmin

from core.admin import ReadOnlyAdmin

from .models import AdminArea, AssociationProfile, Unit, UnitChange, UnitSuccession


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin, TreeAdmin):
    # Reorganisation goes through org.services (history, audit); the admin only reads units.
    list_display = ["name", "kind", "admin_code", "valid_from", "valid_to"]
    list_filter = ["kind", "base_type"]
    search_fields = ["name", "search_key", "admin_code"]


@admin.register(AdminArea)
class AdminAreaAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "division_type", "province_code"]
    list_filter = ["level", "division_type"]
    search_fields = ["code", "name", "search_key"]


@admin.register(AssociationProfile)
class AssociationProfileAdmin(ReadOnlyAdmin):
    list_display = ["name", "preset", "short_name"]


@admin.register(UnitChange)
class UnitChangeAdmin(ReadOnlyAdmin):
    list_display = ["unit", "kind", "on", "old_name", "new_name"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ReadOnlyAdmin):
    list_display = ["predecessor", "successor", "kind", "on"]
