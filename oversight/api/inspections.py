"""Plans, visits, recommendations and follow-ups."""

from django.http import Http404
from django.utils import timezone
from ninja import Status

from accounts.access import get_unit_for_user
from core.inputs import Code, Id, Year
from org.models import Unit
from people.models import Person

from .. import selectors, services
from ..models import InspectionPlan, Recommendation, Visit
from .common import edit, router
from .schemas import (
    FollowUpIn,
    InspectionCancelIn,
    InspectionPlanIn,
    InspectionPlanOut,
    RecommendationIn,
    RecommendationOut,
    VisitIn,
    VisitOut,
    VisitPatch,
)


def _person(user, pk: int | None) -> Person | None:
    """A team member's person record, in the user's scope (else 404)."""
    if pk is None:
        return None
    person = Person.objects.visible_to(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def _plan(p: InspectionPlan) -> dict:
    return {
        "id": p.pk, "unit_id": p.unit_id, "number": p.number, "issued_on": p.issued_on,
        "year": p.year, "content": p.content, "all_bases": p.all_bases, "schedule": p.schedule,
        "unit_ids": list(p.targets.values_list("unit_id", flat=True)),
        "team": list(p.team.values("name", "role", "person_id")),
        "visit_ids": list(p.visits.filter(cancelled_at__isnull=True).values_list("pk", flat=True)),
        "cancelled": p.cancelled_at is not None, "cancel_reason": p.cancel_reason,
    }  # fmt: skip


def _rec(r: Recommendation, today=None) -> dict:
    return {
        "id": r.pk, "visit_id": r.visit_id, "owner_id": r.owner_id, "text": r.text, "due": r.due,
        "status": r.status, "state": r.state_on(today or timezone.localdate()),
        "done_on": r.done_on, "evidence": r.evidence,
    }  # fmt: skip


def _visit(v: Visit) -> dict:
    return {
        "id": v.pk, "unit_id": v.unit_id, "plan_id": v.plan_id, "on": v.on, "place": v.place,
        "figures": v.figures, "figures_auto": v.figures_auto,
        "attendees": list(v.attendees.values("name", "organisation", "role")),
        "checks": list(v.checks.values("item__code", "answer", "note")),
        "strengths": v.strengths, "limitations": v.limitations, "difficulties": v.difficulties,
        "proposals": v.proposals, "recommendations": [_rec(r) for r in v.recommendations.all()],
        "cancelled": v.cancelled_at is not None, "cancel_reason": v.cancel_reason,
    }  # fmt: skip


@router.get("/units/{int:unit_id}/oversight/plans", response=list[InspectionPlanOut], summary="Kế hoạch kiểm tra do đơn vị ban hành")  # fmt: skip
def list_plans(request, unit_id: Id, year: Year | None = None):
    unit = get_unit_for_user(request.auth, unit_id)
    return [_plan(p) for p in selectors.plans_for(unit, year)[:200]]


@router.post("/units/{int:unit_id}/oversight/plans", response={201: InspectionPlanOut}, summary="Ban hành kế hoạch kiểm tra")  # fmt: skip
def create_plan(request, unit_id: Id, payload: InspectionPlanIn):
    unit = get_unit_for_user(request.auth, unit_id)
    edit(request.auth, unit)
    units = list(Unit.objects.visible_to(request.auth).filter(pk__in=payload.unit_ids))
    p = services.create_plan(
        actor=request.auth, unit=unit, number=payload.number, issued_on=payload.issued_on,
        year=payload.year, content=payload.content, all_bases=payload.all_bases, units=units,
        team=[{"name": m.name, "role": m.role, "person": _person(request.auth, m.person_id)} for m in payload.team],
        schedule=payload.schedule,
    )  # fmt: skip
    return Status(201, _plan(p))


@router.get(
    "/oversight/plans/{int:pk}", response=InspectionPlanOut, summary="Một kế hoạch kiểm tra"
)
def get_plan(request, pk: Id):
    return _plan(selectors.get_plan_for_user(request.auth, pk))


@router.post("/oversight/plans/{int:pk}/cancel", response=InspectionPlanOut, summary="Huỷ kế hoạch kiểm tra (có lý do)")  # fmt: skip
def cancel_plan(request, pk: Id, payload: InspectionCancelIn):
    p = selectors.get_plan_for_user(request.auth, pk)
    return _plan(services.cancel_plan(actor=request.auth, plan=p, reason=payload.reason))


@router.get("/units/{int:unit_id}/oversight/visits", response=list[VisitOut], summary="Buổi kiểm tra tại đơn vị và cấp dưới")  # fmt: skip
def list_visits(request, unit_id: Id, year: Year | None = None):
    unit = get_unit_for_user(request.auth, unit_id)
    qs = selectors.visits_for(unit, year).prefetch_related("attendees", "recommendations")[:200]
    return [_visit(v) for v in qs]


@router.post("/units/{int:unit_id}/oversight/visits", response={201: VisitOut}, summary="Ghi buổi kiểm tra tại đơn vị (số liệu lấy tự động)")  # fmt: skip
def record_visit(request, unit_id: Id, payload: VisitIn):
    unit = get_unit_for_user(request.auth, unit_id)
    plan = selectors.get_plan_for_user(request.auth, payload.plan_id) if payload.plan_id else None
    edit(request.auth, plan.unit if plan else unit)
    v = services.record_visit(
        actor=request.auth, unit=unit, on=payload.on, plan=plan, place=payload.place,
        attendees=[a.dict() for a in payload.attendees],
        checks={c.item: (c.answer, c.note) for c in payload.checks}, figures=payload.figures,
        strengths=payload.strengths, limitations=payload.limitations,
        difficulties=payload.difficulties, proposals=payload.proposals,
    )  # fmt: skip
    return Status(201, _visit(v))


@router.get("/oversight/visits/{int:pk}", response=VisitOut, summary="Một buổi kiểm tra")
def get_visit(request, pk: Id):
    return _visit(selectors.get_visit_for_user(request.auth, pk))


@router.patch("/oversight/visits/{int:pk}", response=VisitOut, summary="Sửa biên bản: số liệu, thành phần, nhận xét")  # fmt: skip
def update_visit(request, pk: Id, payload: VisitPatch):
    v = selectors.get_visit_for_user(request.auth, pk)
    edit(request.auth, v.plan.unit if v.plan else v.unit)
    d = payload.dict(exclude_none=True)
    if "attendees" in d:
        d["attendees"] = list(d["attendees"])
    if "checks" in d:
        d["checks"] = {c["item"]: (c["answer"], c["note"]) for c in d["checks"]}
    return _visit(services.update_visit(actor=request.auth, visit=v, **d))


@router.post("/oversight/visits/{int:pk}/cancel", response=VisitOut, summary="Huỷ buổi kiểm tra ghi nhầm (có lý do)")  # fmt: skip
def cancel_visit(request, pk: Id, payload: InspectionCancelIn):
    v = selectors.get_visit_for_user(request.auth, pk)
    return _visit(services.cancel_visit(actor=request.auth, visit=v, reason=payload.reason))


@router.post("/oversight/visits/{int:pk}/recommendations", response={201: RecommendationOut}, summary="Thêm kiến nghị")  # fmt: skip
def add_recommendation(request, pk: Id, payload: RecommendationIn):
    v = selectors.get_visit_for_user(request.auth, pk)
    edit(request.auth, v.plan.unit if v.plan else v.unit)
    owner = get_unit_for_user(request.auth, payload.owner_id)
    r = services.add_recommendation(actor=request.auth, visit=v, text_=payload.text, owner=owner, due=payload.due)  # fmt: skip
    return Status(201, _rec(r))


@router.get("/units/{int:unit_id}/oversight/recommendations", response=list[RecommendationOut], summary="Kiến nghị do đơn vị và cấp dưới thực hiện")  # fmt: skip
def list_recommendations(request, unit_id: Id, state: Code = ""):
    unit = get_unit_for_user(request.auth, unit_id)
    today = timezone.localdate()
    rows = [_rec(r, today) for r in selectors.recommendations_for(unit)[:1000]]
    return [r for r in rows if not state or r["state"] == state]


@router.post("/oversight/recommendations/{int:pk}/follow-ups", response={201: RecommendationOut}, summary="Đơn vị thực hiện cập nhật tiến độ, minh chứng")  # fmt: skip
def follow_up(request, pk: Id, payload: FollowUpIn):
    r = selectors.get_recommendation_for_user(request.auth, pk)
    services.follow_up(actor=request.auth, recommendation=r, **payload.dict())
    r.refresh_from_db()
    return Status(201, _rec(r))
