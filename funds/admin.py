from django.contrib import admin

from .models import Donor, Entry, FundSettings, Pledge


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Read-only: entries are written through the services and corrected by reversal."""

    list_display = ("on", "unit", "direction", "category", "amount", "document_number")
    list_filter = ("direction", "category")
    search_fields = ("document_number", "campaign", "note")
    raw_id_fields = ("unit", "counterparty_unit", "donor", "pledge", "reverses", "created_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Donor)
class DonorAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "organisation_kind", "unit")
    raw_id_fields = ("unit", "person", "created_by")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ("donor", "unit", "amount", "frequency", "start", "end")
    raw_id_fields = ("donor", "unit", "created_by")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FundSettings)
class FundSettingsAdmin(admin.ModelAdmin):
    list_display = ("unit", "closed_through", "public")
    raw_id_fields = ("unit", "closed_by")

    def has_delete_permission(self, request, obj=None):
        return False
