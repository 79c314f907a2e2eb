"""Inspection plans, visits with their figures and checklist, recommendations and follow-up."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import has_perm_on
from core import audit
from core.audit import user_or_none
from core.marks import note_changed
from indicators.catalogue import BY_CODE, CompactFigures, profile_settings
from indicators.selectors import sums_for
from org.locks import ensure_open
from org.models import Unit, UnitKind
from people.models import Person

from ..models import (
    Attendee,
    ChecklistItem,
    FollowUp,
    InspectionPlan,
    Organisation,
    PlanUnit,
    Recommendation,
    RecommendationStatus,
    TeamMember,
    Visit,
    VisitCheck,
)
from .common import not_future, require_edit, text

# The base's figures a visit records (filled from sohoi, editable).
VISIT_INDICATORS = (
    "members", "volunteers", "growth_pct", "dues_rate", "fund_balance", "bases_books_ok_pct",
    "aid_reached", "blood_units", "clubs",
)  # fmt: skip


def visit_figures(unit: Unit, on: datetime.date) -> dict[str, float | None]:
    """The unit's indicators for the visit's year as sohoi has them (one query)."""
    sums, _full = sums_for([unit.pk], [on.year, on.year - 1])
    now = sums.get((unit.pk, on.year))
    if now is None:
        return {}
    f = CompactFigures(now, sums.get((unit.pk, on.year - 1)), profile_settings())
    out: dict[str, float | None] = {}
    for code in VISIT_INDICATORS:
        ind = BY_CODE.get(code)
        if ind is not None:
            v = ind.value(f)
            out[code] = round(v, 2) if isinstance(v, float) else v
    return out


def _in_subtree(top: Unit, unit: Unit) -> bool:
    return unit.path.startswith(top.path)


@transaction.atomic
def create_plan(
    *, actor, unit: Unit, number: str, issued_on: datetime.date, year: int, content: str,
    all_bases: bool = False, units: Sequence[Unit] = (), team: Sequence[dict] = (), schedule: str = "",
) -> InspectionPlan:  # fmt: skip
    require_edit(actor, unit)
    number = text(number, "number", required=True, limit=40)
    content = text(content, "content", required=True)
    if not all_bases and not units:
        raise ValidationError({"units": [_("Hãy chọn đơn vị được kiểm tra hoặc “tất cả Hội cơ sở”.")]})  # fmt: skip
    if any(not _in_subtree(unit, u) or u.pk == unit.pk for u in units):
        raise ValidationError({"units": [_("Chỉ kiểm tra được các đơn vị trực thuộc.")]})
    if InspectionPlan.objects.filter(unit=unit, year=year, number=number, cancelled_at__isnull=True).exists():  # fmt: skip
        raise ValidationError({"number": [_("Số kế hoạch này đã có trong năm.")]})
    ensure_open(unit=unit, on=issued_on)
    plan = InspectionPlan.objects.create(
        unit=unit, number=number, issued_on=issued_on, year=year, content=content,
        all_bases=all_bases, schedule=text(schedule, "schedule"), created_by=user_or_none(actor),
    )  # fmt: skip
    PlanUnit.objects.bulk_create([PlanUnit(plan=plan, unit=u) for u in {u.pk: u for u in units}.values()])  # fmt: skip
    members = []
    for i, m in enumerate(team):
        person = m.get("person")
        name = text(m.get("name") or (person.full_name if person else ""), "team", required=True, limit=255)  # fmt: skip
        members.append(TeamMember(plan=plan, person=person, name=name, role=text(m.get("role", ""), "team", limit=120), order=i))  # fmt: skip
    TeamMember.objects.bulk_create(members)
    audit.record(actor=actor, action="oversight.plan.create", unit=unit, obj=plan,
                 data={"number": number, "units": len(units), "all_bases": all_bases})  # fmt: skip
    return plan


@transaction.atomic
def cancel_plan(*, actor, plan: InspectionPlan, reason: str) -> InspectionPlan:
    require_edit(actor, plan.unit)
    plan = InspectionPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    if plan.cancelled_at is not None:
        raise ValidationError(_("Kế hoạch này đã huỷ."))
    reason = text(reason, "reason", required=True, limit=255)
    plan.cancelled_at, plan.cancel_reason = timezone.now(), reason
    plan.save(update_fields=["cancelled_at", "cancel_reason"])
    audit.record(actor=actor, action="oversight.plan.cancel", unit=plan.unit, obj=plan, data={"reason": reason})  # fmt: skip
    return plan


@transaction.atomic
def cancel_visit(*, actor, visit: Visit, reason: str) -> Visit:
    """A visit recorded by mistake (wrong unit, wrong day): marked cancelled with the reason,
    never deleted; it and its recommendations leave the plan's progress and the figures."""
    visit = Visit.objects.select_for_update(of=("self",)).select_related("plan__unit", "unit").get(pk=visit.pk)  # fmt: skip
    require_edit(actor, visit.plan.unit if visit.plan else visit.unit)
    if visit.cancelled_at is not None:
        raise ValidationError(_("Buổi kiểm tra này đã huỷ."))
    ensure_open(unit=visit.unit, on=visit.on)
    reason = text(reason, "reason", required=True, limit=255)
    visit.cancelled_at, visit.cancel_reason = timezone.now(), reason
    visit.save(update_fields=["cancelled_at", "cancel_reason"])
    audit.record(actor=actor, action="oversight.visit.cancel", unit=visit.unit, obj=visit, data={"reason": reason, "on": visit.on.isoformat()})  # fmt: skip
    note_changed(unit_ids=[visit.unit_id], since=visit.on)
    return visit


