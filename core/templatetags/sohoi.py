import json

from django import template

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
