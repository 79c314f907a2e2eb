"""Reads of the indicators: values for a unit and its child units, targets, trends.

Every read here costs a fixed number of queries over UnitFigure (one row per unit and year), so
a national dashboard costs the same at one million members as at five. Access is checked by the
callers (views, API) with accounts.access helpers.
"""

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, NamedTuple, overload

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from org.models import Unit, children_q

from .catalogue import (
    RECORDS,
    REPORT_KEYS,
    SOURCES,
    SUMS_VERSION,
    CompactFigures,
    Indicator,
    ProfileSettings,
    available,
    compact,
    format_value,
    profile_settings,
    source_of,
)
from .figures import KEEP_YEARS, TreeAt, period_end
from .models import DirtyUnit, Plan, Target, UnitFigure

GREEN, AMBER, RED = "green", "amber", "red"
AMBER_FROM = Decimal("0.9")  # within 10 % below the target: amber


class UnitRef(NamedTuple):
    """A child unit as a dashboard's row shows it (no model instance per row)."""

    pk: int
    name: str
    path: str
    kind: str


def figures_for(
    unit_ids: list[int], years: list[int], *, also: tuple[int, list[int]] | None = None
) -> dict[tuple[int, int], dict]:
    """{(unit id, year): figures} of ``unit_ids`` in ``years`` and, in the same query, of
    ``also`` = (one unit, its years, e.g. a trend). One JSON document per row to decode: the
    total, or the own figures of a leaf. Plain SQL: through the ORM, the COALESCE of two JSON
    fields cost twice the decoding itself (a dashboard reads some 250 rows)."""
    where, params = _where(unit_ids, years, also)
    if not where:
        return {}
    table = connection.ops.quote_name(UnitFigure._meta.db_table)
    sql = f"SELECT unit_id, year, COALESCE(total, own) FROM {table} WHERE {' OR '.join(where)}"  # noqa: S608 (placeholders only)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    loads = json.loads
    return {(u, y): loads(f) if isinstance(f, str | bytes) else f for u, y, f in rows}


def sums_for(
    unit_ids: list[int],
    years: list[int],
    *,
    also: tuple[int, list[int]] | None = None,
    full: tuple[int, int] | None = None,
) -> tuple[dict[tuple[int, int], dict], dict | None]:
    """({(unit id, year): compact figures} of ``unit_ids`` in ``years`` and of ``also`` (as in
    :func:`figures_for`), the full figures of ``full`` = (unit id, year) or None), in one query:
    each row's small ``sums`` (catalogue.compact), not its total; the total only for ``full``
    and for rows whose ``sums`` is missing or of another catalogue (compacted here, slower)."""
    where, params = _where(unit_ids, years, also)
    if not where:
        return {}, None
    fu, fy = full or (0, 0)
    table = connection.ops.quote_name(UnitFigure._meta.db_table)
    sql = (
        f"SELECT unit_id, year, sums, CASE WHEN sums IS NULL OR (unit_id = %s AND year = %s) "  # noqa: S608 (placeholders only)
        f"THEN COALESCE(total, own) END FROM {table} WHERE {' OR '.join(where)}"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [fu, fy, *params])
        rows = cur.fetchall()
    loads, version = json.loads, SUMS_VERSION
    out: dict[tuple[int, int], dict] = {}
    stale: list[tuple[int, int]] = []
    whole = None
    for u, y, sums, figs in rows:
        if figs is not None:
            figs = loads(figs) if isinstance(figs, str | bytes) else figs
            if u == fu and y == fy:
                whole = figs
        if sums is not None:
            sums = loads(sums) if isinstance(sums, str | bytes) else sums
            if sums.get("_v") != version:
                sums = None
        if sums is None:
            if figs is None:
                stale.append((u, y))
                continue
            sums = compact(figs)
        out[(u, y)] = sums
    if stale:  # written before the catalogue changed: refresh_indicators --all rewrites them
        found = figures_for(sorted({u for u, _y in stale}), sorted({y for _u, y in stale}))
        for key in stale:
            out[key] = compact(found[key])
    return out, whole


def _where(
    unit_ids: list[int], years: list[int], also: tuple[int, list[int]] | None
) -> tuple[list[str], list]:
    where: list[str] = []
    params: list = []
    if unit_ids and years:
        where.append(f"({_in('unit_id', unit_ids, params)} AND {_in('year', years, params)})")
    if also is not None and also[1]:
        params.append(also[0])
        where.append(f"(unit_id = %s AND {_in('year', [also[1][0] - 1, *also[1]], params)})")
    return where, params


