"""The values a form shows for units and a period: what the records and the reports below say
(``Figure``), and the report's typed numbers over them (``Line``).

A year reads the stored yearly figures (indicators.UnitFigure, kept current by the refresh; a
reported value of a unit is already in them, see indicators.figures.rollup). A shorter period is
counted live from the records as of its end, from the year's start (6 tháng đầu năm: 1/1–30/6),
with the reported-only items summed from the reports of the units below for the same period.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext

from indicators.catalogue import (
    BY_CODE,
    MIXED,
    RECORDS,
    REPORT_KEYS,
    REPORTED,
    REPORTED_BELOW,
    REPORTED_ONLY,
    REPORTED_SOURCE,
    SOURCES,
    CompactFigures,
    Figures,
    Indicator,
    profile_settings,
    source_of,
)
from indicators.catalogue import SUM as SUM_ROLLUP
from indicators.figures import own_figures
from indicators.selectors import sums_for
from org.models import Unit

from .models import FormItem, Report, ReportValue, ValueType
from .periods import Period


@dataclass(frozen=True, slots=True)
class Figure:
    value: float | None
    source: str = RECORDS
    below: int = 0  # units below whose reported number is counted


@dataclass(slots=True)
class Line:
    """One item of one unit's report: the figure, the typed number over it, its note."""

    item: FormItem
    indicator: Indicator | None
    figure: Figure
    typed: int | None = None
    note: str = ""
    problems: list = field(default_factory=list)  # the rules it breaks (set by the page)

    @property
    def computed(self) -> bool:
        """From the catalogue: shown from the records (a typed number may replace a count)."""
        return self.indicator is not None

    @property
    def typeable(self) -> bool:
        """A count may be typed; a rate of the catalogue follows its parts, never typed."""
        return self.indicator is None or self.indicator.rollup == SUM_ROLLUP

    @property
    def value(self) -> float | None:
        return self.typed if self.typed is not None else self.figure.value

    @property
    def source(self) -> str:
        return REPORTED_SOURCE if self.typed is not None else self.figure.source

    @property
    def name(self) -> str:
        return item_name(self.item)

    @property
    def text(self) -> str:
        return text_of(self.item, self.value)

    @property
    def figure_text(self) -> str:
        return text_of(self.item, self.figure.value)

    @property
    def typed_text(self) -> str:
        """The typed number as the input shows it back ("1.085")."""
        if self.typed is None:
            return ""
        from core.formatting import format_number

        return format_number(self.typed)

    @property
    def source_text(self) -> str:
        if self.indicator is None and self.typed is None:  # a number only reported
            if self.figure.value is None:
                return gettext("chưa có số")
            return gettext("tổng số cấp dưới báo cáo")
        if self.indicator is not None and self.value is None:
            return gettext("từ hồ sơ (chưa có số liệu)")
        return str(SOURCES[self.source])


def item_name(item: FormItem) -> str:
    """The item's own name (preset names are stored in Vietnamese, shown translated), else its
    indicator's."""
    if item.name:
        return gettext(item.name)
    ind = indicator_of(item)
    return str(ind.name) if ind is not None else item.code


def indicator_of(item: FormItem) -> Indicator | None:
    return BY_CODE.get(item.code)


def figures(
    items: Sequence[FormItem], units: Sequence[Unit], period: Period
) -> dict[int, dict[str, Figure]]:
    """{unit id: {item code: Figure}} for ``units`` in ``period`` (a fixed number of queries)."""
    if not units:
        return {}
    if period.whole_year:
        return _year(items, units, period.year)
    return _live(items, units, period)


def _year(items: Sequence[FormItem], units: Sequence[Unit], year: int) -> dict:
    inds = [indicator_of(i) for i in items]
    # The year before only for a rate (growth reads it): counts read the year alone.
    before = any(ind is not None and ind.rollup != SUM_ROLLUP for ind in inds)
    sums, _whole = sums_for([u.pk for u in units], [year, year - 1] if before else [year])
    settings = profile_settings()
    out: dict[int, dict[str, Figure]] = {}
    for u in units:
        now = sums.get((u.pk, year))
        row: dict[str, Figure] = {}
        f = None if now is None else CompactFigures(now, sums.get((u.pk, year - 1)), settings)
        for item in items:
            ind = indicator_of(item)
            if now is None or f is None:
                row[item.code] = Figure(None)
            elif ind is not None:
                source, below = source_of(item.code, now)
                row[item.code] = Figure(ind.value(f), source, below)
            else:
                row[item.code] = _reported_only(item.code, now)
        out[u.pk] = row
    return out


