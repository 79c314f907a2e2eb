"""Reads of the registers: scoped, as of a date, with a fixed number of queries."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404

from accounts.access import has_perm_on
from core.inputs import parse_ids
from core.text import search_key
from core.vn import FDRS_AGE_BANDS, phone_query_digits
from org.models import AssociationProfile, Unit
from people.models import Person

from .models import Cadre, EndReason, Membership

STATUS_ACTIVE, STATUS_LEFT, STATUS_ALL = "active", "left", "all"
# A search with more matches than this (a bare family name over a province) is sorted by the
# database in one query; below it the matches are collected first (see register()).
SEARCH_MATCHES_MAX = 2000
VOLUNTEER_MIN_AGE = 18  # without a profile; else AssociationProfile.volunteer_min_age


def volunteer_min_age() -> int:
    """The youngest age a volunteer may be admitted at: a rule of the association's profile."""
    profile = AssociationProfile.current()
    return profile.volunteer_min_age if profile else VOLUNTEER_MIN_AGE


def category_names() -> dict[str, str]:
    """{code: name} of the association profile's member categories."""
    return AssociationProfile.current_category_names()


def get_membership_for_user(
    user, pk, perm: str = "view", *, within: Unit | None = None
) -> Membership:
    """The membership ``pk`` if ``user`` may ``perm`` it (and, ``within``: if it is in that unit's
    subtree, e.g. the unit of the page or endpoint it was named on); 404 otherwise."""
    rows = Membership.objects.visible_to(user, perm)
    if within is not None:
        rows = rows.filter(unit_path__startswith=within.path)
    try:
        return rows.select_related("person", "unit", "previous").get(pk=pk)
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def selected_memberships(
    user, unit: Unit, raw_ids: Sequence[str], *, open_only: bool = False
) -> list[Membership]:
    """The memberships ticked on a page of ``unit`` (the register's bulk actions, the dues
    tick-list): every one in ``unit``'s subtree and editable by ``user`` (``open_only``: not
    ended either), in the register's order; else 404, so ids never tell what lies outside."""
    try:
        ids = parse_ids(raw_ids)
    except ValueError:
        raise Http404 from None
    rows = Membership.objects.visible_to(user, "edit").filter(
        pk__in=ids, unit_path__startswith=unit.path
    )
    if open_only:
        rows = rows.filter(ended_on__isnull=True)
    found = list(rows.select_related("person", "unit").order_by("person__sort_key", "pk"))
    if len(found) != len(ids):
        raise Http404
    return found