def _in(column: str, values: list, params: list) -> str:
    """``column IN (...)``: on PostgreSQL ``= ANY(%s)`` with one array parameter, so that the
    statement stays the same whatever the number of values (psycopg parses a statement of more
    than 50 parameters anew each time: ~1 ms for a province's rows)."""
    if connection.vendor == "postgresql":
        params.append(list(values))
        return f"{column} = ANY(%s)"
    params.extend(values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


def status(value: float | None, target: Target | None) -> str:
    """Traffic light: green when the target is met (at least its lower bound), amber when within
    10 % below it, red otherwise; "" without a value or a target."""
    if value is None or target is None:
        return ""
    v = Decimal(str(value))
    if v >= target.low:
        return GREEN
    if target.low > 0 and v >= target.low * AMBER_FROM:
        return AMBER
    return RED


def targets_for(
    units: Sequence[Unit | UnitRef], year: int, codes: list[str]
) -> dict[tuple[int, str], Target]:
    """{(unit id, indicator): the target that applies} for ``year``: a target set for the unit
    itself, else the nearest one set above it (for rates; a count target is the unit's own).
    Between plans of the same unit, the latest issued wins."""
    from .catalogue import BY_CODE

    # The units' own targets by id, those set above them by path: the units' ancestors that are
    # not among them (a dashboard's: the unit's few ancestors).
    own = {u.path for u in units}
    above = sorted(
        {u.path[:i] for u in units for i in range(Unit.steplen, len(u.path), Unit.steplen)} - own
    )
    found = list(
        Target.objects.filter(
            Q(unit_id__in=[u.pk for u in units]) | Q(unit__path__in=above),
            indicator__in=codes,
            plan__start_year__lte=year,
            plan__end_year__gte=year,
        )
        .select_related("plan", "unit")
        .order_by("plan__issued_on", "plan_id")
    )
    out: dict[tuple[int, str], Target] = {}
    for u in units:
        best: dict[str, Target] = {}
        for t in found:  # later plans come later: they win ties at the same depth
            if not u.path.startswith(t.unit.path):
                continue
            if t.unit_id != u.pk and not BY_CODE[t.indicator].inherits:
                continue
            kept = best.get(t.indicator)
            if kept is None or len(t.unit.path) >= len(kept.unit.path):
                best[t.indicator] = t
        for code, t in best.items():
            out[(u.pk, code)] = t
    return out


@dataclass(slots=True)
class Cell:
    indicator: Indicator
    value: float | None
    target: Target | None = None
    status: str = ""
    source: str = RECORDS  # records / reported / mixed (catalogue.source_of)
    reported_below: int = 0  # units below whose reported value is counted

    @property
    def source_text(self) -> str:
        return str(SOURCES[self.source])

    @property
    def css(self) -> str:
        """The Bootstrap colour of the traffic light."""
        return {GREEN: "success", AMBER: "warning", RED: "danger"}.get(self.status, "")

    @property
    def text(self) -> str:
        return format_value(self.indicator, self.value)

    @property
    def target_text(self) -> str:
        t = self.target
        if t is None:
            return ""
        low = format_value(self.indicator, float(t.low))
        if t.high is None:
            return f"≥ {low}"
        return f"{low} – {format_value(self.indicator, float(t.high))}"


@dataclass
class Row:
    unit: Unit | UnitRef
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class Dashboard:
    unit: Unit
    year: int
    on: datetime.date
    indicators: list[Indicator]
    own: Row
    children: list[Row]
    trend: list[tuple[int, dict[str, float | None]]]
    breakdown: dict[str, dict]
    pending: bool  # changes still being counted
    categories: dict[str, str] = field(default_factory=dict)  # {code: name} of the profile
    targeted: set[str] = field(default_factory=set)  # indicators with a target in a child row


def _row(unit, year, sums, indicators, settings) -> Row:
    now = sums.get((unit.pk, year))
    if now is None:
        return Row(unit, {ind.code: Cell(ind, None) for ind in indicators})
    f = CompactFigures(now, sums.get((unit.pk, year - 1)), settings)
    row = Row(unit, {ind.code: Cell(ind, ind.value(f)) for ind in indicators})
    if any(k.startswith(REPORT_KEYS) for k in now):  # some figure was reported as a number
        for code, cell in row.cells.items():
            cell.source, cell.reported_below = source_of(code, now)
    return row


def values(
    units: Sequence[Unit | UnitRef],
    year: int,
    indicators: list[Indicator],
    *,
    settings: ProfileSettings | None = None,
    sums: dict[tuple[int, int], dict] | None = None,
) -> list[Row]:
    """One row of values (with targets and lights) per unit for ``year`` (``sums``: the compact
    figures of ``units`` for ``year`` and the year before, when the caller has them already)."""
    s = settings or profile_settings()
    if sums is None:
        sums, _full = sums_for([u.pk for u in units], [year, year - 1])
    return _values(units, year, indicators, s, sums)[0]


def _values(
    units: Sequence[Unit | UnitRef],
    year: int,
    indicators: list[Indicator],
    s: ProfileSettings,
    sums: dict[tuple[int, int], dict],
) -> tuple[list[Row], set[tuple[int, str]]]:
    """The rows and the (unit id, indicator) pairs that have a target: a cell is looked up only
    for those."""
    rows = [_row(u, year, sums, indicators, s) for u in units]
    targets = targets_for(units, year, [i.code for i in indicators])
    for row in rows if targets else ():
        pk = row.unit.pk
        for code, cell in row.cells.items():
            t = targets.get((pk, code))
            if t is not None:
                cell.target = t
                cell.status = status(cell.value, t)
    return rows, set(targets)


@overload
def children_on(unit: Unit, on: datetime.date) -> list[Unit]: ...
@overload
def children_on(unit: Unit, on: datetime.date, *, light: Literal[True]) -> list[UnitRef]: ...


def children_on(unit: Unit, on: datetime.date, *, light: bool = False) -> list:
    """The units that hung directly under ``unit`` on ``on`` and existed then, by name: today's
    children less those moved in after ``on``, plus those moved away after it (the same rule as
    :class:`TreeAt`). Two queries, each costing the number of children. ``light``: as
    :class:`UnitRef` tuples, not model instances (a dashboard's rows)."""
    moved = TreeAt(on).moved  # {unit moved after ``on``: its parent on ``on``}
    q = children_q(unit)
    moved_in = [u for u, parent in moved.items() if parent == unit.pk]
    if moved_in:
        q |= Q(pk__in=moved_in)
    kids = Unit.objects.filter(q).existing_on(on).order_by("sort_key", "pk")
    if light:
        refs = (UnitRef(*row) for row in kids.values_list("pk", "name", "path", "kind"))
        return [k for k in refs if moved.get(k.pk, unit.pk) == unit.pk]
    return [k for k in kids if moved.get(k.pk, unit.pk) == unit.pk]


def breakdown(figs: dict | None, categories: list[str]) -> dict[str, dict]:
    """{category: {"M": {band: n}, "F": {...}, "U": {...}, "total": n}} from one figure dict."""
    from .catalogue import BANDS

    out: dict[str, dict] = {}
    for cat in categories:
        by_sex: dict[str, dict[str, int]] = {s: dict.fromkeys(BANDS, 0) for s in ("M", "F", "U")}
        for k, v in (figs or {}).items():
            parts = k.split(":")
            if len(parts) == 4 and parts[0] == "a" and parts[1] == cat:
                by_sex.setdefault(parts[2], dict.fromkeys(BANDS, 0))[parts[3]] = v
        out[cat] = {**by_sex, "total": sum(sum(b.values()) for b in by_sex.values())}
    return out


def dashboard(unit: Unit, year: int, *, today=None) -> Dashboard:
    """Everything a unit's dashboard shows, in a fixed number of queries (the profile, the
    children, one read of UnitFigure for every row and year shown, the targets, the marks)."""
    from org.models import AssociationProfile

    today = today or timezone.localdate()
    on = period_end(year, today)
    profile = AssociationProfile.current()
    categories = {c["code"]: c["name"] for c in (profile.member_categories if profile else [])}
    s = profile_settings(profile)
    indicators = available(set(categories))
    kids = children_on(unit, on, light=True)
    units: list[Unit | UnitRef] = [unit, *kids]
    years = list(range(year - KEEP_YEARS + 1, year + 1))  # the trend: five years to ``year``
    sums, whole = sums_for(
        [u.pk for u in units], [year, year - 1], also=(unit.pk, years), full=(unit.pk, year)
    )
    rows, targeted = _values(units, year, indicators, s, sums)
    trend = []
    for y in years:
        now = sums.get((unit.pk, y))
        f = None if now is None else CompactFigures(now, sums.get((unit.pk, y - 1)), s)
        trend.append((y, {i.code: i.value(f) for i in indicators}))
    cats: list[str] = [c for c in ("member", "volunteer", "youth") if c in categories]
    pending = DirtyUnit.objects.exists()
    return Dashboard(
        unit,
        year,
        on,
        indicators,
        rows[0],
        rows[1:],
        trend,
        breakdown(whole, cats),
        pending,
        categories,
        {code for pk, code in targeted if pk != unit.pk},
    )


def sort_rows(rows: list[Row], code: str, descending: bool) -> list[Row]:
    """By an indicator's value; units without a value go last either way."""
    with_value = [r for r in rows if code in r.cells and r.cells[code].value is not None]
    without = [r for r in rows if code not in r.cells or r.cells[code].value is None]
    with_value.sort(key=lambda r: r.cells[code].value or 0, reverse=descending)
    return with_value + without


def plans_for(unit: Unit):
    """Plans issued by ``unit`` or the units above it: those that can set its targets."""
    prefixes = [unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    return (
        Plan.objects.filter(Q(unit__path__in=prefixes))
        .select_related("unit")
        .prefetch_related("targets__unit")
    )


def get_plan_for_user(user, unit: Unit, pk) -> Plan:
    """A plan of ``unit`` or an ancestor (the caller got ``unit`` through the access helper)."""
    from django.http import Http404

    try:
        return plans_for(unit).get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
