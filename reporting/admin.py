from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import FormItem, Report, ReportForm, Rule


class FormItemInline(admin.TabularInline):
    model = FormItem
    extra = 0
    can_delete = False
    fields = readonly_fields = ("position", "code", "name", "section", "value_type", "unit")


class RuleInline(admin.TabularInline):
    model = Rule
    extra = 0
    can_delete = False
    fields = readonly_fields = ("left", "op", "right", "factor", "constant", "severity", "message")


@admin.register(ReportForm)
class ReportFormAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "period_type", "deadline_days", "owner", "active"]
    inlines = [FormItemInline, RuleInline]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["form", "unit", "start", "status", "step", "submitted_at"]
    list_filter = ["status", "form"]
    raw_id_fields = ["unit"]
