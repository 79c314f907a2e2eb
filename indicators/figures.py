"""Figures per unit and year, kept current: what a dashboard reads instead of the registers.

A unit's *own* figures come from its own rows (memberships, cadres, denominators, book reviews);
its *total* is its own plus the totals of the units that hung under it at the period's end. The
period of year Y ends on 31/12/Y, or today for the current year. Moves recorded after that date
are undone (the same semantics as org.selectors.subtree_q_on and parent_on), so a past year's
figures stay those of the tree as it stood then, across later merges, splits and moves.

Keys of the figure dicts (an absent key is 0):
  a:<category>:<sex M/F/U>:<FDRS band>   active on the period's end
  j:<category>   joined in the year (first admissions and re-admissions, not continuations)
  l:<category>   left in the year (not by transfer or reorganisation)
  c:<category>   register changes in the year (any admission or end, transfers included)
  r:<category>   1 when the unit recorded a review of that book in the year
  u:<kind>       1 when the unit existed at the period's end (so totals count units by kind)
  cad, cadeq     cadres in office at the period's end; of them, with uniform and badge issued
  d:<kind>       denominators: the unit's own value, else the sum of its children's
  books          1 for a base whose member (and volunteer) books are up to date (see books_ok)
  dues           active on the period's end in a category that pays the year's dues (the
                 categories of the policy in force for the year where the membership's unit is)
  dues_paid      of them, with a live receipt of the year paid by the period's end, wherever the
                 person paid (dues.selectors' "paid")
  dues_exempt    of them, not paid but with a live exemption of the year decided by then
  dues_in        đồng of the year's dues collected by the unit by then (live receipts)
  dues_out       đồng of the year's dues the unit transferred out (fund entries carrying the
                 dues year: out, less reversals of them), by then; in a total, only what left the
                 subtree (see dues_out_to)
  dues_out_to:<unit>  the part of dues_out sent to <unit>: carried up the total until the first
                 unit whose subtree holds <unit>, where it is taken off dues_out (a transfer inside
                 a subtree was not remitted out of it; dues.selectors.amount_remitted)
  club:<type>    clubs, groups and networks the unit runs, open at the period's end (clubs app)
  clubm          people taking part in them then (one per person and club)
  tv             volunteers active in a volunteer team (a unit of kind team) at the period's end
  fund           the unit's humanitarian fund balance on the period's end (in − out of its
                 ledger, all dates; funds.selectors.balances)
  fund_dues      the unit's dues fund balance on the period's end
  fundok         1 for a base whose humanitarian fund (its own and its branches') is ≥ 5.000.000 đ

Writes only mark units dirty (indicators.services.note_changed, in the write's transaction);
:func:`refresh_dirty` (the task) recomputes those units' own rows and the totals of their
ancestors, one row per unit and level: its cost follows the number of units touched, never the
number of members beneath them.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BigIntegerField, Case, Count, F, Q, Sum, When
from django.utils import timezone

from clubs.models import Club, ClubMember
from core.vn import fdrs_band
from dues.models import DuesExemption, DuesPayment, DuesPolicy
from funds.models import Direction, Entry, FundKind
from funds.selectors import BASE_TARGET, balances
from members.models import Cadre, EndReason, Membership
from org.models import AssociationProfile, Unit, UnitChange, UnitKind

from .catalogue import compact
from .models import BookReview, Denominator, DirtyUnit, UnitFigure

ONE_DAY = datetime.timedelta(days=1)
# Years kept: every year that has data, from the first one (not before FIRST_YEAR), to this one;
# at least the last KEEP_YEARS (trends, growth). A write dated in a past year refreshes that year
# and every later one (its dirty mark carries the write's date).
KEEP_YEARS: int = getattr(settings, "INDICATOR_YEARS", 5)
FIRST_YEAR: int = getattr(settings, "INDICATOR_FIRST_YEAR", 2010)
# Past this many dirty units in one year a set-based refresh of the whole year is cheaper.
FULL_REFRESH_FROM = 3000
CONTINUED = [EndReason.TRANSFERRED, EndReason.REORGANISED]
BOOK_CATEGORIES = ("member", "volunteer")
OUT_TO = "dues_out_to:"
OUT_SIGNED = Case(
    When(direction=Direction.OUT, then=F("amount")),
    default=-F("amount"),
    output_field=BigIntegerField(),
)
FUND_MIN = BASE_TARGET  # a base's fund meets the resolution's target from 5.000.000 đ


def period_end(year: int, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today)


def kept_years(today: datetime.date | None = None, keep: int | None = None) -> list[int]:
    """The last ``keep`` years (default KEEP_YEARS), this one included."""
    today = today or timezone.localdate()
    keep = keep or KEEP_YEARS
    return list(range(today.year - keep + 1, today.year + 1))


def data_first_year() -> int | None:
    """The first year any figure has data in: the earliest membership, cadre, fund entry, dues
    receipt or denominator (a full recount starts there; one pass over each table)."""
    from django.db.models import Min

    firsts = [
        Membership.objects.aggregate(v=Min("joined_on"))["v"],
        Cadre.objects.aggregate(v=Min("started_on"))["v"],
        Entry.objects.aggregate(v=Min("on"))["v"],
        DuesPayment.objects.aggregate(v=Min("paid_on"))["v"],
    ]
    years = [d.year for d in firsts if d is not None]
    first_denominator = Denominator.objects.aggregate(v=Min("year"))["v"]
    if first_denominator is not None:
        years.append(first_denominator)
    return min(years) if years else None


def years_with_figures(today: datetime.date | None = None) -> list[int]:
    """The years a dashboard can show, newest first: from the first year with stored figures
    (or the last KEEP_YEARS) to this one (an index read)."""
    from django.db.models import Min

    today = today or timezone.localdate()
    first = UnitFigure.objects.aggregate(v=Min("year"))["v"]
    start = min(first or today.year, today.year - KEEP_YEARS + 1)
    return list(range(today.year, start - 1, -1))


def _add(d: dict, key: str, n: int) -> None:
    if n:
        d[key] = d.get(key, 0) + n


# --- Own figures ---------------------------------------------------------------------------------


def own_figures(
    year: int, unit_ids: Collection[int] | None, *, today: datetime.date | None = None
) -> dict[int, dict[str, int]]:
    """Own figures of ``unit_ids`` (None: every unit) for ``year``: a few grouped queries."""
    from org.terms import Terms

    from .catalogue import profile_settings

    end = period_end(year, today)
    start, after = datetime.date(year, 1, 1), end + ONE_DAY
    out: dict[int, dict[str, int]] = defaultdict(dict)

    def scoped(qs, field="unit_id"):
        return qs if unit_ids is None else qs.filter(**{f"{field}__in": list(unit_ids)})

    ms = scoped(Membership.objects.order_by())
    active = (
        ms.active_on(end)
        .values_list("unit_id", "category", "person__sex", "person__birth_year")
        .annotate(n=Count("id"))
    )
    for unit_id, cat, sex, birth_year, n in active:
        band = fdrs_band(None if birth_year is None else end.year - birth_year)
        _add(out[unit_id], f"a:{cat}:{sex or 'U'}:{band}", n)
    in_year = {"joined_on__gte": start, "joined_on__lt": after}
    for unit_id, cat, n in (
        ms.filter(**in_year)
        .exclude(previous__end_reason__in=CONTINUED)
        .values_list("unit_id", "category")
        .annotate(n=Count("id"))
    ):
        _add(out[unit_id], f"j:{cat}", n)
    for unit_id, cat, n in (
        ms.filter(**in_year).values_list("unit_id", "category").annotate(n=Count("id"))
    ):
        _add(out[unit_id], f"c:{cat}", n)
    ended = ms.filter(ended_on__gte=start, ended_on__lt=after)
    for unit_id, cat, reason, n in ended.values_list("unit_id", "category", "end_reason").annotate(
        n=Count("id")
    ):
        _add(out[unit_id], f"c:{cat}", n)
        if reason not in CONTINUED:
            _add(out[unit_id], f"l:{cat}", n)

    cadres = scoped(Cadre.objects.order_by()).active_on(end)
    for unit_id, n, equipped in cadres.values_list("unit_id").annotate(
        n=Count("id"),
        eq=Count("id", filter=Q(uniform_issued_on__lte=end, badge_issued_on__lte=end)),
    ):
        _add(out[unit_id], "cad", n)
        _add(out[unit_id], "cadeq", equipped)

    reviews = scoped(BookReview.objects.order_by()).filter(
        reviewed_on__gte=start, reviewed_on__lte=end
    )
    for unit_id, cat in reviews.values_list("unit_id", "category").distinct():
        out[unit_id][f"r:{cat}"] = 1

    # Denominators: the latest value entered for a year up to ``year`` (within the term of the
    # unit's level when the profile fixes them for a term; congress terms are data).
    terms = Terms() if profile_settings().fixed_for_term else None
    first_of: dict[str, int] = {}

    def first_year(kind: str) -> int:
        if kind not in first_of:
            term = terms.of(year, kind) if terms is not None else None
            first_of[kind] = term.start_year if term is not None else 0
        return first_of[kind]

    dens = scoped(Denominator.objects.order_by("year")).filter(year__lte=year)
    for unit_id, unit_kind, kind, value, y in dens.values_list(
        "unit_id", "unit__kind", "kind", "value", "year"
    ):
        if y >= first_year(unit_kind):
            out[unit_id][f"d:{kind}"] = value  # later years overwrite earlier ones

    units = scoped(Unit.objects.order_by(), "pk").existing_on(end)
    for unit_id, kind in units.values_list("pk", "kind"):
        out[unit_id][f"u:{kind}"] = 1
        if kind == UnitKind.TEAM:
            d = out[unit_id]
            _add(d, "tv", sum(v for k, v in d.items() if k.startswith("a:volunteer:")))

    clubs = scoped(Club.objects.order_by()).active_on(end)
    for unit_id, club_type, n in clubs.values_list("unit_id", "type").annotate(n=Count("id")):
        _add(out[unit_id], f"club:{club_type}", n)
    taking_part = scoped(ClubMember.objects.order_by(), "club__unit_id").active_on(end)
    for unit_id, n in taking_part.values_list("club__unit_id").annotate(n=Count("id")):
        _add(out[unit_id], "clubm", n)

    _dues_figures(out, year, end, unit_ids)
    _fund_figures(out, end, unit_ids)
    return out


def _paying_categories(year: int):
    """(every category some policy of ``year`` makes pay, a function: a unit's path → the
    categories paying under the policy in force there, the nearest one above it)."""
    from dues.selectors import default_policy

    policies = dict(DuesPolicy.objects.filter(year=year).values_list("unit__path", "categories"))
    default = list(default_policy(year).categories)
    step = Unit.steplen

    def of(path: str) -> list[str]:
        for i in range(len(path), 0, -step):
            found = policies.get(path[:i])
            if found is not None:
                return found
        return default

    return {c for cats in [default, *policies.values()] for c in cats}, of


def _dues_figures(out, year: int, end: datetime.date, unit_ids: Collection[int] | None) -> None:
    """dues, dues_paid, dues_exempt, dues_in, dues_out(_to): a grouped query each."""
    every, paying = _paying_categories(year)
    members = Membership.objects.order_by().active_on(end).filter(category__in=sorted(every))
    if unit_ids is not None:
        members = members.filter(unit_id__in=list(unit_ids))
    m_sql, m_params = members.values(
        "unit_id", "unit_path", "category", "person_id"
    ).query.sql_with_params()
    qn = connection.ops.quote_name
    # A person has at most one live receipt and one live exemption per year (unique constraints):
    # the left joins never multiply a membership.
    sql = (
        "SELECT m.unit_id, m.unit_path, m.category, COUNT(*), "  # noqa: S608 (Django's SQL, names)
        "SUM(CASE WHEN p.person_id IS NULL THEN 0 ELSE 1 END), "
        "SUM(CASE WHEN p.person_id IS NULL AND e.person_id IS NOT NULL THEN 1 ELSE 0 END) "
        f"FROM ({m_sql}) m "
        f"LEFT JOIN {qn(DuesPayment._meta.db_table)} p ON p.person_id = m.person_id "
        "AND p.year = %s AND p.paid_on <= %s AND p.cancelled_at IS NULL "
        f"LEFT JOIN {qn(DuesExemption._meta.db_table)} e ON e.person_id = m.person_id "
        "AND e.year = %s AND e.decided_on <= %s AND e.revoked_at IS NULL "
        "GROUP BY m.unit_id, m.unit_path, m.category"
    )
    with connection.cursor() as cur:
        cur.execute(sql, (*m_params, year, end, year, end))
        rows = cur.fetchall()
    for unit_id, path, cat, n, paid, exempt in rows:
        if cat in paying(path):
            d = out[unit_id]
            _add(d, "dues", n)
            _add(d, "dues_paid", int(paid))
            _add(d, "dues_exempt", int(exempt))

    receipts = DuesPayment.objects.order_by().live().filter(year=year, paid_on__lte=end)
    entries = Entry.objects.order_by().filter(dues_year=year, on__lte=end)
    if unit_ids is not None:
        receipts = receipts.filter(unit_id__in=list(unit_ids))
        entries = entries.filter(unit_id__in=list(unit_ids))
    for unit_id, s in receipts.values_list("unit_id").annotate(s=Sum("amount")):
        _add(out[unit_id], "dues_in", int(s))
    # Remitted (dues.selectors.amount_remitted): out entries count, reversals of them (in, with
    # ``reverses``) take them back; each on its own unit, with the counterparty it went to.
    moved = entries.filter(transfer_id__isnull=False).filter(
        Q(direction=Direction.OUT) | Q(direction=Direction.IN, reverses__isnull=False)
    )  # transfers only: a receipt's own line and its reversal in the dues fund are not
    for unit_id, to, s in moved.values_list("unit_id", "counterparty_unit_id").annotate(
        s=Sum(OUT_SIGNED)
    ):
        _add(out[unit_id], "dues_out", int(s))
        if to is not None:
            _add(out[unit_id], f"{OUT_TO}{to}", int(s))


def _fund_figures(out, end: datetime.date, unit_ids: Collection[int] | None) -> None:
    """fund: each unit's own humanitarian fund balance on ``end``; fund_dues: its dues fund's
    (both from funds.selectors.balances, the one computation of a balance)."""
    for key, kind in (("fund", FundKind.HUMANITARIAN), ("fund_dues", FundKind.DUES)):
        for unit_id, s in balances(end, kind=kind, unit_ids=unit_ids).items():
            _add(out[unit_id], key, s)


# --- The tree as it stood -----------------------------------------------------------------------


class TreeAt:
    """Parents and children of units as they stood on ``on``: today's paths, with every move
    recorded after ``on`` undone (the first such move of a unit names its parent then)."""

    def __init__(self, on: datetime.date):
        self.on = on
        self.moved: dict[int, int | None] = {}
        for unit_id, old_parent in (
            UnitChange.objects.filter(kind=UnitChange.Kind.MOVE, on__gt=on)
            .order_by("on", "id")
            .values_list("unit_id", "old_parent_id")
        ):
            self.moved.setdefault(unit_id, old_parent)
        self.moved_in: dict[int, list[int]] = defaultdict(list)
        for unit_id, parent in self.moved.items():
            if parent is not None:
                self.moved_in[parent].append(unit_id)
        self.path: dict[int, str] = {}
        self.kind: dict[int, str] = {}
        self.by_path: dict[str, int] = {}
        self.existing: dict[int, bool] = {}
        self._above: dict[int, set[int]] = {}  # unit: its ancestors on ``on``

    def _take(self, rows: Iterable[tuple]) -> None:
        for pk, path, kind, valid_from, valid_to in rows:
            self.path[pk] = path
            self.kind[pk] = kind
            self.by_path[path] = pk
            self.existing[pk] = valid_from <= self.on and (valid_to is None or valid_to >= self.on)

    _COLUMNS = ("pk", "path", "kind", "valid_from", "valid_to")

    def load_all(self) -> None:
        self._take(Unit.objects.order_by().values_list(*self._COLUMNS))

    def load(self, ids: Iterable[int] = (), paths: Iterable[str] = ()) -> None:
        ids = [i for i in ids if i not in self.path]
        paths = [p for p in paths if p not in self.by_path]
        if ids or paths:
            self._take(
                Unit.objects.order_by()
                .filter(Q(pk__in=ids) | Q(path__in=paths))
                .values_list(*self._COLUMNS)
            )

    def parent(self, unit_id: int) -> int | None:
        if unit_id in self.moved:
            return self.moved[unit_id]
        path = self.path[unit_id]
        if len(path) <= Unit.steplen:
            return None
        parent_path = path[: -Unit.steplen]
        if parent_path not in self.by_path:
            self.load(paths=[parent_path])
        return self.by_path.get(parent_path)

    def ancestors(self, unit_ids: Iterable[int]) -> dict[int, list[int]]:
        """{unit: [parent, grandparent, ...]} on ``on``."""
        unit_ids = list(unit_ids)
        self.load(ids=unit_ids)
        # Prefetch today's ancestors in one query; moved units' old parents come on demand.
        self.load(
            paths={
                self.path[u][:i]
                for u in unit_ids
                if u in self.path
                for i in range(Unit.steplen, len(self.path[u]), Unit.steplen)
            }
        )
        self.load(ids=[p for p in self.moved.values() if p is not None])
        out = {}
        for u in unit_ids:
            chain: list[int] = []
            x = self.parent(u) if u in self.path else None
            while x is not None and x not in chain and len(chain) < 64:
                chain.append(x)
                if x not in self.path:
                    self.load(ids=[x])
                x = self.parent(x)
            out[u] = chain
        return out

    def holds(self, unit_id: int, other: int) -> bool:
        """Whether ``other`` is ``unit_id`` or lay in its subtree on ``on``."""
        if unit_id == other:
            return True
        if other not in self._above:
            self.know(other)
        return unit_id in self._above[other]

    def know(self, *unit_ids: int) -> None:
        """Load the ancestors of ``unit_ids`` for :meth:`holds` (a few queries for all)."""
        todo = [u for u in unit_ids if u not in self._above]
        if todo:
            for u, chain in self.ancestors(todo).items():
                self._above[u] = set(chain)

    def children(self, unit_ids: Collection[int]) -> dict[int, list[int]]:
        """{unit: [its children on ``on``]} for ``unit_ids`` (loaded first)."""
        self.load(ids=unit_ids)
        out: dict[int, list[int]] = {u: [] for u in unit_ids}
        q = Q(pk__in=[])
        for u in unit_ids:
            q |= Q(path__startswith=self.path[u], depth=len(self.path[u]) // Unit.steplen + 1)
        rows = list(Unit.objects.order_by().filter(q).values_list(*self._COLUMNS))
        self._take(rows)
        for pk, path, *_rest in rows:
            if pk in self.moved:
                continue
            parent = self.by_path[path[: -Unit.steplen]]
            out[parent].append(pk)
        for u in unit_ids:
            out[u].extend(self.moved_in.get(u, []))
        self.load(ids=[c for cs in out.values() for c in cs])
        return out


# --- Roll-up ------------------------------------------------------------------------------------


def roll_up(
    own: dict,
    child_totals: Iterable[dict],
    *,
    is_base: bool,
    categories: set[str],
    holds: Callable[[int], bool] | None = None,
) -> dict:
    """A unit's total: its own figures plus its children's totals. A denominator the unit has
    entered itself replaces its children's sum; a base gets its ``books`` and ``fundok`` flags.
    Dues sent to a unit the subtree holds (``holds(unit id)``) were not remitted out of it."""
    total = dict(own)
    for ct in child_totals:
        for k, v in ct.items():
            if k.startswith("d:") and k in own:
                continue
            total[k] = total.get(k, 0) + v
    if holds is not None:
        for k in [k for k in total if k.startswith(OUT_TO)]:
            if holds(int(k[len(OUT_TO) :])):
                left = total.get("dues_out", 0) - total.pop(k)
                if left:
                    total["dues_out"] = left
                else:
                    total.pop("dues_out", None)
    if is_base and own.get("u:base"):
        total.pop("books", None)
        total.pop("fundok", None)
        if books_ok(total, categories):
            total["books"] = 1
        if total.get("fund", 0) >= FUND_MIN:
            total["fundok"] = 1
    return total


def _sent_to(dicts: Iterable[dict]) -> set[int]:
    """The units named by the ``dues_out_to:`` keys of ``dicts``."""
    return {int(k[len(OUT_TO) :]) for d in dicts for k in d if k.startswith(OUT_TO)}


def books_ok(total: dict, categories: set[str]) -> bool:
    """A base's books are up to date for the year when each book the association keeps (members;
    volunteers where the profile has them) recorded a change in the year (an admission, an end,
    a transfer, anywhere in the base) or the base confirmed a review of the book that year."""
    books = [c for c in BOOK_CATEGORIES if c in categories]
    return bool(books) and all(total.get(f"c:{c}") or total.get(f"r:{c}") for c in books)


def _categories() -> set[str]:
    return set(AssociationProfile.current_category_names())


# --- Refresh ------------------------------------------------------------------------------------


def refresh_units(year: int, unit_ids: Collection[int], *, today=None) -> int:
    """Recompute the own figures of ``unit_ids`` for ``year`` and the totals of them and of every
    unit above them (as the tree stood then). Returns the number of rows written."""
    end = period_end(year, today)
    tree = TreeAt(end)
    chains = tree.ancestors(unit_ids)
    affected = set(unit_ids) | {a for chain in chains.values() for a in chain}
    affected &= set(tree.path)
    kids = tree.children(affected)
    needed = affected | {c for cs in kids.values() for c in cs}
    rows = {
        unit_id: (own, total)
        for unit_id, own, total in UnitFigure.objects.filter(
            year=year, unit_id__in=list(needed)
        ).values_list("unit_id", "own", "total")
    }
    recompute = set(unit_ids) | {u for u in needed if u not in rows}
    fresh = own_figures(year, recompute, today=today)
    categories = _categories()
    depth = {u: len(tree.ancestors([u])[u]) for u in affected}
    tree.know(*_sent_to([*fresh.values(), *(d for row in rows.values() for d in row if d)]))
    totals: dict[int, dict] = {}
    owns: dict[int, dict] = {}
    # Units below the affected ones that were recomputed only for lack of a row: leaves.
    for u in needed - affected:
        if u in recompute:
            owns[u] = fresh.get(u, {})
            totals[u] = roll_up(
                owns[u],
                [],
                is_base=tree.kind[u] == UnitKind.BASE,
                categories=categories,
                holds=partial(tree.holds, u),
            )

    def total_of(u: int) -> dict:
        if u in totals:
            return totals[u]
        own, total = rows.get(u, ({}, None))
        return own if total is None else total

    for u in sorted(affected, key=lambda u: -depth[u]):
        owns[u] = fresh.get(u, {}) if u in recompute else rows[u][0]
        totals[u] = roll_up(
            owns[u],
            (total_of(c) for c in kids[u]),
            is_base=tree.kind[u] == UnitKind.BASE,
            categories=categories,
            holds=partial(tree.holds, u),
        )
    _write(year, {u: (owns[u], totals[u]) for u in owns})
    return len(owns)


def refresh_year(year: int, *, today=None) -> int:
    """Recompute every unit's row for ``year``, set-based (bulk loads, ``--all``)."""
    end = period_end(year, today)
    tree = TreeAt(end)
    tree.load_all()
    own = own_figures(year, None, today=today)
    children: dict[int, list[int]] = defaultdict(list)
    parent = {u: tree.parent(u) for u in tree.path}
    for u, p in parent.items():
        if p is not None:
            children[p].append(u)
    depth: dict[int, int] = {}

    def depth_of(u: int) -> int:
        chain: list[int] = []
        x: int | None = u
        while x is not None and x not in depth and len(chain) < 64:
            chain.append(x)
            x = parent.get(x)
        d = 0 if x is None else depth[x] + 1
        for y in reversed(chain):
            depth[y] = d
            d += 1
        return depth[u]

    categories = _categories()
    totals: dict[int, dict] = {}
    for u in sorted(tree.path, key=lambda u: -depth_of(u)):
        totals[u] = roll_up(
            own.get(u, {}),
            (totals[c] for c in children.get(u, ())),
            is_base=tree.kind[u] == UnitKind.BASE,
            categories=categories,
            holds=partial(tree.holds, u),
        )
    with transaction.atomic():
        UnitFigure.objects.filter(year=year).delete()
        now = timezone.now()
        UnitFigure.objects.bulk_create(
            (
                UnitFigure(
                    unit_id=u,
                    year=year,
                    own=own.get(u, {}),
                    total=None if totals[u] == own.get(u, {}) else totals[u],
                    sums=compact(totals[u]),
                    computed_at=now,
                )
                for u in tree.path
            ),
            batch_size=5000,
        )
    return len(tree.path)


