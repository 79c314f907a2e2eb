"""The figures of a summary report: every indicator of the association for a unit and a period,
with the previous period, the target and whether it was met, and each figure's source.

A year reads the stored yearly figures (indicators.UnitFigure: the subtree as it stood on 31/12
of that year, reported values included), the same numbers the indicator dashboards show; the
child units are those that hung under the unit then (indicators.selectors.children_on). Any
other period is counted from the records (indicators.figures.own_figures: what happened from the
period's first day, what stood on its last) over the subtree as it stood on its last day
(org.selectors.subtree_q_on).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from indicators.catalogue import (
    RECORDS,
    SOURCES,
    Figures,
    Indicator,
    ProfileSettings,
    available,
    format_value,
    profile_settings,
)
from indicators.figures import own_figures
from indicators.models import Target
from indicators.selectors import (
    GREEN,
    Cell,
    UnitRef,
    children_on,
    status,
    sums_for,
    targets_for,
    values,
)
from org.models import AssociationProfile, Unit, UnitKind
from org.selectors import subtree_q_on

from .periods import Period


@dataclass(slots=True)
class Figure:
    """One indicator's figure in a report."""

    indicator: Indicator
    value: float | None
    previous: float | None = None
    target: Target | None = None
    status: str = ""
    source: str = RECORDS
    reported_below: int = 0

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def met(self) -> bool | None:
        """Whether the target was met (None without a target or a value)."""
        if self.target is None or self.value is None:
            return None
        return self.status == GREEN

    @property
    def text(self) -> str:
        return format_value(self.indicator, self.value)

    @property
    def previous_text(self) -> str:
        return format_value(self.indicator, self.previous)

    @property
    def target_text(self) -> str:
        if self.target is None:
            return ""
        return Cell(self.indicator, self.value, self.target).target_text

    @property
    def source_text(self) -> str:
        return str(SOURCES.get(self.source, self.source))


@dataclass
class ReportData:
    unit: Unit
    period: Period
    preset: str
    terms: dict[str, str]
    indicators: list[Indicator]
    figures: dict[str, Figure]
    children: list[tuple[UnitRef, dict[str, Figure]]] = field(default_factory=list)
    whole: dict | None = None  # the unit's full figures (the FDRS breakdowns), when asked

    def value(self, code: str) -> float | None:
        f = self.figures.get(code)
        return None if f is None else f.value


def _context() -> tuple[str, dict[str, str], ProfileSettings, list[Indicator]]:
    profile = AssociationProfile.current()
    categories = {c["code"] for c in (profile.member_categories if profile else [])}
    terms = dict(profile.terminology) if profile else {}
    if profile:
        terms.setdefault("short_name", profile.short_name)
    return (
        (profile.preset if profile else ""),
        terms,
        profile_settings(profile),
        available(categories),
    )


def collect(
    unit: Unit, period: Period, *, children: bool = False, whole: bool = False
) -> ReportData:
    """Every indicator of ``unit`` for ``period`` (``children``: also a row per child unit as
    the tree stood at the period's end; ``whole``: the unit's full figures)."""
    preset, terms, s, inds = _context()
    if period.whole_year:
        return _year(unit, period, preset, terms, s, inds, children, whole)
    return _live(unit, period, preset, terms, s, inds, children, whole)


def _figures_of(cells: dict[str, Cell], before: dict[str, float | None]) -> dict[str, Figure]:
    return {
        code: Figure(
            c.indicator, c.value, before.get(code), c.target, c.status, c.source, c.reported_below
        )
        for code, c in cells.items()
    }


def _year(unit, period, preset, terms, s, inds, children, whole) -> ReportData:
    from indicators.catalogue import CompactFigures

    y = period.year
    kids = children_on(unit, period.end, light=True) if children else []
    units: list = [unit, *kids]
    sums, full = sums_for(
        [u.pk for u in units],
        [y, y - 1],
        also=(unit.pk, [y - 1]),
        full=(unit.pk, y) if whole else None,
    )
    rows = values(units, y, inds, settings=s, sums=sums)
    prev_now = sums.get((unit.pk, y - 1))
    pf = None if prev_now is None else CompactFigures(prev_now, sums.get((unit.pk, y - 2)), s)
    before = {i.code: i.value(pf) for i in inds}
    data = ReportData(unit, period, preset, terms, inds, _figures_of(rows[0].cells, before))
    data.children = [(r.unit, _figures_of(r.cells, {})) for r in rows[1:]]
    data.whole = full
    return data


