"""Score sheets and the assessment flow: self-assessment by the base → review by the level
above (each changed score kept with its comment) → final."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import has_perm_on
from core import audit
from core.audit import user_or_none
from indicators.catalogue import BY_CODE
from org.models import Unit

from ..models import (
    Assessment,
    AssessmentStatus,
    Classification,
    Criterion,
    Method,
    Score,
    ScoreChange,
    ScoreSheet,
)
from ..scoring import leaves, mark_strong_changed, retotal
from .common import require_edit, text


def _points(value, field: str = "points") -> Decimal:
    try:
        d = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: [_("Điểm phải là một số.")]}) from None
    if d < 0:
        raise ValidationError({field: [_("Điểm không được âm.")]})
    return d


def _add_criteria(sheet: ScoreSheet, specs: list[dict], parent: Criterion | None) -> Decimal:
    total = Decimal(0)
    for i, spec in enumerate(specs):
        kids = spec.get("children") or []
        method = spec.get("method", Method.MANUAL)
        if method not in Method.values:
            raise ValidationError({"criteria": [_("Cách chấm không hợp lệ.")]})
        if method == Method.INDICATOR and spec.get("indicator") not in BY_CODE:
            raise ValidationError({"criteria": [_("Chỉ tiêu không có: %(c)s") % {"c": spec.get("indicator")}]})  # fmt: skip
        c = Criterion.objects.create(
            sheet=sheet, parent=parent, number=spec.get("number", ""), order=i,
            text=text(spec["text"], "criteria", required=True, limit=500),
            max_points=_points(spec.get("max_points", 0), "criteria"), method=method,
            indicator=spec.get("indicator", ""), rule=spec.get("rule", {}),
        )  # fmt: skip
        if kids:
            c.max_points = _add_criteria(sheet, kids, c)
            c.save(update_fields=["max_points"])
        total += c.max_points
    return total


@transaction.atomic
def create_sheet(
    *, actor, unit: Unit, year: int, name: str, criteria: list[dict], classes: list[dict],
    base_type: str = "",
) -> ScoreSheet:  # fmt: skip
    require_edit(actor, unit)
    sheet = ScoreSheet.objects.create(unit=unit, year=year, base_type=base_type, name=text(name, "name", required=True, limit=255), created_by=user_or_none(actor))  # fmt: skip
    _add_criteria(sheet, criteria, None)
    if not classes:
        raise ValidationError({"classes": [_("Hãy ghi các mức xếp loại.")]})
    for c in classes:
        Classification.objects.create(sheet=sheet, code=c["code"], name=c["name"], min_points=_points(c["min_points"], "classes"), strong=c.get("strong", False))  # fmt: skip
    audit.record(actor=actor, action="oversight.sheet.create", unit=unit, obj=sheet, data={"year": year, "base_type": base_type})  # fmt: skip
    return sheet


def _locked(assessment_pk: int) -> Assessment:
    return Assessment.objects.select_for_update(of=("self",)).select_related("sheet", "unit").get(pk=assessment_pk)  # fmt: skip


def _criterion(a: Assessment, criterion: Criterion) -> Criterion:
    if criterion.sheet_id != a.sheet_id or criterion.pk not in {c.pk for c in leaves(a.sheet)}:
        raise ValidationError({"criterion": [_("Tiêu chí không thuộc bảng điểm này.")]})
    return criterion


def _check_max(criterion: Criterion, points: Decimal) -> None:
    if points > criterion.max_points:
        raise ValidationError({"points": [_("Điểm không được quá %(m)s.") % {"m": criterion.max_points}]})  # fmt: skip


@transaction.atomic
def set_self_score(*, actor, assessment: Assessment, criterion: Criterion, points, evidence: str) -> Score:  # fmt: skip
    """The base scores a manual criterion, with its evidence (required above zero)."""
    a = _locked(assessment.pk)
    require_edit(actor, a.unit)
    if a.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("Bản tự chấm đã gửi cấp trên, không sửa được nữa."))
    c = _criterion(a, criterion)
    if c.method != Method.MANUAL:
        raise ValidationError({"criterion": [_("Tiêu chí này được chấm tự động từ số liệu.")]})
    pts = _points(points)
    _check_max(c, pts)
    evidence = text(evidence, "evidence", required=pts > 0, limit=2000)
    score, _created = Score.objects.update_or_create(assessment=a, criterion=c, defaults={"points": pts, "evidence": evidence})  # fmt: skip
    retotal(a.sheet, [a.pk])
    audit.record(actor=actor, action="oversight.assessment.self_score", unit=a.unit, obj=a, data={"criterion": c.pk, "points": str(pts)})  # fmt: skip
    return score


@transaction.atomic
def submit_assessment(*, actor, assessment: Assessment) -> Assessment:
    a = _locked(assessment.pk)
    require_edit(actor, a.unit)
    if a.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("Bản tự chấm này đã gửi."))
    manual = [c for c in leaves(a.sheet) if c.method == Method.MANUAL]
    scored = set(a.scores.filter(criterion__in=manual).values_list("criterion_id", flat=True))
    missing = [c for c in manual if c.pk not in scored]
    if missing:
        raise ValidationError(_("Còn %(n)d tiêu chí chưa chấm: %(c)s.") % {"n": len(missing), "c": str(missing[0])})  # fmt: skip
    a.scores.update(self_points=F("points"))
    a.status, a.submitted_at, a.submitted_by = AssessmentStatus.SUBMITTED, timezone.now(), user_or_none(actor)  # fmt: skip
    a.save(update_fields=["status", "submitted_at", "submitted_by"])
    audit.record(actor=actor, action="oversight.assessment.submit", unit=a.unit, obj=a, data={"total": str(a.total)})  # fmt: skip
    return a


def _require_above(actor, a: Assessment) -> None:
    """Review and final are the level above's: edit on the base's parent."""
    parent = Unit.objects.get_parent(a.unit)
    if getattr(actor, "pk", None) and (parent is None or not has_perm_on(actor, parent, "edit")):
        raise PermissionDenied(_("Chỉ cấp trên trực tiếp mới thẩm định được bản tự chấm."))


@transaction.atomic
def review_score(*, actor, assessment: Assessment, criterion: Criterion, points, comment: str) -> ScoreChange:  # fmt: skip
    a = _locked(assessment.pk)
    _require_above(actor, a)
    if a.status not in (AssessmentStatus.SUBMITTED, AssessmentStatus.REVIEWED):
        raise ValidationError(_("Chỉ thẩm định được bản tự chấm đã gửi, chưa công nhận."))
    c = _criterion(a, criterion)
    pts = _points(points)
    _check_max(c, pts)
    comment = text(comment, "comment", required=True, limit=2000)
    score, _created = Score.objects.select_for_update().get_or_create(assessment=a, criterion=c)
    if score.points == pts:
        raise ValidationError({"points": [_("Điểm không thay đổi.")]})
    change = ScoreChange.objects.create(score=score, stage=AssessmentStatus.REVIEWED, old=score.points, new=pts, comment=comment, by=user_or_none(actor))  # fmt: skip
    score.points = pts
    score.save(update_fields=["points"])
    retotal(a.sheet, [a.pk])
    audit.record(actor=actor, action="oversight.assessment.review_score", unit=a.unit, obj=a, data={"criterion": c.pk, "old": str(change.old), "new": str(pts)})  # fmt: skip
    return change


@transaction.atomic
def return_assessment(*, actor, assessment: Assessment, reason: str) -> Assessment:
    """The level above sends a submitted self-assessment back to the base to be scored again,
    with the reason; the review changes made so far stay in each score's history."""
    a = _locked(assessment.pk)
    _require_above(actor, a)
    if a.status not in (AssessmentStatus.SUBMITTED, AssessmentStatus.REVIEWED):
        raise ValidationError(_("Chỉ trả lại được bản tự chấm đã gửi, chưa công nhận."))
    reason = text(reason, "reason", required=True, limit=2000)
    a.status, a.returned_at, a.returned_by, a.return_reason = AssessmentStatus.DRAFT, timezone.now(), user_or_none(actor), reason  # fmt: skip
    a.save(update_fields=["status", "returned_at", "returned_by", "return_reason"])
    audit.record(actor=actor, action="oversight.assessment.return", unit=a.unit, obj=a, data={"reason": reason})  # fmt: skip
    return a


@transaction.atomic
def finalise(*, actor, assessment: Assessment) -> Assessment:
    """The level above closes its review and recognises the class (final)."""
    a = _locked(assessment.pk)
    _require_above(actor, a)
    if a.status not in (AssessmentStatus.SUBMITTED, AssessmentStatus.REVIEWED):
        raise ValidationError(_("Bản tự chấm chưa gửi hoặc đã công nhận."))
    retotal(a.sheet, [a.pk])
    a.refresh_from_db()
    now, by = timezone.now(), user_or_none(actor)
    a.status, a.reviewed_at, a.reviewed_by, a.final_at, a.final_by = AssessmentStatus.FINAL, a.reviewed_at or now, a.reviewed_by or by, now, by  # fmt: skip
    a.save(update_fields=["status", "reviewed_at", "reviewed_by", "final_at", "final_by"])
    audit.record(actor=actor, action="oversight.assessment.final", unit=a.unit, obj=a, data={"total": str(a.total), "class": a.classification})  # fmt: skip
    mark_strong_changed(a)
    return a