def get_cadre_for_user(user, pk, perm: str = "view") -> Cadre:
    try:
        return Cadre.objects.visible_to(user, perm).select_related("person", "unit").get(pk=pk)
    except (Cadre.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def search_q(text: str, *, by_cccd: bool = False, local: bool = False) -> Q:
    """Accent-insensitive search by name, or by phone, card number or (``by_cccd``: for users
    allowed to see CCCD numbers) CCCD when it looks like one.

    "nguyen thi hoa", "Nguyễn Thị Hoà" and "Nguyễn Thị Hòa" (either Unicode form) all match the
    same people: the query and the stored names go through the same key.

    ``local``: the rows are already one unit's register (a province at most), so each row's copy
    of the name key is tested (an index-only scan); otherwise the full-text index over every
    person finds the names first.
    """
    raw = "".join(text.split())
    key = search_key(text)
    if not key:
        return Q()
    # The words in order from a word boundary (a full-text phrase query on PostgreSQL).
    q = Q(search_key__words_scan=key) if local else Q()
    who = Q() if local else Q(search_key__words=key)
    digits = phone_query_digits(text)
    if digits is not None:
        who |= Q(phone__startswith=digits)
        if by_cccd:
            # A viewer could otherwise confirm who holds a number the lists never show.
            who |= Q(cccd__startswith=digits)
    # The matching people first, as a subquery: the planner then uses the people's indexes once
    # instead of testing every membership of a big subtree against the name.
    if who:
        q |= Q(person_id__in=Person.objects.filter(who).values("pk"))
    if any(ch.isdigit() for ch in raw):
        q |= Q(card_number=raw.upper())
    return q


def age_band_q(band: str, on: datetime.date) -> Q:
    """Birth years that put a person in an FDRS age band on ``on`` (by year of birth)."""
    for code, low, high in FDRS_AGE_BANDS:
        if code == band:
            q = Q(person__birth_year__lte=on.year - low)
            if high is not None:
                q &= Q(person__birth_year__gte=on.year - high)
            return q
    if band == "unknown":
        return Q(person__birth_year__isnull=True)
    return Q()


@dataclass
class RegisterFilter:
    on: datetime.date
    status: str = STATUS_ACTIVE
    category: str = ""
    sex: str = ""
    age_band: str = ""
    joined_year: int | None = None
    branch: Unit | None = None
    q: str = ""
    sort: str = "name"  # name | -name | joined | -joined | card
    extra: dict = field(default_factory=dict)


SORTS = {
    "name": ("sort_key", "pk"),
    "-name": ("-sort_key", "-pk"),
    "joined": ("joined_on", "pk"),
    "-joined": ("-joined_on", "-pk"),
    "card": ("card_number", "pk"),
}


# The columns a register page shows (its rows need no more of the person or the unit).
PAGE_COLUMNS = (
    "person_id", "unit_id", "category", "card_number", "joined_on", "ended_on", "end_reason",
    "person__full_name", "person__sex", "person__birth_year", "unit__name",
)  # fmt: skip


def register(
    user, unit: Unit, f: RegisterFilter, *, only: tuple[str, ...] = ()
) -> "QuerySet[Membership] | MatchedRows":
    """Memberships of ``unit``'s subtree (as it stood on ``f.on``) visible to ``user``;
    ``only``: load just these columns of the rows (e.g. PAGE_COLUMNS)."""
    root = f.branch or unit
    qs = Membership.objects.in_subtree_on(root, f.on)
    if not has_perm_on(user, root, "view"):
        # Scopes are whole subtrees: a user who sees the root sees all of it, and a second
        # prefix filter would only mislead the planner's row estimates.
        qs = qs.visible_to(user)
    if f.status == STATUS_ACTIVE:
        qs = qs.active_on(f.on)
    elif f.status == STATUS_LEFT:
        qs = qs.filter(ended_on__lte=f.on)
    else:
        qs = qs.filter(joined_on__lte=f.on)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.sex:
        qs = qs.filter(person__sex=f.sex)
    if f.age_band:
        qs = qs.filter(age_band_q(f.age_band, f.on))
    if f.joined_year:
        qs = qs.filter(joined_on__year=f.joined_year)
    if f.q:
        qs = qs.filter(search_q(f.q, by_cccd=has_perm_on(user, unit, "edit"), local=root.depth > 1))
        # Find the matches first, unordered, then sort those. Asked for "ORDER BY sort_key
        # LIMIT 50" directly, PostgreSQL may walk the whole sort index of a million memberships
        # hoping to meet 50 matches early (measured: 0.7 s for a common name in a province).
        sort_field = _PYTHON_SORTS.get(f.sort)
        if sort_field is not None:
            found = list(qs.order_by().values_list("pk", sort_field)[: SEARCH_MATCHES_MAX + 1])
            if len(found) <= SEARCH_MATCHES_MAX:
                found.sort(key=lambda row: (row[1], row[0]), reverse=f.sort.startswith("-"))
                return MatchedRows([pk for pk, _key in found], only=only)
    qs = qs.select_related("person", "unit").order_by(*SORTS.get(f.sort, SORTS["name"]))
    return qs.only(*only) if only else qs


# Sorts a search's matches can take in Python from columns of the covering index.
_PYTHON_SORTS = {
    "name": "sort_key",
    "-name": "sort_key",
    "joined": "joined_on",
    "-joined": "joined_on",
}


class MatchedRows(Sequence):
    """A search's matches, already sorted: its length costs nothing and a slice (one page)
    fetches only that page's rows. Works with Django's Paginator and ninja's pagination."""

    def __init__(self, ids: list[int], *, only: tuple[str, ...] = ()):
        self.ids = ids
        self.only = only

    def __len__(self) -> int:
        return len(self.ids)

    def count(self, *args) -> int:  # type: ignore[override]
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0] if index >= 0 else self[len(self) + index]
        chunk = self.ids[index]
        rows = Membership.objects.select_related("person", "unit")
        found = (rows.only(*self.only) if self.only else rows).in_bulk(chunk)
        return [found[pk] for pk in chunk if pk in found]


