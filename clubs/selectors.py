"""Reads of clubs, scoped: a club is seen where its unit is in the user's scope, else 404."""

from django.db.models import Count, Q
from django.http import Http404

from members.models import Membership
from members.selectors import search_q
from org.models import Unit
from people.models import Person

from .models import Club, ClubMember

CANDIDATE_LIMIT = 30


def get_club_for_user(user, pk, perm: str = "view") -> Club:
    try:
        return Club.objects.visible_to(user, perm).select_related("unit").get(pk=pk)
    except (Club.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_club_member_for_user(user, pk) -> ClubMember:
    try:
        return (
            ClubMember.objects.filter(club__in=Club.objects.visible_to(user))
            .select_related("club__unit", "person")
            .get(pk=pk)
        )
    except (ClubMember.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def clubs_of(user, unit: Unit):
    """The clubs run in ``unit``'s subtree that ``user`` sees, with their current members."""
    return (
        Club.objects.visible_to(user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit")
        .annotate(n=Count("members", filter=Q(members__left_on__isnull=True)))
        .order_by("closed_on", "unit__path", "name", "pk")
    )


def candidates(user, club: Club, q: str):
    """People who may join ``club``: an open membership in its unit's subtree that ``user``
    sees, not in the club now; ``q`` narrows them (accent-insensitive)."""
    memberships = (
        Membership.objects.visible_to(user).current().filter(unit_path__startswith=club.unit.path)
    )
    if q:
        memberships = memberships.filter(search_q(q))
    inside = ClubMember.objects.filter(club=club, left_on__isnull=True).values("person_id")
    return (
        Person.objects.filter(pk__in=memberships.values("person_id"))
        .exclude(pk__in=inside)
        .order_by("sort_key", "pk")
    )
