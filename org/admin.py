from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import AdminArea, AssociationProfile, Unit, UnitChange, UnitSuccession


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    # Reorganisation goes through org.services (history, audit); the admin only reads units.
    form = movenodeform_factory(Unit)
    list_display = ["name", "kind", "admin_code", "valid_from", "valid_to"]
    list_filter = ["kind", "base_type"]
    search_fields = ["name", "search_key", "admin_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AdminArea)
class AdminAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "division_type", "province_code"]
    list_filter = ["level", "division_type"]
    search_fields = ["code", "name", "search_key"]


@admin.register(AssociationProfile)
class AssociationProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "preset", "short_name"]


admin.site.register(UnitChange)
admin.site.register(UnitSuccession)
