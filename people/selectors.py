"""Reads of people: single people through the user's scope, and who may see what about them."""

from django.http import Http404

from accounts.access import has_perm_on

from .models import Person


def get_person_for_user(user, pk, perm: str = "view") -> Person:
    """A person visible to ``user`` with ``perm``; 404 outside the user's scope."""
    try:
        return Person.objects.visible_to(user, perm).select_related("unit").get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def has_perm_on_person(user, person: Person, perm: str) -> bool:
    """``perm`` on the unit that registered the person or on a unit where they belong now.

    A person who moved to another base is then looked after by that base's editors; a unit the
    person left long ago keeps seeing the history but not the sensitive data.
    """
    if has_perm_on(user, person.unit, perm):
        return True
    from members.models import Membership

    units = {
        m.unit for m in Membership.objects.current().filter(person=person).select_related("unit")
    }
    return any(has_perm_on(user, u, perm) for u in units)
