"""Scoring the automatic criteria of a score sheet for every base it covers, set-based: the
stored figures of all those bases in one query (indicators.selectors.sums_for), the reported
values in one more, then the assessments and scores written in bulk. A sheet over the 3,321
bases of the country costs a handful of queries, not one per base."""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from core.marks import note_changed
from indicators.catalogue import BY_CODE, CompactFigures, profile_settings
from indicators.models import ReportedValue
from indicators.selectors import sums_for
from org.models import Unit, UnitKind

from .models import Assessment, AssessmentStatus, Criterion, Method, Score, ScoreSheet

TENTH = Decimal("0.1")
OPEN_STATES = (AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED)


def points_for(rule: dict, value: float | None, max_points: Decimal) -> Decimal:
    """Points of an automatic criterion for ``value``: ``thresholds`` [[at_least, points], ...]
    (the highest reached; a third item bounds it above: [1, 10, 2] is 1 ≤ value ≤ 2) or
    ``linear`` [low, high] (0 at or below low, the maximum at or above high)."""
    if value is None:
        return Decimal(0)
    if "linear" in rule:
        low, high = (float(x) for x in rule["linear"])
        if high <= low:
            return max_points if value >= high else Decimal(0)
        share = min(max((value - low) / (high - low), 0.0), 1.0)
        return (max_points * Decimal(str(share))).quantize(TENTH, ROUND_HALF_UP)
    best = Decimal(0)
    for step in rule.get("thresholds", []):
        at_least, pts = float(step[0]), Decimal(str(step[1]))
        below = float(step[2]) if len(step) > 2 else None
        if value >= at_least and (below is None or value <= below):
            best = max(best, pts)
    return min(best, max_points)


def leaves(sheet: ScoreSheet) -> list[Criterion]:
    crits = list(sheet.criteria.all())
    parents = {c.parent_id for c in crits if c.parent_id}
    return [c for c in crits if c.pk not in parents]


def covered_units(sheet: ScoreSheet, within: Unit | None = None):
    """The bases a sheet scores: every current base below its issuer (of its type)."""
    top = within or sheet.unit
    qs = Unit.objects.filter(path__startswith=top.path, kind=UnitKind.BASE, valid_to__isnull=True)
    return qs.filter(base_type=sheet.base_type) if sheet.base_type else qs


def classify(sheet_classes: list, total: Decimal) -> tuple[str, bool]:
    for c in sorted(sheet_classes, key=lambda c: -c.min_points):
        if total >= c.min_points:
            return c.code, c.strong
    return "", False


def _values(sheet: ScoreSheet, auto: list[Criterion], unit_ids: list[int]) -> dict[tuple[int, int], float | None]:  # fmt: skip
    """{(unit, criterion): value} of the automatic criteria (two queries)."""
    out: dict[tuple[int, int], float | None] = {}
    by_ind = [c for c in auto if c.method == Method.INDICATOR]
    if by_ind:
        sums, _full = sums_for(unit_ids, [sheet.year, sheet.year - 1])
        settings = profile_settings()
        for uid in unit_ids:
            now = sums.get((uid, sheet.year))
            f = CompactFigures(now, sums.get((uid, sheet.year - 1)), settings) if now else None
            for c in by_ind:
                ind = BY_CODE.get(c.indicator)
                out[(uid, c.pk)] = ind.value(f) if ind and f else None
    by_rep = [c for c in auto if c.method == Method.REPORTED]
    if by_rep:
        reported = ReportedValue.objects.filter(
            year=sheet.year, code__in={c.indicator for c in by_rep}, unit_id__in=unit_ids
        ).values_list("unit_id", "code", "value")
        got = {(u, code): v for u, code, v in reported}
        for uid in unit_ids:
            for c in by_rep:
                out[(uid, c.pk)] = got.get((uid, c.indicator))
    return out


@transaction.atomic
def score_sheet(sheet: ScoreSheet, *, within: Unit | None = None, today: datetime.date | None = None) -> int:  # fmt: skip
    """Create the missing assessments of the sheet's bases and (re)score their automatic
    criteria, for the assessments not yet reviewed. Returns the number of assessments scored."""
    unit_ids = list(covered_units(sheet, within).values_list("pk", flat=True))
    crits = leaves(sheet)
    auto = [c for c in crits if c.method != Method.MANUAL]
    Assessment.objects.bulk_create(
        [Assessment(sheet=sheet, unit_id=u) for u in unit_ids],
        ignore_conflicts=True,
        batch_size=2000,
    )
    open_ = dict(
        Assessment.objects.filter(
            sheet=sheet, unit_id__in=unit_ids, status__in=OPEN_STATES
        ).values_list("unit_id", "pk")  # fmt: skip
    )
    values = _values(sheet, auto, list(open_))
    scores = [
        Score(assessment_id=aid, criterion_id=c.pk, value=values.get((uid, c.pk)),
              points=points_for(c.rule, values.get((uid, c.pk)), c.max_points))
        for uid, aid in open_.items() for c in auto
    ]  # fmt: skip
    Score.objects.bulk_create(
        scores, update_conflicts=True, unique_fields=["assessment", "criterion"],
        update_fields=["points", "value"], batch_size=2000,
    )  # fmt: skip
    retotal(sheet, list(open_.values()))
    return len(open_)


def retotal(sheet: ScoreSheet, assessment_ids: list[int]) -> None:
    """Totals and classes of these assessments from their scores (two queries and a bulk write)."""
    classes = list(sheet.classes.all())
    leaf_ids = {c.pk for c in leaves(sheet)}
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for aid, cid, pts in Score.objects.filter(assessment_id__in=assessment_ids).values_list("assessment_id", "criterion_id", "points"):  # fmt: skip
        if cid in leaf_ids:
            totals[aid] += pts
    now = timezone.now()
    rows = []
    for aid in assessment_ids:
        total = totals.get(aid, Decimal(0))
        code, strong = classify(classes, total)
        rows.append(Assessment(pk=aid, total=total, classification=code, strong=strong, scored_at=now))  # fmt: skip
    Assessment.objects.bulk_update(rows, ["total", "classification", "strong", "scored_at"], batch_size=2000)  # fmt: skip


def score_year(year: int, *, today: datetime.date | None = None) -> int:
    """Every sheet of ``year`` scored (the nightly run, the bench)."""
    n = 0
    for sheet in ScoreSheet.objects.filter(year=year).select_related("unit"):
        n += score_sheet(sheet, today=today)
    return n


def mark_strong_changed(assessment: Assessment) -> None:
    note_changed(unit_ids=[assessment.unit_id], since=datetime.date(assessment.sheet.year, 1, 1))
