"""Reads of people: single people through the user's scope, and who may see what about them;
the base a unit belongs to and the duplicates of a new person in it; search; a person's page."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.access import has_perm_on, scope_paths, scope_q
from core.models import AuditEvent
from core.text import search_key
from core.vn import ETHNIC_NAMES, RELIGIONS, phone_query_digits
from org.models import AssociationProfile, Unit, UnitKind
from org.ordering import base_names, full_label

from .models import Person

if TYPE_CHECKING:
    from members.models import Cadre, Membership


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


# --- dedupe -------------------------------------------------------------------------------------


def base_of(unit: Unit) -> Unit:
    """The base association a unit belongs to (itself for a base; the unit itself above bases)."""
    if unit.kind == UnitKind.BASE:
        return unit
    step = Unit.steplen
    prefixes = [unit.path[:i] for i in range(step, len(unit.path), step)]
    found = Unit.objects.filter(path__in=prefixes, kind=UnitKind.BASE).order_by("-depth").first()
    return found or unit


def find_duplicates(
    *, search: str, birth_year: int | None, unit: Unit, exclude_pk: int | None = None
) -> list[Person]:
    """People with the same name key and birth year registered or active in the same base."""
    if not search or birth_year is None:
        return []
    from members.models import Membership

    base = base_of(unit)
    member_ids = Membership.objects.filter(unit_path__startswith=base.path).values("person_id")
    return list(
        Person.objects.filter(search_key=search, birth_year=birth_year)
        .filter(Q(unit__path__startswith=base.path) | Q(pk__in=member_ids))
        .exclude(pk__in=[exclude_pk] if exclude_pk else [])
        .order_by("pk")[:10]
    )


# A scope of at most this many units (a base with its branches and groups; a district) and
# people is searched from its own rows; a larger one (a province) by a scan of the people that
# match, tested against the scope.
SMALL_SCOPE_UNITS = 1000
SMALL_SCOPE_PEOPLE = 20_000
# Matches of a search in a small scope collected and sorted before a page is fetched.
MATCHES_MAX = 2000


def _small_scope_ids(user, perm: str, **narrow) -> list[int] | None:
    """The ids of the people ``user`` may ``perm`` (see Person.objects.visible_to), when the
    user's scope is small: one UNION of those with a membership (any time) under the user's units
    (one range of the memberships' unit_path index) and those the units registered; ``narrow``:
    filters of both (fields Person and Membership share: search_key). None for a larger scope.

    Collected first, so that the people are then looked up by id: left as a subquery,
    PostgreSQL expects ten times as many and scans every person instead."""
    from members.models import Membership

    units = list(
        Unit.objects.filter(scope_q(user, "path", perm)).values_list("pk", flat=True)[
            : SMALL_SCOPE_UNITS + 1
        ]
    )
    if len(units) > SMALL_SCOPE_UNITS:
        return None
    # The units' ids, not a join to the units: PostgreSQL would expect hundreds of people per
    # unit there and scan every unit in parallel rather than look up the few in scope.
    members = Membership.objects.filter(scope_q(user, "unit_path", perm), **narrow)
    registered = Person.objects.filter(unit_id__in=units, **narrow)
    union = members.values_list("person_id", flat=True).union(
        registered.values_list("pk", flat=True)
    )
    ids = list(union[: SMALL_SCOPE_PEOPLE + 1])
    return ids if len(ids) <= SMALL_SCOPE_PEOPLE else None


def search_people(user, text: str) -> "QuerySet[Person] | SortedPeople":
    """People visible to ``user`` matching ``text`` (all of them for no text), sorted by name
    (``sort_key``), with their unit: the accent-free name contains the text; or, when it is a
    number, the phone starts with it, or the CCCD does among the people the user may edit (a
    viewer must not learn who holds a number).

    A base's search starts from its scope: the people with a membership under the user's units
    (one range of the memberships' unit_path index, which carries a copy of each name key) and
    those the units registered, as one UNION; the matches are collected and sorted, and a page is
    fetched by id. Written as "registered here OR a member here" (Person.objects.visible_to),
    PostgreSQL can use neither index through the OR and tests every person in the country whose
    name matches: 1.9 s for a base manager on a national database.
    """
    key = search_key(text) if text.strip() else ""
    digits = phone_query_digits(text) if key else None
    # A name narrows the scope's rows too (phones and CCCDs are not copied onto memberships).
    narrow = {"search_key__contains": key} if key and digits is None else {}
    view_paths = scope_paths(user)
    small = _small_scope_ids(user, "view", **narrow) if view_paths is not None else None
    match = Q(search_key__contains=key) if key else Q()
    if digits is not None:
        match |= Q(phone__startswith=digits)
        cccd = Q(cccd__startswith=digits)
        edit_paths = scope_paths(user, "edit")
        # Where the user edits all they see, the search below keeps to ``small`` anyway (binding
        # its ids twice would pass SQLite's limit on parameters for a large base).
        if edit_paths is not None and not (edit_paths == view_paths and small is not None):
            editable: list[int] | QuerySet | None = _small_scope_ids(user, "edit")
            if editable is None:
                editable = Person.objects.visible_to(user, "edit").values("pk")
            cccd &= Q(pk__in=editable)
        match |= cccd
    if view_paths is None:
        people = Person.objects.filter(match)
    elif small is None:
        # A province: the matching people are many, and a scan that tests each against the
        # scope is the plan PostgreSQL makes of it.
        people = Person.objects.visible_to(user).filter(match)
    else:
        people = Person.objects.filter(match, pk__in=small)
        found = list(people.values_list("sort_key", "pk")[: MATCHES_MAX + 1])
        if len(found) <= MATCHES_MAX:
            return SortedPeople([pk for _key, pk in sorted(found)])
    return people.select_related("unit").order_by("sort_key", "pk")


class SortedPeople(Sequence):
    """A search's matches already sorted: its length costs nothing and a slice (one page) fetches
    only that page's people. Works with ninja's pagination."""

    def __init__(self, ids: list[int]):
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0] if index >= 0 else self[len(self) + index]
        chunk = self.ids[index]
        found = Person.objects.select_related("unit").in_bulk(chunk)
        return [found[pk] for pk in chunk if pk in found]


# --- a person's page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MembershipRow:
    """A membership as the person page shows it."""

    membership: "Membership"
    unit_name: str  # the unit's name when the membership began
    category_name: str
    can_edit: bool
    can_readmit: bool


@dataclass(frozen=True)
class CadreRow:
    cadre: "Cadre"
    can_edit: bool


@dataclass(frozen=True)
class PersonHistory:
    """The memberships and cadre posts of a person that ``user`` may see."""

    memberships: list[MembershipRow]
    hidden_memberships: int  # memberships outside the user's scope
    cadres: list["Cadre"]
    cadre_rows: list[CadreRow]


def person_history(user, person: Person) -> PersonHistory:
    """A person's memberships (with who may edit or readmit each) and cadre posts, through
    ``user``'s scope; a membership may be readmitted when it ended, was not continued, no open
    membership holds its category, and the person has not died."""
    from members.models import Cadre, EndReason, Membership

    all_memberships = list(
        Membership.objects.filter(person=person)
        .select_related("unit", "previous")
        .order_by("joined_on", "pk")
    )
    visible_ids = set(
        Membership.objects.visible_to(user).filter(person=person).values_list("pk", flat=True)
    )
    memberships = [m for m in all_memberships if m.pk in visible_ids]
    continued_ids = {m.previous_id for m in all_memberships if m.previous_id}
    open_categories = {m.category for m in all_memberships if m.ended_on is None}
    deceased = any(m.end_reason == EndReason.DECEASED for m in all_memberships)
    names = AssociationProfile.current_category_names()
    bases = base_names([m.unit for m in memberships])  # "Chi hội 1 — <its base>" in the history
    rows = []
    for m in memberships:
        can_edit_m = has_perm_on(user, m.unit, "edit") and not person.anonymised_on
        rows.append(
            MembershipRow(
                membership=m,
                unit_name=full_label(m.unit, bases, name=m.unit.name_on(m.joined_on)),
                category_name=_(names.get(m.category, m.category)),
                can_edit=can_edit_m,
                can_readmit=(
                    can_edit_m
                    and m.ended_on is not None
                    and m.pk not in continued_ids
                    and m.category not in open_categories
                    and not deceased
                ),
            )
        )
    cadres: list[Cadre] = list(
        Cadre.objects.visible_to(user)
        .filter(person=person)
        .select_related("unit")
        .order_by("started_on")
    )
    return PersonHistory(
        memberships=rows,
        hidden_memberships=len(all_memberships) - len(memberships),
        cadres=cadres,
        cadre_rows=[CadreRow(cadre=c, can_edit=has_perm_on(user, c.unit, "edit")) for c in cadres],
    )


def person_audit_events(
    user, person: Person, history: PersonHistory, limit: int
) -> list[AuditEvent]:
    """The latest ``limit`` audit events of the person and of the memberships and cadre posts
    ``user`` sees, in ``user``'s scope, newest first."""
    events = AuditEvent.objects.filter(
        Q(object_type="people.person", object_id=str(person.pk))
        | Q(
            object_type="members.membership",
            object_id__in=[str(r.membership.pk) for r in history.memberships],
        )
        | Q(object_type="members.cadre", object_id__in=[str(c.pk) for c in history.cadres])
    ).filter(scope_q(user, "unit_path"))
    return list(events.select_related("actor").order_by("-at", "-id")[:limit])


def sensitive_data(person: Person) -> dict[str, str]:
    """The sensitive data of a person as shown (CCCD, the ethnicity's and religion's names);
    empty strings for what is not recorded."""
    return {
        "cccd": person.cccd or "",
        "ethnicity": ETHNIC_NAMES.get(person.ethnicity, ""),
        "religion": _(dict(RELIGIONS).get(person.religion, "")) if person.religion else "",
    }
