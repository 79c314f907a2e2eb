from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Club, ClubMember


@admin.register(Club)
class ClubAdmin(ReadOnlyAdmin):
    list_display = ["name", "type", "unit", "founded_on", "closed_on"]
    list_filter = ["type"]
    raw_id_fields = ["unit"]


@admin.register(ClubMember)
class ClubMemberAdmin(ReadOnlyAdmin):
    list_display = ["club", "person", "joined_on", "left_on"]
    raw_id_fields = ["club", "person"]
