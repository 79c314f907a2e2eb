from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import ApiToken, RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    # Roles are given on the unit's Accounts page (accounts.services: scope, no escalation, audit).
    list_display = ["user", "unit", "role", "granted_by", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]
