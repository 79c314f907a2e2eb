"""Reads of this app, starting from the user's scope (single objects: 404 outside it)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.http import Http404

from org.models import Unit

from .models import (
    Assessment,
    Commendation,
    InspectionPlan,
    Recommendation,
    ScoreSheet,
    Visit,
)


def _get(qs, user, pk, perm: str = "view"):
    try:
        return qs.visible_to(user, perm).get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_plan_for_user(user, pk, perm: str = "view") -> InspectionPlan:
    return _get(InspectionPlan.objects.select_related("unit"), user, pk, perm)


def get_visit_for_user(user, pk, perm: str = "view") -> Visit:
    """A visit is seen by the inspected base, the levels above it."""
    return _get(Visit.objects.select_related("unit", "plan__unit"), user, pk, perm)


def get_recommendation_for_user(user, pk, perm: str = "view") -> Recommendation:
    return _get(Recommendation.objects.select_related("owner", "visit__unit"), user, pk, perm)


def get_assessment_for_user(user, pk, perm: str = "view") -> Assessment:
    return _get(Assessment.objects.select_related("unit", "sheet__unit"), user, pk, perm)


def get_commendation_for_user(user, pk, perm: str = "view") -> Commendation:
    return _get(Commendation.objects.select_related("unit", "person", "paid_by"), user, pk, perm)


def get_sheet_for_user(user, pk) -> ScoreSheet:
    """A sheet is seen by whoever sees its issuer or a base below it."""
    sheet = ScoreSheet.objects.select_related("unit").filter(pk=pk).first()
    if sheet is None:
        raise Http404
    if not Unit.objects.visible_to(user).filter(Q(path__startswith=sheet.unit.path) | Q(pk=sheet.unit_id)).exists():  # fmt: skip
        raise Http404
    return sheet


def plans_for(unit: Unit, year: int | None = None):
    qs = InspectionPlan.objects.filter(unit=unit, cancelled_at__isnull=True)
    return qs.filter(year=year) if year else qs


def visits_for(unit: Unit, year: int | None = None):
    """Visits to ``unit`` and the units below it."""
    qs = Visit.objects.filter(unit__path__startswith=unit.path, cancelled_at__isnull=True).select_related("unit", "plan")  # fmt: skip
    return qs.filter(on__year=year) if year else qs


def recommendations_for(unit: Unit):
    return (
        Recommendation.objects.filter(owner__path__startswith=unit.path, visit__cancelled_at__isnull=True)
        .select_related("owner", "visit__unit")
        .order_by("status", "due", "pk")
    )  # fmt: skip


def sheets_for(unit: Unit, year: int | None = None):
    """The sheets that apply to ``unit``: issued by it or by a unit above it."""
    qs = ScoreSheet.objects.filter(unit__path__in=unit.ancestor_paths()).select_related("unit")
    return qs.filter(year=year) if year else qs


def assessment_of(sheet: ScoreSheet, unit: Unit) -> Assessment | None:
    return Assessment.objects.filter(sheet=sheet, unit=unit).first()


@dataclass
class RankRow:
    rank: int
    assessment_id: int
    unit_id: int
    unit_name: str
    total: Decimal
    classification: str
    status: str


def ranking(sheet: ScoreSheet, within: Unit, *, limit: int | None = None) -> list[RankRow]:
    """The bases below ``within`` assessed on ``sheet``, best first (ties share a rank), in one
    query."""
    qs = (
        Assessment.objects.filter(sheet=sheet, unit__path__startswith=within.path)
        .order_by("-total", "unit__sort_key", "pk")
        .values_list("pk", "unit_id", "unit__name", "total", "classification", "status")
    )
    if limit:
        qs = qs[:limit]
    rows: list[RankRow] = []
    for i, (pk, uid, name, total, cls, status) in enumerate(qs, start=1):
        rank = rows[-1].rank if rows and rows[-1].total == total else i
        rows.append(RankRow(rank, pk, uid, name, total, cls, status))
    return rows


def class_names(sheet: ScoreSheet) -> dict[str, str]:
    return dict(sheet.classes.values_list("code", "name"))


def commendations_for(*, unit: Unit | None = None, person=None, subtree: bool = False):
    qs = Commendation.objects.select_related("unit", "person").exclude(status=Commendation.Status.WITHDRAWN)  # fmt: skip
    if person is not None:
        return qs.filter(person=person)
    assert unit is not None
    if subtree:
        return qs.filter(unit__path__startswith=unit.path)
    return qs.filter(unit=unit, person__isnull=True)


def ceremony_list(unit: Unit, year: int, *, level: str = "", decision: str = ""):
    """The decided commendations below ``unit`` for a ceremony: collectives first."""
    qs = Commendation.objects.filter(
        unit__path__startswith=unit.path, year=year, status=Commendation.Status.DECIDED
    ).select_related("unit", "person")
    if level:
        qs = qs.filter(level=level)
    if decision:
        qs = qs.filter(decision_number=decision)
    return qs.order_by("level", "decision_number", "person", "unit__sort_key", "pk")


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