def _write(year: int, rows: dict[int, tuple[dict, dict]]) -> None:
    now = timezone.now()
    UnitFigure.objects.bulk_create(
        [
            UnitFigure(
                unit_id=u,
                year=year,
                own=own,
                total=None if total == own else total,
                sums=compact(total),
                computed_at=now,
            )
            for u, (own, total) in rows.items()
        ],
        update_conflicts=True,
        unique_fields=["unit", "year"],
        update_fields=["own", "total", "sums", "computed_at"],
        batch_size=2000,
    )


def _lock() -> None:
    # One refresh at a time: two would compute the same rows. SQLite serialises writers anyway.
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(hashtext('sohoi.indicators.refresh'))")


def refresh_dirty(*, today: datetime.date | None = None, batch: int = 20_000) -> int:
    """Consume the dirty marks: recompute the marked units' rows for every year from their
    ``since`` on (not before FIRST_YEAR; a 2019 admission counts in 2019 and every year after),
    with their ancestors. Returns the number of marks consumed."""
    today = today or timezone.localdate()
    years = list(range(FIRST_YEAR, today.year + 1))
    done = 0
    while True:
        with transaction.atomic():
            _lock()
            marks = list(
                DirtyUnit.objects.order_by("id").values_list("id", "unit_id", "since")[:batch]
            )
            if not marks:
                return done
            by_year: dict[int, set[int]] = defaultdict(set)
            for _id, unit_id, since in marks:
                for y in years:
                    if y >= since.year:
                        by_year[y].add(unit_id)
            for y, ids in sorted(by_year.items()):
                # A year without rows yet (a first write dated in it) is counted whole: the
                # incremental refresh reads the rows of the units it does not recount.
                if len(ids) >= FULL_REFRESH_FROM or not UnitFigure.objects.filter(year=y).exists():
                    refresh_year(y, today=today)
                else:
                    refresh_units(y, ids, today=today)
            DirtyUnit.objects.filter(pk__in=[m[0] for m in marks]).delete()
            done += len(marks)


def refresh_all(*, today: datetime.date | None = None, keep: int | None = None) -> int:
    """Recompute every row of every year that has data (``keep``: only the last ``keep`` years),
    after a bulk load. Returns the number of rows written."""
    today = today or timezone.localdate()
    years = kept_years(today, keep)
    if keep is None:
        first = max(min(data_first_year() or today.year, years[0]), FIRST_YEAR)
        years = list(range(min(first, years[0]), today.year + 1))
    with transaction.atomic():
        _lock()
        marks = list(DirtyUnit.objects.values_list("id", flat=True))
        rows = sum(refresh_year(y, today=today) for y in years)
        DirtyUnit.objects.filter(pk__in=marks).delete()
    return rows
