from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Cadre, Membership


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
