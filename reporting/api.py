"""Periodic reports over the API: the forms, a unit's report for a period (values with their
sources), typing values, submit / approve / return / reopen, completeness of the units below.

Reads need "view" on the unit (404 outside the user's scope); typing and submitting need "edit"
(403 inside the scope without it); approving, returning and reopening need "manage" on the
approving level (403). Refusals of the rules (a locked period, a failed check) are 422. Every
write is audited by its service.
"""

import datetime

from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema

from accounts.access import get_unit_for_user, require_perm_on
from core.inputs import Code, Id, Line, Text

from . import selectors, services
from .models import Report

router = Router(tags=["Báo cáo định kỳ"])

_NEED_EDIT = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này để nhập báo cáo.")
MAX_VALUE = 10**15


class ItemOut(Schema):
    code: str
    name: str
    section: str
    value_type: str = Field(description="count, vnd hoặc percent")
    computed: bool = Field(description="chỉ tiêu của danh mục, tính từ hồ sơ")


class ReportRuleOut(Schema):
    left: str
    op: str = Field(description="le, ge, eq hoặc jump")
    right: str
    factor: float
    constant: int
    severity: str = Field(description="error chặn nộp; warning cần ghi chú")
    message: str


class FormOut(Schema):
    code: str
    name: str
    period_type: str = Field(description="month, quarter, half hoặc year")
    levels: list[str]
    approvers: list[str] = Field(description="các cấp duyệt, từ dưới lên")
    deadline_days: int
    items: list[ItemOut]
    rules: list[ReportRuleOut]


class ReportValueOut(Schema):
    code: str
    name: str
    value: float | None = Field(description="số báo cáo nếu có, nếu không: số tính được")
    typed: int | None = Field(description="số đơn vị nhập (thay số tính từ hồ sơ)")
    computed: float | None = Field(description="số tính từ hồ sơ và báo cáo cấp dưới")
    source: str = Field(description="records, reported hoặc mixed")
    reported_units: int = Field(description="số đơn vị cấp dưới có số báo cáo được cộng vào")
    note: str


class ProblemOut(Schema):
    code: str
    severity: str
    message: str
    noted: bool


class ReportOut(Schema):
    id: int | None
    form: str
    unit_id: int
    period: str
    start: datetime.date
    end: datetime.date
    due_on: datetime.date
    status: str = Field(
        description="draft, submitted, returned, approved, reopened; none: chưa lập"
    )
    step: int = Field(description="số cấp đã duyệt")
    next_approver_id: int | None
    on_behalf: bool
    comment: str
    values: list[ReportValueOut]
    problems: list[ProblemOut]


class ReportValueIn(Schema):
    code: Code
    value: int | None = Field(None, ge=0, le=MAX_VALUE)
    note: Line = Field("", max_length=500)


class ValuesIn(Schema):
    values: list[ReportValueIn] = Field(max_length=500)
    on_behalf: bool = Field(False, description="cấp trên nhập thay đơn vị chưa dùng sohoi")


class CommentIn(Schema):
    comment: Text = Field("", max_length=1000)


class ChildOut(Schema):
    unit_id: int
    unit_name: str
    report_id: int | None
    status: str
    timeliness: str = Field(description="on_time, late, missing hoặc not_yet")
    submitted_at: datetime.datetime | None


class CompletenessOut(Schema):
    total: int
    on_time: int
    late: int
    missing: int
    not_yet: int
    pct_on_time: int
    units: list[ChildOut]


def _form(f) -> dict:
    from .values import indicator_of, item_name

    return {
        "code": f.code,
        "name": f.name,
        "period_type": f.period_type,
        "levels": f.levels,
        "approvers": f.approvers,
        "deadline_days": f.deadline_days,
        "items": [
            {"code": i.code, "name": item_name(i),
             "section": i.section, "value_type": i.value_type,
             "computed": indicator_of(i) is not None}
            for i in f.items.all()
        ],
        "rules": [
            {"left": r.left, "op": r.op, "right": r.right, "factor": float(r.factor),
             "constant": r.constant, "severity": r.severity, "message": r.message}
            for r in f.rules.all()
        ],
    }  # fmt: skip


def _report(r: Report, period) -> dict:
    lines = services.report_lines(r)
    problems = services.problems(r, lines) if r.pk else []
    nxt = services.next_approver(r) if r.pk else None
    return {
        "id": r.pk,
        "form": r.form.code,
        "unit_id": r.unit_id,
        "period": period.key,
        "start": r.start,
        "end": r.end,
        "due_on": r.due_on,
        "status": r.status if r.pk else "none",
        "step": r.step,
        "next_approver_id": nxt.pk if nxt else None,
        "on_behalf": r.on_behalf,
        "comment": r.comment,
        "values": [
            {"code": x.item.code, "name": x.name, "value": x.value, "typed": x.typed,
             "computed": x.figure.value, "source": x.source, "reported_units": x.figure.below,
             "note": x.note}
            for x in lines
        ],
        "problems": [
            {"code": p.code, "severity": p.rule.severity, "message": p.message, "noted": p.noted}
            for p in problems
        ],
    }  # fmt: skip


