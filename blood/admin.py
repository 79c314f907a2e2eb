from django.contrib import admin

from .models import Drive, EligibilityRule, Milestone


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(admin.ModelAdmin):
    list_display = ("effective_from", "unit", "min_age", "max_age", "whole_blood_days", "source")
    readonly_fields = [f.name for f in EligibilityRule._meta.fields]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("count", "active")


@admin.register(Drive)
class DriveAdmin(admin.ModelAdmin):
    list_display = ("date", "site", "unit", "campaign", "target_units")
    readonly_fields = [f.name for f in Drive._meta.fields]
