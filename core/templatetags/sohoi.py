import json
from html import escape

from django import template
from django.utils.safestring import mark_safe

from core.formatting import format_date, format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    return format_vnd(amount)


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