def left_between(unit: Unit, start: datetime.date, end: datetime.date) -> QuerySet[Membership]:
    """Memberships that ended in [start, end) for a reason that takes a person out of the
    association (transfers and reorganisations within the subtree are not departures)."""
    return (
        Membership.objects.in_subtree_on(unit, end)
        .filter(ended_on__gte=start, ended_on__lt=end)
        .exclude(end_reason__in=[EndReason.TRANSFERRED, EndReason.REORGANISED])
    )


def joined_between(unit: Unit, start: datetime.date, end: datetime.date) -> QuerySet[Membership]:
    """First admissions and re-admissions in [start, end) (not continuations of a transfer)."""
    return (
        Membership.objects.in_subtree_on(unit, end)
        .filter(joined_on__gte=start, joined_on__lt=end)
        .exclude(previous__end_reason__in=[EndReason.TRANSFERRED, EndReason.REORGANISED])
    )


def statistics(unit: Unit, on: datetime.date, *, years: int = 5) -> dict:
    """Counts for ``unit``'s subtree on ``on``: by category, sex, FDRS age band, ethnicity and
    religion; joined and left per year; growth in % against the same day a year before."""
    active = Membership.objects.in_subtree_on(unit, on).active_on(on)
    by_cat_sex = {
        (r["category"], r["person__sex"]): r["n"]
        for r in active.values("category", "person__sex").annotate(n=Count("id"))
    }
    by_year = {
        (r["category"], r["y"]): r["n"]
        for r in active.annotate(y=F("person__birth_year"))
        .values("category", "y")
        .annotate(n=Count("id"))
    }
    bands: dict[str, dict[str, int]] = {}
    for (cat, year), n in by_year.items():
        if year is None:
            band = "unknown"
        else:
            age = on.year - year
            band = next(
                (c for c, lo, hi in FDRS_AGE_BANDS if age >= lo and (hi is None or age <= hi)),
                "unknown",
            )
        bands.setdefault(cat, {}).setdefault(band, 0)
        bands[cat][band] += n
    by_ethnicity = dict(
        active.values_list("person__ethnicity").annotate(n=Count("id")).order_by("-n")
    )
    by_religion = dict(
        active.values_list("person__religion").annotate(n=Count("id")).order_by("-n")
    )
    first_year = on.year - years + 1
    start = datetime.date(first_year, 1, 1)
    end = on + datetime.timedelta(days=1)
    joined = dict(
        joined_between(unit, start, end)
        .annotate(y=ExtractYear("joined_on"))
        .values_list("y")
        .annotate(n=Count("id"))
    )
    left = dict(
        left_between(unit, start, end)
        .annotate(y=ExtractYear("ended_on"))
        .values_list("y")
        .annotate(n=Count("id"))
    )
    total = sum(by_cat_sex.values())
    try:
        year_before = on.replace(year=on.year - 1)
    except ValueError:  # 29 February
        year_before = on.replace(year=on.year - 1, day=28)
    total_before = (
        Membership.objects.in_subtree_on(unit, year_before).active_on(year_before).count()
    )
    growth = round((total - total_before) * 100 / total_before, 2) if total_before else None
    categories = sorted({c for c, _s in by_cat_sex})
    return {
        "on": on,
        "total": total,
        "total_year_before": total_before,
        "growth_pct": growth,
        "by_category": {
            c: {
                "total": sum(n for (cc, _s), n in by_cat_sex.items() if cc == c),
                "male": by_cat_sex.get((c, "M"), 0),
                "female": by_cat_sex.get((c, "F"), 0),
            }
            for c in categories
        },
        "age_bands": bands,
        "by_ethnicity": by_ethnicity,
        "by_religion": by_religion,
        "joined_per_year": {y: joined.get(y, 0) for y in range(first_year, on.year + 1)},
        "left_per_year": {y: left.get(y, 0) for y in range(first_year, on.year + 1)},
    }
