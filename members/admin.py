from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Cadre, CardNumbering, Membership


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = [
        "person",
        "unit",
        "category",
        "card_number",
        "joined_on",
        "ended_on",
        "end_reason",
    ]
    list_filter = ["category", "end_reason"]
    raw_id_fields = ["person", "unit", "previous"]


@admin.register(Cadre)
class CadreAdmin(ReadOnlyAdmin):
    list_display = ["person", "unit", "position", "term", "started_on", "ended_on"]
    raw_id_fields = ["person", "unit"]


@admin.register(CardNumbering)
class CardNumberingAdmin(admin.ModelAdmin):
    """The association's card numbering per unit (a province, or a base with its own books)."""

    list_display = ["unit", "prefix", "digits"]
    raw_id_fields = ["unit"]
