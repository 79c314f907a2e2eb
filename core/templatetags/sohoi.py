import json
from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.formatting import format_date, format_number, format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    return format_vnd(amount)


@register.filter
def num(value):
    """A whole number with its thousands grouped in the active language: "3.321" / "3,321"."""
    return format_number(value)


@register.filter
def compact_json(value):
    """JSON on one line, Vietnamese left readable (no \\u escapes)."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


@register.filter
def vdate(value):
    return format_date(value)


@register.simple_tag
def select_options(choices, chosen) -> str:
    """The <option> elements of a select, built here in one pass: a template loop costs some
    ten nodes per option (and format_html a few microseconds more), which on a province's list
    of bases was milliseconds per page. Values and labels are escaped."""
    chosen = "" if chosen is None else str(chosen)
    parts = []
    for value, label in choices:
        value = str(value)
        selected = " selected" if value == chosen else ""
        parts.append(f'<option value="{escape(value)}"{selected}>{escape(str(label))}</option>')
    return mark_safe("".join(parts))  # noqa: S308 (every value and label escaped above)


@register.simple_tag
def unit_sections(unit, can_edit=False, can_manage=False, tab=""):
    """The sections of a unit's pages, as (key, label, url): the tabs on a desktop, the menu on a
    phone. Imports need the edit role, accounts and the audit log the manage role (a page the
    user is on is listed anyway)."""
    pk = unit.pk
    sections = [
        ("home", _("Tổng quan"), reverse("org:unit", args=[pk])),
        ("members", _("Hội viên"), reverse("members:register", args=[pk])),
        ("stats", _("Thống kê"), reverse("members:stats", args=[pk])),
        ("indicators", _("Chỉ tiêu"), reverse("indicators:dashboard", args=[pk])),
        ("cadres", _("Cán bộ"), reverse("members:cadres", args=[pk])),
        ("clubs", _("Câu lạc bộ"), reverse("clubs:unit_clubs", args=[pk])),
        ("dues", _("Hội phí"), reverse("dues:home", args=[pk])),
        ("funds", _("Quỹ"), reverse("funds:ledger", args=[pk])),
        ("aid", _("Nhân đạo"), reverse("aid:home", args=[pk])),
        ("blood", _("Hiến máu"), reverse("blood:home", args=[pk])),
        ("training", _("Tập huấn"), reverse("training:home", args=[pk])),
        ("projects", _("Mô hình"), reverse("projects:home", args=[pk])),
        ("oversight", _("Kiểm tra, thi đua"), reverse("oversight:home", args=[pk])),
        ("reporting", _("Báo cáo"), reverse("reporting:home", args=[pk])),
        ("reports", _("Tổng kết"), reverse("reports:home", args=[pk])),
        ("history", _("Lịch sử"), reverse("org:history", args=[pk])),
    ]
    if can_edit or can_manage or tab == "imports":
        sections.append(("imports", _("Nhập từ tệp"), reverse("imports:list", args=[pk])))
    if can_manage or tab in ("users", "audit"):
        sections.append(("users", _("Tài khoản"), reverse("accounts:unit_users", args=[pk])))
        sections.append(("audit", _("Nhật ký"), reverse("org:audit", args=[pk])))
    return sections


@register.simple_tag
def audit_lines(events):
    """The audit events as sentences and labelled details (core.audit_text.describe)."""
    from core.audit_text import describe

    return describe(events)