def _subtree_ids(unit: Unit, on) -> list[int]:
    return list(
        Unit.objects.filter(subtree_q_on(unit, on)).existing_on(on).values_list("pk", flat=True)
    )


def _live_totals(
    groups: dict[int, list[int]], period: Period, subtree: Unit
) -> dict[int, dict[str, int]]:
    """{group: the own figures of its units summed} counted for the period, every group within
    ``subtree`` as it stood at the period's end (asked of the database as a subquery: the ids of
    a province's thousands of units are not written into every query)."""
    on = period.end
    ids = Unit.objects.filter(subtree_q_on(subtree, on)).existing_on(on).values_list("pk", flat=True)  # fmt: skip
    own = own_figures(period.year, ids, today=on, start=period.start)
    out: dict[int, dict[str, int]] = {}
    for g, members in groups.items():
        t: dict[str, int] = defaultdict(int)
        for u in members:
            for k, v in own.get(u, {}).items():
                t[k] += v
        out[g] = dict(t)
    return out


def _live(unit, period, preset, terms, s, inds, children, whole) -> ReportData:
    kids: list[UnitRef] = children_on(unit, period.end, light=True) if children else []
    groups = {unit.pk: _subtree_ids(unit, period.end)}
    for k in kids:
        groups[k.pk] = _subtree_ids(Unit(pk=k.pk, path=k.path), period.end)
    totals = _live_totals(groups, period, unit)
    prev = period.previous()
    prev_total = _live_totals({unit.pk: _subtree_ids(unit, prev.end)}, prev, unit)[unit.pk]
    targets = targets_for([unit, *kids], period.year, [i.code for i in inds])

    def row(pk: int, before: dict | None) -> dict[str, Figure]:
        f = Figures(totals[pk], before, s)
        out = {}
        for i in inds:
            v = i.value(f)
            t = targets.get((pk, i.code))
            out[i.code] = Figure(i, v, None, t, status(v, t))
        return out

    pf = Figures(prev_total, None, s)
    figures = row(unit.pk, prev_total)
    for fig in figures.values():
        fig.previous = fig.indicator.value(pf)
    data = ReportData(unit, period, preset, terms, inds, figures)
    data.children = [(k, row(k.pk, None)) for k in kids]
    data.whole = totals[unit.pk] if whole else None
    return data


def bases_below(unit: Unit, period: Period) -> list[UnitRef]:
    """The bases (Hội cơ sở) that lay in ``unit``'s subtree at the period's end, by path."""
    rows = (
        Unit.objects.filter(subtree_q_on(unit, period.end), kind=UnitKind.BASE)
        .existing_on(period.end)
        .order_by("path")
        .values_list("pk", "name", "path", "kind")
    )
    return [UnitRef(*r) for r in rows]


def table(
    unit: Unit, period: Period, indicators: list[Indicator], *, bases: bool = False
) -> tuple[ReportData, list[tuple[UnitRef, dict[str, Figure]]]]:
    """The unit's figures and a row per unit below (its children as the tree stood at the
    period's end, or every base of its subtree for a year) for ``indicators``."""
    if not (bases and period.whole_year):
        data = collect(unit, period, children=True)
        return data, data.children
    preset, terms, s, _inds = _context()
    y = period.year
    units: list = [unit, *bases_below(unit, period)]
    sums, _full = sums_for([u.pk for u in units], [y, y - 1])
    rows = values(units, y, indicators, settings=s, sums=sums)
    own = _figures_of(rows[0].cells, {})
    data = ReportData(unit, period, preset, terms, indicators, own)
    return data, [(r.unit, _figures_of(r.cells, {})) for r in rows[1:]]


def association_indicators() -> list[Indicator]:
    """The indicators the association keeps (its profile's member categories)."""
    return _context()[3]


def pick(codes: str) -> list[Indicator]:
    """The association's indicators named in ``codes`` ("members,blood_units"; empty: all), in
    the order given."""
    kept = {i.code: i for i in association_indicators()}
    wanted = [c.strip() for c in (codes or "").split(",") if c.strip()]
    if not wanted:
        return list(kept.values())
    return [kept[c] for c in dict.fromkeys(wanted) if c in kept]
