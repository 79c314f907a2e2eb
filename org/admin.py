from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from treebeard.admin import TreeAdmin

from core.admin import ReadOnlyAdmin

from .models import (
    AdminArea,
    AssociationProfile,
    CongressTerm,
    Unit,
    UnitChange,
    UnitSuccession,
)
from .services import check_congress_term, save_congress_term


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


class CongressTermForm(forms.ModelForm):
    class Meta:
        model = CongressTerm
        fields = ["level", "start_year", "end_year", "note"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                check_congress_term(
                    level=data["level"],
                    start_year=data["start_year"],
                    end_year=data["end_year"],
                    exclude_pk=self.instance.pk,
                )
            except ValidationError as e:
                raise ValidationError(e.messages) from None
        return data


@admin.register(CongressTerm)
class CongressTermAdmin(admin.ModelAdmin):
    """Terms are configuration the administrator records; saved through the service (checks,
    audit, the figures recounted). Never deleted here: a wrong term is corrected."""

    form = CongressTermForm
    list_display = ["level", "start_year", "end_year", "note"]
    list_filter = ["level"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = save_congress_term(
            actor=request.user,
            term=CongressTerm.objects.get(pk=obj.pk) if change else None,
            level=obj.level,
            start_year=obj.start_year,
            end_year=obj.end_year,
            note=obj.note,
        )
        obj.pk = saved.pk
