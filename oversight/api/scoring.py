"""Score sheets, automatic scoring, ranking, assessments (self-scores, submit, review, final)."""

from django.core.exceptions import ValidationError
from ninja import Status

from accounts.access import get_unit_for_user
from core.inputs import Id, Year

from .. import selectors, services
from ..models import Assessment, Criterion, Score, ScoreSheet
from ..presets import create_seed000_sheet
from ..scoring import score_sheet
from .common import edit, router
from .schemas import AssessmentOut, RankOut, ReturnIn, ScoreReviewIn, SelfScoreIn, SheetIn, SheetOut


def _sheet(s: ScoreSheet) -> dict:
    return {
        "id": s.pk, "unit_id": s.unit_id, "year": s.year, "base_type": s.base_type, "name": s.name,
        "criteria": list(s.criteria.values("id", "parent_id", "number", "text", "max_points", "method", "indicator", "rule")),
        "classes": list(s.classes.values("code", "name", "min_points", "strong")),
    }  # fmt: skip


def _assessment(a: Assessment) -> dict:
    scores = Score.objects.filter(assessment=a).prefetch_related("changes")
    return {
        "id": a.pk, "sheet_id": a.sheet_id, "unit_id": a.unit_id, "status": a.status,
        "total": a.total, "classification": a.classification, "strong": a.strong,
        "return_reason": a.return_reason,
        "scores": [
            {"criterion_id": s.criterion_id, "points": s.points, "self_points": s.self_points,
             "value": s.value, "evidence": s.evidence,
             "changes": [{"old": c.old, "new": c.new, "comment": c.comment, "at": c.at} for c in s.changes.all()]}
            for s in scores
        ],
    }  # fmt: skip


@router.get("/units/{int:unit_id}/oversight/sheets", response=list[SheetOut], summary="Bảng điểm thi đua áp dụng cho đơn vị")  # fmt: skip
def list_sheets(request, unit_id: Id, year: Year | None = None):
    unit = get_unit_for_user(request.auth, unit_id)
    return [_sheet(s) for s in selectors.sheets_for(unit, year)[:50]]


@router.post("/units/{int:unit_id}/oversight/sheets", response={201: SheetOut}, summary="Ban hành bảng điểm (tiêu chí, cách chấm, mức xếp loại) hoặc bảng mẫu")  # fmt: skip
def create_sheet(request, unit_id: Id, payload: SheetIn):
    unit = get_unit_for_user(request.auth, unit_id)
    edit(request.auth, unit)
    if payload.preset:
        s = create_seed000_sheet(actor=request.auth, unit=unit, year=payload.year, base_type=payload.base_type)  # fmt: skip
    else:
        if not payload.criteria:
            raise ValidationError({"criteria": ["Hãy ghi các tiêu chí."]})
        s = services.create_sheet(
            actor=request.auth, unit=unit, year=payload.year, name=payload.name,
            base_type=payload.base_type, criteria=payload.criteria, classes=payload.classes,
        )  # fmt: skip
    return Status(201, _sheet(s))


@router.get("/oversight/sheets/{int:pk}", response=SheetOut, summary="Một bảng điểm")
def get_sheet(request, pk: Id):
    return _sheet(selectors.get_sheet_for_user(request.auth, pk))


@router.post("/oversight/sheets/{int:pk}/score", response=dict, summary="Chấm tự động mọi Hội cơ sở của bảng điểm")  # fmt: skip
def score(request, pk: Id):
    s = selectors.get_sheet_for_user(request.auth, pk)
    edit(request.auth, s.unit)
    return {"scored": score_sheet(s)}


@router.get("/units/{int:unit_id}/oversight/sheets/{int:sheet_id}/ranking", response=list[RankOut], summary="Xếp hạng các Hội cơ sở thuộc đơn vị")  # fmt: skip
def ranking(request, unit_id: Id, sheet_id: Id):
    unit = get_unit_for_user(request.auth, unit_id)
    s = selectors.get_sheet_for_user(request.auth, sheet_id)
    return [r.__dict__ for r in selectors.ranking(s, unit)]


@router.get("/oversight/assessments/{int:pk}", response=AssessmentOut, summary="Một bản chấm điểm")  # fmt: skip
def get_assessment(request, pk: Id):
    return _assessment(selectors.get_assessment_for_user(request.auth, pk))


def _crit(a: Assessment, criterion_id: int) -> Criterion:
    c = Criterion.objects.filter(sheet_id=a.sheet_id, pk=criterion_id).first()
    if c is None:
        raise ValidationError({"criterion": ["Tiêu chí không thuộc bảng điểm này."]})
    return c


@router.put("/oversight/assessments/{int:pk}/scores/{int:criterion_id}", response=AssessmentOut, summary="Tự chấm một tiêu chí (có minh chứng)")  # fmt: skip
def self_score(request, pk: Id, criterion_id: Id, payload: SelfScoreIn):
    a = selectors.get_assessment_for_user(request.auth, pk)
    services.set_self_score(actor=request.auth, assessment=a, criterion=_crit(a, criterion_id), points=payload.points, evidence=payload.evidence)  # fmt: skip
    a.refresh_from_db()
    return _assessment(a)


@router.post("/oversight/assessments/{int:pk}/submit", response=AssessmentOut, summary="Gửi bản tự chấm lên cấp trên")  # fmt: skip
def submit(request, pk: Id):
    a = selectors.get_assessment_for_user(request.auth, pk)
    return _assessment(services.submit_assessment(actor=request.auth, assessment=a))


@router.post("/oversight/assessments/{int:pk}/review", response=AssessmentOut, summary="Cấp trên sửa điểm một tiêu chí, có nhận xét")  # fmt: skip
def review(request, pk: Id, payload: ScoreReviewIn):
    a = selectors.get_assessment_for_user(request.auth, pk)
    services.review_score(actor=request.auth, assessment=a, criterion=_crit(a, payload.criterion_id), points=payload.points, comment=payload.comment)  # fmt: skip
    a.refresh_from_db()
    return _assessment(a)


@router.post("/oversight/assessments/{int:pk}/final", response=AssessmentOut, summary="Cấp trên công nhận kết quả")  # fmt: skip
def final(request, pk: Id):
    a = selectors.get_assessment_for_user(request.auth, pk)
    return _assessment(services.finalise(actor=request.auth, assessment=a))


@router.post("/oversight/assessments/{int:pk}/return", response=AssessmentOut, summary="Cấp trên trả lại bản tự chấm để cơ sở chấm lại, có lý do")  # fmt: skip
def send_back(request, pk: Id, payload: ReturnIn):
    a = selectors.get_assessment_for_user(request.auth, pk)
    return _assessment(
        services.return_assessment(actor=request.auth, assessment=a, reason=payload.reason)
    )