def _reported_only(code: str, figs: dict) -> Figure:
    key = f"{REPORTED_ONLY}{code}"
    below = figs.get(f"{REPORTED_BELOW}{code}", 0)
    if f"{REPORTED}{code}" in figs:
        return Figure(figs.get(key, 0), REPORTED_SOURCE, below)
    if below:
        return Figure(figs.get(key, 0), MIXED, below)
    return Figure(None)


def _live(items: Sequence[FormItem], units: Sequence[Unit], period: Period) -> dict:
    """Counted from the records as of the period's end (a shorter period than a year)."""
    from django.db.models import Q

    q = Q(pk__in=[])
    for u in units:
        q |= Q(path__startswith=u.path)
    paths = dict(Unit.objects.filter(q).values_list("pk", "path"))
    own = own_figures(period.year, list(paths), today=period.end)
    totals: dict[int, dict[str, int]] = {u.pk: defaultdict(int) for u in units}
    for unit_id, figs in own.items():
        path = paths.get(unit_id, "")
        for u in units:
            if path.startswith(u.path):
                t = totals[u.pk]
                for k, v in figs.items():
                    if not k.startswith(REPORT_KEYS):  # the year's reported numbers: not here
                        t[k] += v
    typed = _typed_below(items, units, period)
    settings = profile_settings()
    out: dict[int, dict[str, Figure]] = {}
    for u in units:
        f = Figures(dict(totals[u.pk]), None, settings)
        row: dict[str, Figure] = {}
        for item in items:
            ind = indicator_of(item)
            if ind is not None:
                row[item.code] = Figure(ind.value(f))
            else:
                value, n = typed.get((u.pk, item.code), (None, 0))
                row[item.code] = Figure(value, MIXED, n) if n else Figure(None)
        out[u.pk] = row
    return out


def _typed_below(
    items: Sequence[FormItem], units: Sequence[Unit], period: Period
) -> dict[tuple[int, str], tuple[int, int]]:
    """{(unit, code): (sum, units)} of the numbers typed for ``period`` in the reports of the units
    below each of ``units`` (of any form of the same period type): the highest reporting unit
    of each branch of the tree counts, not its own children again."""
    codes = [i.code for i in items if indicator_of(i) is None]
    if not codes:
        return {}
    from django.db.models import Q

    q = Q(pk__in=[])
    for u in units:
        q |= Q(report__unit__path__startswith=u.path)
    rows = (
        ReportValue.objects.filter(q, code__in=codes, value__isnull=False)
        .filter(report__start=period.start, report__end=period.end)
        .values_list("report__unit__path", "code", "value")
        .order_by("report__unit__path")
    )
    by_code: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for path, code, value in rows:
        kept = by_code[code]
        if value is not None and not any(path.startswith(p) for p, _v in kept):
            kept.append((path, value))
    out: dict[tuple[int, str], tuple[int, int]] = {}
    for u in units:
        for code, kept in by_code.items():
            below = [v for p, v in kept if p.startswith(u.path) and p != u.path]
            if below:
                out[(u.pk, code)] = (sum(below), len(below))
    return out


def lines(report: Report, items: Sequence[FormItem], figure_row: dict[str, Figure]) -> list[Line]:
    """The lines of ``report``: its figures with its typed numbers and notes over them."""
    typed = {v.code: v for v in report.values.all()} if report.pk else {}
    out = []
    for item in items:
        tv = typed.get(item.code)
        line = Line(item, indicator_of(item), figure_row.get(item.code, Figure(None)))
        if tv is not None:
            line.typed, line.note = tv.value, tv.note
        if report.on_behalf and line.typeable and line.typed is None:
            line.figure = Figure(None)  # entered for a unit without records: typed only
        out.append(line)
    return out


def effective(lines_: Sequence[Line]) -> dict[str, float | None]:
    return {line.item.code: line.value for line in lines_}


def is_money(item: FormItem) -> bool:
    ind = indicator_of(item)
    if ind is not None:
        return str(ind.unit) == "đ"
    return item.value_type == ValueType.VND


def text_of(item: FormItem, value: float | None) -> str:
    """A value as the pages show it: "1.085", "3.000.000 đ", "12%"; none: "—"."""
    from core.formatting import format_number, format_vnd
    from indicators.catalogue import format_value

    if value is None:
        return "—"
    ind = indicator_of(item)
    if ind is not None:
        return format_value(ind, value)
    if item.value_type == ValueType.VND:
        return format_vnd(int(value))
    if item.value_type == ValueType.PERCENT:
        return f"{format_number(int(value))}%"
    return format_number(int(value))
