"""Reads of the reporting pages and API: the forms a unit fills, its report for a period, the
reports of the units below (one row each, with completeness), what waits for a user."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from accounts.access import has_perm_on, scope_q
from indicators.catalogue import RECORDS, REPORTED_SOURCE
from org.models import Unit

from . import services
from . import values as values_
from .models import FormItem, Report, ReportForm, ReportValue, Status
from .periods import Period, parse_period


def forms_for(unit: Unit) -> list[ReportForm]:
    """The active forms ``unit`` fills (its kind is one of the form's levels)."""
    return [
        f for f in ReportForm.objects.for_unit(unit).filter(active=True) if unit.kind in f.levels
    ]


def forms_approved_by(unit: Unit) -> list[ReportForm]:
    """The active forms whose reports ``unit`` approves at some level."""
    return [
        f
        for f in ReportForm.objects.for_unit(unit).filter(active=True)
        if unit.kind in (f.approvers or [])
    ]


def get_form(unit: Unit, code: str) -> ReportForm:
    found = ReportForm.objects.for_unit(unit).filter(code=code, active=True).first()
    if found is None:
        raise Http404
    return found


def get_period(form: ReportForm, key: str) -> Period:
    period = parse_period(form.period_type, key)
    if period is None:
        raise Http404
    return period


def report_of(form: ReportForm, unit: Unit, period: Period) -> Report:
    """The unit's report for the period, or an unsaved draft (a page read writes nothing)."""
    found = (
        Report.objects.filter(form=form, unit=unit, start=period.start)
        .select_related("form", "unit")
        .first()
    )
    if found is not None:
        return found
    return Report(
        form=form,
        unit=unit,
        start=period.start,
        end=period.end,
        due_on=period.end + datetime.timedelta(days=form.deadline_days),
    )


def get_report_for_user(user, pk, perm: str = "view") -> Report:
    try:
        return Report.objects.visible_to(user, perm).select_related("form", "unit").get(pk=pk)
    except (Report.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- The units below: one row each --------------------------------------------------------------

ON_TIME, LATE, MISSING, NOT_YET = "on_time", "late", "missing", "not_yet"


@dataclass
class ChildRow:
    unit: Unit
    report: Report | None
    values: dict[str, float | None] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def timeliness(self) -> str:
        r = self.report
        if r is not None and r.submitted_at is not None:
            return LATE if r.late else ON_TIME
        if r is not None and r.status == Status.APPROVED:
            return ON_TIME
        return MISSING if self._due_passed else NOT_YET

    _due_passed: bool = False


def reporting_children(form: ReportForm, unit: Unit, on: datetime.date) -> list[Unit]:
    """The units that report to ``unit`` for ``form``: the nearest units below it whose kind fills
    the form (a province's bases), existing on ``on``, by name."""
    below = list(
        Unit.objects.filter(path__startswith=unit.path, kind__in=form.levels)
        .exclude(pk=unit.pk)
        .existing_on(on)
        .order_by("sort_key", "pk")
    )
    top: set[str] = set()
    last = None  # sorted by path, a unit's descendants come right after it
    for p in sorted(u.path for u in below):
        if last is None or not p.startswith(last):
            top.add(p)
            last = p
    return [u for u in below if u.path in top]


def children_rows(
    form: ReportForm, unit: Unit, period: Period, items: Sequence[FormItem], *, today=None
) -> list[ChildRow]:
    """One row per reporting unit below ``unit``: its report (if any), each item's value (typed,
    else from the records and reports below it) and its source; a fixed number of queries."""
    today = today or timezone.localdate()
    kids = reporting_children(form, unit, period.end)
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(form=form, start=period.start, unit__in=kids).select_related(
            "form", "unit"
        )
    }
    typed: dict[int, dict[str, int]] = {}
    for report_id, code, value in ReportValue.objects.filter(
        report__in=list(reports.values()), value__isnull=False
    ).values_list("report_id", "code", "value"):  # plain rows: a province has thousands
        typed.setdefault(report_id, {})[code] = value or 0
    figures = values_.figures(items, kids, period)
    due = period.end + datetime.timedelta(days=form.deadline_days)
    codes = [i.code for i in items]
    rows = []
    for k in kids:
        r = reports.get(k.pk)
        mine = typed.get(r.pk, {}) if r is not None else {}
        figs = figures.get(k.pk, {})
        values: dict[str, float | None] = {}
        sources: dict[str, str] = {}
        for code in codes:
            if code in mine:
                values[code], sources[code] = mine[code], REPORTED_SOURCE
            else:
                f = figs.get(code)
                values[code] = None if f is None or (r is not None and r.on_behalf) else f.value
                sources[code] = f.source if f is not None else RECORDS
        row = ChildRow(k, r, values, sources)
        row._due_passed = today > due
        rows.append(row)
    return rows


def completeness(rows: Sequence[ChildRow]) -> dict[str, int]:
    out = {ON_TIME: 0, LATE: 0, MISSING: 0, NOT_YET: 0}
    for r in rows:
        out[r.timeliness] += 1
    out["total"] = len(rows)
    done = out[ON_TIME] + out[LATE]
    out["pct_on_time"] = round(out[ON_TIME] * 100 / len(rows)) if rows else 0
    out["pct_done"] = round(done * 100 / len(rows)) if rows else 0
    return out


# --- What waits for a user ----------------------------------------------------------------------


def waiting_for(user, *, under: Unit | None = None, limit: int = 200) -> list[Report]:
    """Submitted reports the user is the next approver of (a role that manages that level), and
    returned or reopened reports of units the user edits: what waits for them."""
    q = Report.objects.filter(scope_q(user, "unit__path", perm="edit"))
    if under is not None:
        q = q.filter(unit__path__startswith=under.path)
    candidates = list(
        q.filter(Q(status=Status.SUBMITTED) | Q(status__in=[Status.RETURNED, Status.REOPENED]))
        .select_related("form", "unit")
        .order_by("due_on", "pk")[: limit * 4]
    )
    chains = services._chains(candidates)
    out = []
    for r in candidates:
        chain = chains[r.pk]
        if r.status == Status.SUBMITTED:
            if r.step < len(chain) and has_perm_on(user, chain[r.step], "manage"):
                r.waiting_at = chain[r.step]  # type: ignore[attr-defined]
                out.append(r)
        elif not (chain and has_perm_on(user, chain[0], "manage")):  # the unit's own people
            r.waiting_at = r.unit  # type: ignore[attr-defined]
            out.append(r)
    return out[:limit]
