from django import template

from core.formatting import format_date, format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    return format_vnd(amount)


@register.filter
def vdate(value):
    return format_date(value)