def planned_units(plan: InspectionPlan):
    """The units a plan inspects: those chosen, or every base below the issuer."""
    if plan.all_bases:
        return Unit.objects.filter(path__startswith=plan.unit.path, kind=UnitKind.BASE, valid_to__isnull=True).order_by("sort_key")  # fmt: skip
    return Unit.objects.filter(pk__in=plan.targets.values("unit_id")).order_by("sort_key")


def _attendees(visit: Visit, attendees: list[dict]) -> None:
    visit.attendees.all().delete()
    rows = []
    for i, a in enumerate(attendees):
        name = text(a.get("name", ""), "attendees", limit=255)
        if not name:
            continue
        org = a.get("organisation") or Organisation.ASSOCIATION
        if org not in Organisation.values:
            raise ValidationError({"attendees": [_("Cơ quan của người dự không hợp lệ.")]})
        rows.append(Attendee(visit=visit, name=name, organisation=org, role=text(a.get("role", ""), "attendees", limit=120), order=i))  # fmt: skip
    Attendee.objects.bulk_create(rows)


def _checks(visit: Visit, checks: dict[str, tuple[str, str]]) -> None:
    items = {i.code: i for i in ChecklistItem.objects.filter(code__in=list(checks))}
    for code, (answer, note) in checks.items():
        if code not in items or answer not in VisitCheck.Answer.values:
            raise ValidationError({"checks": [_("Mục kiểm tra không hợp lệ.")]})
        VisitCheck.objects.update_or_create(
            visit=visit, item=items[code],
            defaults={"answer": answer, "note": text(note, "checks", limit=255)},
        )  # fmt: skip


FINDINGS = ("strengths", "limitations", "difficulties", "proposals")


def _figures(values: dict) -> dict:
    out = {}
    for code, v in values.items():
        if code not in BY_CODE:
            raise ValidationError({"figures": [_("Chỉ tiêu không có: %(c)s") % {"c": code}]})
        if v is not None and not isinstance(v, int | float):
            raise ValidationError({"figures": [_("Số liệu phải là số.")]})
        out[code] = v
    return out


@transaction.atomic
def record_visit(
    *, actor, unit: Unit, on: datetime.date, plan: InspectionPlan | None = None, place: str = "",
    attendees: Sequence[dict] = (), checks: dict | None = None, figures: dict | None = None,
    today: datetime.date | None = None, **findings: str,
) -> Visit:  # fmt: skip
    """A visit to ``unit``, recorded by the inspecting level (edit on the plan's issuer, or on
    ``unit`` for a visit without plan). The unit's figures are filled from sohoi; ``figures``
    overrides some of them."""
    require_edit(actor, plan.unit if plan else unit)
    not_future(on, "on", today or timezone.localdate())
    if plan is not None:
        if plan.cancelled_at is not None:
            raise ValidationError({"plan": [_("Kế hoạch này đã huỷ.")]})
        if not planned_units(plan).filter(pk=unit.pk).exists():
            raise ValidationError({"unit": [_("Đơn vị này không có trong kế hoạch kiểm tra.")]})
    ensure_open(unit=unit, on=on)
    auto = visit_figures(unit, on)
    visit = Visit.objects.create(
        plan=plan, unit=unit, on=on, place=text(place, "place", limit=255), figures_auto=auto,
        figures={**auto, **_figures(figures or {})}, created_by=user_or_none(actor),
        **{k: text(findings.get(k, ""), k) for k in FINDINGS},
    )  # fmt: skip
    _attendees(visit, list(attendees))
    _checks(visit, checks or {})
    audit.record(actor=actor, action="oversight.visit.record", unit=unit, obj=visit,
                 data={"plan": plan.pk if plan else None, "on": on.isoformat()})  # fmt: skip
    note_changed(unit_ids=[unit.pk], since=on)
    return visit


