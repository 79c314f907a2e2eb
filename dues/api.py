"""Dues over the API: the policy, the tick-list (read and record in bulk), receipts (list, create,
cancel), exemptions (list, grant, revoke), collection rates by child unit, the remittance statement.

Scoped like the pages: a unit, receipt or exemption outside the user's scope is 404; inside it, a
role below what the write needs is 403 (see dues.services for who may do what); a service's
refusal is 422 with its reason in Vietnamese.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from accounts.access import get_unit_for_user, require_perm_on
from core.api import Pagination
from core.inputs import Code, Day, Id, Line, Money, Year
from members.models import Membership
from members.selectors import get_membership_for_user
from people.api import PersonRef, UnitRef
from people.selectors import base_of

from . import selectors, services
from .models import ReceivingLevel

router = Router(tags=["Hội phí"])


def _year(year: int | None) -> int:
    return year or timezone.localdate().year


def _on(year: int, on: datetime.date | None) -> datetime.date:
    return on or min(timezone.localdate(), datetime.date(year, 12, 31))


# --- Schemas -------------------------------------------------------------------------------------


class PolicyOut(Schema):
    year: int
    amount: int = Field(description="Đồng mỗi hội viên mỗi năm")
    categories: list[str] = Field(description="Mã các loại hội viên phải đóng")
    exemption_cap_pct: int = Field(description="Tối đa % hội viên phải đóng của một Hội cơ sở")
    share_branch: int
    share_base: int
    share_above: int
    receiving_level: str = Field(description="province hoặc parent")
    note: str
    set_at: UnitRef | None = Field(description="Đơn vị đặt quy định; null: mặc định toàn quốc")

    @staticmethod
    def resolve_set_at(obj):
        return obj.unit if obj.unit_id else None


class PolicyIn(Schema):
    year: int = Field(ge=2000, le=2100)
    amount: Money
    categories: list[Code] = Field(max_length=50)
    exemption_cap_pct: int = Field(10, ge=0, le=100)
    share_branch: int = Field(50, ge=0, le=100)
    share_base: int = Field(30, ge=0, le=100)
    share_above: int = Field(20, ge=0, le=100)
    receiving_level: Code = Field(ReceivingLevel.PROVINCE, description="province hoặc parent")
    note: Line = Field("", max_length=255)


class PaymentOut(Schema):
    id: int
    receipt: str = Field(description="Năm-số biên lai trong sổ của Hội cơ sở, vd. 2026-00042")
    receipt_no: int
    membership_id: int
    person: PersonRef
    unit: UnitRef = Field(description="Đơn vị thu")
    base_id: int
    year: int
    amount: int
    paid_on: datetime.date
    note: str
    cancelled_at: datetime.datetime | None
    cancel_reason: str

    @staticmethod
    def resolve_receipt(obj) -> str:
        return obj.receipt_label


class TickRowOut(Schema):
    membership_id: int
    person: PersonRef
    unit: UnitRef
    status: str = Field(description="paid, exempt hoặc unpaid")
    receipt: str | None
    amount: int | None
    paid_on: datetime.date | None
    exemption_ref: str | None


class TickIn(Schema):
    year: int = Field(ge=2000, le=2100)
    paid_on: Day
    membership_ids: list[Id] = Field(
        max_length=100_000, description="Những hội viên đã đóng (đánh dấu)"
    )
    amount: Money | None = Field(None, description="Mặc định: mức của quy định")
    note: Line = Field("", max_length=255)


class TickOut(Schema):
    count: int
    total: int
    payments: list[PaymentOut]


class PaymentIn(Schema):
    membership_id: Id
    year: int = Field(ge=2000, le=2100)
    paid_on: Day
    amount: Money | None = Field(None, description="Mặc định: mức của quy định")
    note: Line = Field("", max_length=255)


class ReasonIn(Schema):
    reason: Line = Field(min_length=1, max_length=255)


class ExemptionOut(Schema):
    id: int
    membership_id: int
    person: PersonRef
    unit: UnitRef
    base_id: int
    year: int
    decision_ref: str
    decided_on: datetime.date
    reason: str
    revoked_at: datetime.datetime | None
    revoke_reason: str


class ExemptionIn(Schema):
    membership_id: Id
    year: int = Field(ge=2000, le=2100)
    decision_ref: Line = Field(min_length=1, max_length=64)
    decided_on: Day
    reason: Line = Field("", max_length=255)


class RateOut(Schema):
    unit: UnitRef
    members: int = Field(description="Hội viên đang sinh hoạt phải đóng")
    exempt: int = Field(description="Được miễn (và chưa đóng)")
    paid: int
    due: int = Field(description="members − exempt")
    rate: float | None = Field(description="paid ÷ due; null khi due = 0")


class RatesOut(Schema):
    year: int
    on: datetime.date
    total: RateOut
    children: list[RateOut] = Field(description="Theo đơn vị trực thuộc (và hội viên trực thuộc)")


class LineOut(Schema):
    unit: UnitRef
    own: bool = Field(description="Dòng của chính đơn vị lập bảng kê (sau các đơn vị trực thuộc)")
    collected: int
    received: int = Field(description="Các đơn vị trực thuộc phải nộp về đơn vị này")
    kept: int = Field(description="Để lại: đã thu + nhận từ cấp dưới − phải nộp")
    owed: int = Field(description="Phải nộp cấp trên")
    transferred: int = Field(description="Đã nộp (chuyển quỹ có dues_year)")
    outstanding: int


class StatementOut(Schema):
    year: int
    on: datetime.date
    recipient: UnitRef | None = Field(description="Đơn vị nhận phần nộp lên")
    total: LineOut = Field(description="Tổng các dòng, từng cột")
    upward: LineOut = Field(description="Cả đơn vị (cùng cấp dưới) với cấp trên")
    lines: list[LineOut]


class PeriodQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Mặc định: năm nay")
    on: Day | None = Field(None, description="Tính đến ngày (mặc định: hôm nay)")


def _rate(r: selectors.Rate) -> dict:
    return {
        "unit": r.unit,
        "members": r.members,
        "exempt": r.exempt,
        "paid": r.paid,
        "due": r.due,
        "rate": r.rate,
    }


def _line(line: selectors.RemittanceLine) -> dict:
    return {
        "unit": line.unit,
        "own": line.own,
        "collected": line.collected,
        "received": line.received,
        "kept": line.kept,
        "owed": line.owed,
        "transferred": line.transferred,
        "outstanding": line.outstanding,
    }


# --- Policy ------------------------------------------------------------------------------------


@router.get(
    "/units/{int:unit_id}/dues/policy",
    response=PolicyOut,
    summary="Quy định hội phí áp dụng cho đơn vị trong một năm (kế thừa từ cấp trên)",
)
def get_policy(request, unit_id: Id, year: Year | None = None):
    unit = get_unit_for_user(request.auth, unit_id)
    return selectors.effective_policy(unit, _year(year))


@router.put(
    "/units/{int:unit_id}/dues/policy",
    response=PolicyOut,
    summary="Đặt quy định hội phí của Tỉnh/Thành Hội (hoặc Trung ương) cho một năm",
)
def put_policy(request, unit_id: Id, payload: PolicyIn):
    user = request.auth
    unit = get_unit_for_user(user, unit_id)
    require_perm_on(user, unit, "manage", _("Chỉ quản lý Tỉnh/Thành Hội mới sửa quy định hội phí."))
    return services.set_policy(actor=user, unit=unit, **payload.dict())


# --- Tick-list ---------------------------------------------------------------------------------


@router.get(
    "/units/{int:unit_id}/dues/ticklist",
    response=list[TickRowOut],
    summary="Danh sách thu hội phí: mọi hội viên phải đóng của đơn vị và tình trạng",
)
def get_ticklist(request, unit_id: Id, period: Query[PeriodQuery]):
    unit = get_unit_for_user(request.auth, unit_id)
    year = _year(period.year)
    rows = selectors.ticklist(unit, year, period.on or timezone.localdate())
    return [
        {
            "membership_id": r.membership.pk,
            "person": r.membership.person,
            "unit": r.membership.unit,
            "status": r.status,
            "receipt": r.payment.receipt_label if r.payment else None,
            "amount": r.payment.amount if r.payment else None,
            "paid_on": r.payment.paid_on if r.payment else None,
            "exemption_ref": r.exemption.decision_ref if r.exemption else None,
        }
        for r in rows
    ]


@router.post(
    "/units/{int:unit_id}/dues/ticklist",
    response={201: TickOut},
    summary="Ghi hội phí cho những hội viên đã đánh dấu (một lần, tất cả hoặc không gì)",
)
def post_ticklist(request, unit_id: Id, payload: TickIn):
    user = request.auth
    unit = get_unit_for_user(user, unit_id)
    require_perm_on(user, unit, "edit", _("Cần quyền nhập liệu ở đơn vị này để ghi hội phí."))
    ids = set(payload.membership_ids)
    if not ids:
        raise HttpError(422, _("Chưa đánh dấu người nào đã đóng."))
    members = list(
        Membership.objects.visible_to(user, "edit")
        .filter(pk__in=ids, unit_path__startswith=unit.path)
        .select_related("person")
    )
    if len(members) != len(ids):
        raise HttpError(404, _("Không tìm thấy."))
    created = services.record_payments(
        actor=user,
        unit=unit,
        year=payload.year,
        paid_on=payload.paid_on,
        memberships=members,
        amount=payload.amount,
        note=payload.note,
    )
    return Status(
        201, {"count": len(created), "total": sum(p.amount for p in created), "payments": created}
    )


# --- Payments ------------------------------------------------------------------------------------


@router.get(
    "/units/{int:unit_id}/dues/payments",
    response=list[PaymentOut],
    summary="Biên lai hội phí thu trong đơn vị (cả cây con) một năm, kể cả biên lai đã huỷ",
)
@paginate(Pagination)
def list_payments(request, unit_id: Id, year: Year | None = None):
    unit = get_unit_for_user(request.auth, unit_id)
    return selectors.payments(unit, _year(year))


@router.post(
    "/units/{int:unit_id}/dues/payments",
    response={201: PaymentOut},
    summary="Ghi một biên lai hội phí (đơn vị thu: đơn vị của hội viên)",
)
def create_payment(request, unit_id: Id, payload: PaymentIn):
    user = request.auth
    unit = get_unit_for_user(user, unit_id)
    membership = get_membership_for_user(user, payload.membership_id, within=unit)
    require_perm_on(user, membership.unit, "edit", _("Cần quyền nhập liệu để ghi hội phí."))
    payment = services.record_payment(
        actor=user,
        membership=membership,
        year=payload.year,
        paid_on=payload.paid_on,
        amount=payload.amount,
        note=payload.note,
    )
    return Status(201, payment)


@router.post(
    "/dues/payments/{int:payment_id}/cancel",
    response=PaymentOut,
    summary="Huỷ biên lai (có lý do); biên lai vẫn được giữ và không còn được tính",
)
def cancel_payment(request, payment_id: Id, payload: ReasonIn):
    user = request.auth
    payment = selectors.get_payment_for_user(user, payment_id)
    require_perm_on(
        user, payment.unit, "edit", _("Cần quyền nhập liệu ở đơn vị thu để huỷ biên lai.")
    )
    return services.cancel_payment(actor=user, payment=payment, reason=payload.reason)


# --- Exemptions ----------------------------------------------------------------------------------


@router.get(
    "/units/{int:unit_id}/dues/exemptions",
    response=list[ExemptionOut],
    summary="Quyết định miễn hội phí trong đơn vị (cả cây con) một năm",
)
@paginate(Pagination)
def list_exemptions(request, unit_id: Id, year: Year | None = None):
    unit = get_unit_for_user(request.auth, unit_id)
    return selectors.exemptions(unit, _year(year))


@router.post(
    "/units/{int:unit_id}/dues/exemptions",
    response={201: ExemptionOut},
    summary="Ghi quyết định miễn hội phí (quản lý Hội cơ sở; tối đa theo tỷ lệ của quy định)",
)
def create_exemption(request, unit_id: Id, payload: ExemptionIn):
    user = request.auth
    unit = get_unit_for_user(user, unit_id)
    membership = get_membership_for_user(user, payload.membership_id, within=unit)
    require_perm_on(
        user,
        base_of(membership.unit),
        "manage",
        _("Chỉ quản lý Hội cơ sở mới quyết định miễn hội phí."),
    )
    exemption = services.grant_exemption(
        actor=user,
        membership=membership,
        year=payload.year,
        decision_ref=payload.decision_ref,
        decided_on=payload.decided_on,
        reason=payload.reason,
    )
    return Status(201, exemption)


@router.post(
    "/dues/exemptions/{int:exemption_id}/revoke",
    response=ExemptionOut,
    summary="Thu hồi quyết định miễn hội phí (có lý do)",
)
def revoke_exemption(request, exemption_id: Id, payload: ReasonIn):
    user = request.auth
    exemption = selectors.get_exemption_for_user(user, exemption_id)
    require_perm_on(
        user, exemption.base, "manage", _("Chỉ quản lý Hội cơ sở mới thu hồi quyết định miễn.")
    )
    return services.revoke_exemption(actor=user, exemption=exemption, reason=payload.reason)


# --- Rates and remittance ----------------------------------------------------------------------


@router.get(
    "/units/{int:unit_id}/dues/collection-rates",
    response=RatesOut,
    summary="Tỷ lệ thu hội phí của đơn vị và từng đơn vị trực thuộc, tính đến một ngày",
)
def collection_rates(request, unit_id: Id, period: Query[PeriodQuery]):
    unit = get_unit_for_user(request.auth, unit_id)
    year = _year(period.year)
    on = _on(year, period.on)
    total, rows = selectors.rates_by_child(unit, year, on)
    return {"year": year, "on": on, "total": _rate(total), "children": [_rate(r) for r in rows]}


@router.get(
    "/units/{int:unit_id}/dues/remittance",
    response=StatementOut,
    summary="Bảng kê thu, nộp hội phí: đã thu, phải nộp, đã nộp, còn phải nộp",
)
def remittance(request, unit_id: Id, period: Query[PeriodQuery]):
    unit = get_unit_for_user(request.auth, unit_id)
    year = _year(period.year)
    on = _on(year, period.on)
    s = selectors.remittance(unit, year, on)
    return {
        "year": year,
        "on": on,
        "recipient": s.recipient,
        "total": _line(s.total),
        "upward": _line(s.upward),
        "lines": [_line(line) for line in s.lines],
    }