def _get(request, unit_id: int, form: str, key: str, perm: str = "view"):
    unit = get_unit_for_user(request.auth, unit_id)
    f = selectors.get_form(unit, form)
    period = selectors.get_period(f, key)
    return unit, f, period


_PATH = "/units/{int:unit_id}/reports/{form}/{key}"


@router.get(
    "/units/{int:unit_id}/report-forms", response=list[FormOut], summary="Biểu mẫu đơn vị lập"
)
def unit_forms(request, unit_id: Id):
    unit = get_unit_for_user(request.auth, unit_id)
    return [_form(f) for f in selectors.forms_for(unit)]


@router.get(_PATH, response=ReportOut, summary="Báo cáo của đơn vị trong một kỳ (số liệu và nguồn)")
def get_report(request, unit_id: Id, form: Code, key: Code):
    unit, f, period = _get(request, unit_id, form, key)
    return _report(selectors.report_of(f, unit, period), period)


@router.post(f"{_PATH}/values", response=ReportOut, summary="Nhập số liệu (cả ghi chú)")
def put_values(request, unit_id: Id, form: Code, key: Code, payload: ValuesIn):
    unit, f, period = _get(request, unit_id, form, key)
    require_perm_on(request.auth, unit, "edit", _NEED_EDIT)
    r = services.open_report(
        actor=request.auth, form=f, unit=unit, period=period, on_behalf=payload.on_behalf
    )
    for v in payload.values:
        services.save_value(actor=request.auth, report=r, code=v.code, value=v.value, note=v.note)
    return _report(selectors.report_of(f, unit, period), period)


@router.post(f"{_PATH}/submit", response=ReportOut, summary="Nộp báo cáo lên cấp trên")
def submit(request, unit_id: Id, form: Code, key: Code):
    unit, f, period = _get(request, unit_id, form, key)
    require_perm_on(request.auth, unit, "edit", _NEED_EDIT)
    r = services.open_report(actor=request.auth, form=f, unit=unit, period=period)
    services.submit_report(actor=request.auth, report=r)
    return _report(selectors.report_of(f, unit, period), period)


def _existing(request, unit_id: int, form: str, key: str):
    unit, f, period = _get(request, unit_id, form, key)
    r = selectors.report_of(f, unit, period)
    if r.pk is None:
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        raise ValidationError(_("Đơn vị chưa lập báo cáo kỳ này."))
    return unit, f, period, r


@router.post(f"{_PATH}/approve", response=ReportOut, summary="Duyệt báo cáo (cấp duyệt kế tiếp)")
def approve(request, unit_id: Id, form: Code, key: Code, payload: CommentIn):
    unit, f, period, r = _existing(request, unit_id, form, key)
    services.approve_report(actor=request.auth, report=r, comment=payload.comment)
    return _report(selectors.report_of(f, unit, period), period)


@router.post(f"{_PATH}/return", response=ReportOut, summary="Trả lại báo cáo kèm ý kiến")
def return_(request, unit_id: Id, form: Code, key: Code, payload: CommentIn):
    unit, f, period, r = _existing(request, unit_id, form, key)
    services.return_report(actor=request.auth, report=r, comment=payload.comment)
    return _report(selectors.report_of(f, unit, period), period)


@router.post(f"{_PATH}/reopen", response=ReportOut, summary="Mở lại kỳ đã duyệt (ghi lý do)")
def reopen(request, unit_id: Id, form: Code, key: Code, payload: CommentIn):
    unit, f, period, r = _existing(request, unit_id, form, key)
    services.reopen_report(actor=request.auth, report=r, reason=payload.comment)
    return _report(selectors.report_of(f, unit, period), period)


@router.get(
    f"{_PATH}/completeness",
    response=CompletenessOut,
    summary="Đơn vị cấp dưới nộp đúng hạn, muộn, chưa nộp",
)
def completeness(request, unit_id: Id, form: Code, key: Code):
    unit, f, period = _get(request, unit_id, form, key)
    rows = selectors.children_rows(f, unit, period, [])
    done = selectors.completeness(rows)
    return {
        **{k: done[k] for k in ("total", "on_time", "late", "missing", "not_yet", "pct_on_time")},
        "units": [
            {"unit_id": row.unit.pk, "unit_name": row.unit.name,
             "report_id": row.report.pk if row.report else None,
             "status": row.report.status if row.report else "none",
             "timeliness": row.timeliness,
             "submitted_at": row.report.submitted_at if row.report else None}
            for row in rows
        ],
    }  # fmt: skip


@router.get(
    "/reports/waiting", response=list[ReportOut], summary="Báo cáo chờ tôi (duyệt hoặc sửa)"
)
def waiting(request):
    out = []
    for r in selectors.waiting_for(request.auth, limit=100):
        out.append(_report(r, r.period))
    return out