@transaction.atomic
def update_visit(
    *, actor, visit: Visit, attendees: list[dict] | None = None, checks: dict | None = None,
    figures: dict | None = None, **findings: str,
) -> Visit:  # fmt: skip
    visit = Visit.objects.select_for_update(of=("self",)).select_related("plan__unit", "unit").get(pk=visit.pk)  # fmt: skip
    require_edit(actor, visit.plan.unit if visit.plan else visit.unit)
    if visit.cancelled_at is not None:
        raise ValidationError(_("Buổi kiểm tra này đã huỷ."))
    ensure_open(unit=visit.unit, on=visit.on)
    changed = []
    for k in FINDINGS:
        if k in findings:
            setattr(visit, k, text(findings[k], k))
            changed.append(k)
    if figures is not None:
        visit.figures = {**visit.figures, **_figures(figures)}
        changed.append("figures")
    visit.save(update_fields=changed or None)
    if attendees is not None:
        _attendees(visit, attendees)
    if checks:
        _checks(visit, checks)
    audit.record(actor=actor, action="oversight.visit.update", unit=visit.unit, obj=visit, data={"fields": changed})  # fmt: skip
    return visit


@transaction.atomic
def add_recommendation(*, actor, visit: Visit, text_: str, owner: Unit, due: datetime.date) -> Recommendation:  # fmt: skip
    require_edit(actor, visit.plan.unit if visit.plan else visit.unit)
    if visit.cancelled_at is not None:
        raise ValidationError(_("Buổi kiểm tra này đã huỷ."))
    if not owner.path.startswith(visit.unit.path):
        raise ValidationError({"owner": [_("Đơn vị thực hiện phải là đơn vị được kiểm tra hoặc cấp dưới của nó.")]})  # fmt: skip
    if due < visit.on:
        raise ValidationError({"due": [_("Hạn thực hiện không được trước ngày kiểm tra.")]})
    rec = Recommendation.objects.create(visit=visit, owner=owner, text=text(text_, "text", required=True), due=due)  # fmt: skip
    audit.record(actor=actor, action="oversight.recommendation.add", unit=visit.unit, obj=rec, data={"owner": owner.pk, "due": due.isoformat()})  # fmt: skip
    note_changed(unit_ids=[owner.pk], since=visit.on)
    return rec


@transaction.atomic
def follow_up(
    *, actor, recommendation: Recommendation, on: datetime.date, note: str, evidence: str = "",
    done: bool = False, today: datetime.date | None = None,
) -> FollowUp:  # fmt: skip
    """The inspected base (edit on the owner unit) reports what it did; ``done`` closes the
    recommendation, which needs evidence."""
    rec = Recommendation.objects.select_for_update(of=("self",)).select_related("owner", "visit").get(pk=recommendation.pk)  # fmt: skip
    if getattr(actor, "pk", None) and not has_perm_on(actor, rec.owner, "edit"):
        raise PermissionDenied(_("Chỉ đơn vị thực hiện kiến nghị mới cập nhật được tiến độ."))
    if rec.status == RecommendationStatus.DONE:
        raise ValidationError(_("Kiến nghị này đã thực hiện xong."))
    not_future(on, "on", today or timezone.localdate())
    if on < rec.visit.on:
        raise ValidationError({"on": [_("Ngày không được trước ngày kiểm tra.")]})
    note = text(note, "note", required=True)
    evidence = text(evidence, "evidence", required=done)
    ensure_open(unit=rec.owner, on=on)
    fu = FollowUp.objects.create(recommendation=rec, on=on, note=note, evidence=evidence, done=done, created_by=user_or_none(actor))  # fmt: skip
    if done:
        rec.status, rec.done_on, rec.evidence = RecommendationStatus.DONE, on, evidence
        rec.save(update_fields=["status", "done_on", "evidence"])
    audit.record(actor=actor, action="oversight.recommendation.follow_up", unit=rec.owner, obj=rec, data={"done": done})  # fmt: skip
    note_changed(unit_ids=[rec.owner_id], since=on)
    return fu


def person_name(person: Person | None) -> str:
    return person.full_name if person else ""
