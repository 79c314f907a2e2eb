"""Panels of this app on the person page and the unit page: the commendations received."""

from django import template

from ..selectors import commendations_for

register = template.Library()


@register.filter
def lookup(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.inclusion_tag("oversight/_awards_history.html")
def awards_history(person=None, unit=None):
    """Commendations of ``person`` (individual) or of ``unit`` (collective), decided ones and
    proposals, newest first."""
    rows = list(commendations_for(person=person, unit=unit)[:50]) if (person or unit) else []
    return {"rows": rows}
