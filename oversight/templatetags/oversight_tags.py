"""Panels of this app on the person page and the unit page: the commendations received."""

from django import template
from django.urls import reverse

from accounts.access import has_perm_on

from ..selectors import commendations_for

register = template.Library()


@register.filter
def lookup(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.inclusion_tag("oversight/_awards_history.html", takes_context=True)
def awards_history(context, person=None, unit=None):
    """Commendations of ``person`` (individual) or of ``unit`` (collective), decided ones and
    proposals, newest first; on a person's page, for an editor of the person's unit, the way
    to propose one for them."""
    rows = list(commendations_for(person=person, unit=unit)[:50]) if (person or unit) else []
    propose = ""
    request = context.get("request")
    if (
        person is not None
        and request is not None
        and has_perm_on(request.user, person.unit, "edit")
    ):
        propose = (
            reverse("oversight:awards", args=[person.unit_id]) + f"?person={person.pk}#propose"
        )
    return {"rows": rows, "propose": propose}
