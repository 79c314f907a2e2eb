"""Humanitarian work over the API: hardship categories, beneficiaries (the sensitive part for
editors only, every read of it logged), humanitarian addresses (lifecycle, reviews, sponsors),
assistance records, campaigns (parcel types, participants, progress), recipient lists (lines,
approval, withdrawal, deliveries).

Scoped like the pages: outside the user's scope 404; inside it without edit rights 403; a
service's refusal 422 with its reason in Vietnamese (a refused recipient list: every line with
its reason under ``lines``).
"""

import datetime

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core.inputs import Code, Day, Id, Line, Money, Text
from funds.selectors import get_donor_for_user
from people.models import Person

from . import selectors, services
from .models import (
    AddressStatus,
    CampaignKind,
    CloseReason,
    Delivery,
    HardshipCategory,
    Relation,
    ReviewOutcome,
    Source,
)
from .services.beneficiaries import categories_for

router = Router(tags=["Nhân đạo"])
_NEED_EDIT = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này.")
Pk = Id


def _edit(user, unit) -> None:
    require_perm_on(user, unit, "edit", str(_NEED_EDIT))


# --- schemas -----------------------------------------------------------------------------------


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    added_by_unit_id: int | None


class CategoryIn(Schema):
    name: Line = Field(min_length=1, max_length=120)


class BeneficiaryOut(Schema):
    id: int
    person_id: int
    full_name: str
    birth_year: int | None
    sex: str
    unit_id: int
    head_id: int | None
    relation: str
    since: datetime.date
    ended_on: datetime.date | None
    categories: list[str] | None = Field(
        description="Mã diện khó khăn: chỉ người nhập liệu nhận được (mỗi lần đọc được ghi nhật ký)"
    )
    health: str | None
    income: str | None


class PersonIn(Schema):
    person_id: Pk | None = Field(None, description="Một người đã có trong phạm vi của bạn")
    full_name: Line = Field("", max_length=120)
    birth_year: int | None = Field(None, ge=1900, le=2100)
    sex: Code = Field("", description="M hoặc F")
    cccd: Line = Field("", max_length=20)
    address: Line = Field("", max_length=255)
    phone: Line = Field("", max_length=15)


class BeneficiaryIn(PersonIn):
    since: Day
    categories: list[Code] = Field(default_factory=list, max_length=50)
    health: Text = Field("", max_length=2000)
    income: Text = Field("", max_length=2000)
    head_id: Pk | None = None
    relation: Relation = Relation.HEAD
    confirm_duplicate: bool = False


class StepOut(Schema):
    status: str
    on: datetime.date
    reason: str
    by: str


class AddressOut(Schema):
    id: int
    beneficiary_id: int
    full_name: str
    unit_id: int
    status: str
    status_on: datetime.date
    proposed_on: datetime.date
    review_due: datetime.date | None
    close_reason: str
    steps: list[StepOut] = Field(default_factory=list)


class ProposeIn(Schema):
    on: Day
    reason: Text = Field("", max_length=2000)


class AdvanceIn(Schema):
    to: AddressStatus
    on: Day
    reason: Text = Field("", max_length=2000)
    survey: Text = Field("", max_length=2000)


class CloseIn(Schema):
    on: Day
    reason: CloseReason
    note: Text = Field("", max_length=2000)


class ReviewIn(Schema):
    reviewed_on: Day
    outcome: ReviewOutcome
    note: Text = Field("", max_length=2000)


class ReviewOut(Schema):
    id: int
    due: datetime.date
    reviewed_on: datetime.date
    outcome: str
    on_time: bool


class SponsorIn(Schema):
    donor_id: Pk
    start: Day
    end: Day | None = None
    monthly: Money = 0
    in_kind: Line = Field("", max_length=255)


class SponsorOut(Schema):
    id: int
    donor_id: int
    donor: str
    pledge_id: int | None
    monthly: int
    in_kind: str
    start: datetime.date
    end: datetime.date | None
    ended_on: datetime.date | None


class EndIn(Schema):
    on: Day


class AssistanceIn(Schema):
    person_id: Pk
    beneficiary_id: Pk | None = None
    on: Day
    cash: Money = 0
    goods: Money = 0
    description: Line = Field(min_length=1, max_length=255)
    source: Source
    sponsorship_id: Pk | None = None
    campaign_id: Pk | None = None
    partner: Line = Field("", max_length=255)


class AssistanceOut(Schema):
    id: int
    unit_id: int
    person_id: int
    on: datetime.date
    cash: int
    goods: int
    description: str
    source: str
    fund_entry_id: int | None
    withdrawn: bool


class WithdrawIn(Schema):
    on: Day
    reason: Line = Field(min_length=1, max_length=255)


class ParcelIn(Schema):
    name: Line = Field(min_length=1, max_length=120)
    cash: Money = 0
    goods: Money = 0


class ParcelOut(Schema):
    id: int
    name: str
    cash: int
    goods: int


class CampaignIn(Schema):
    name: Line = Field(min_length=1, max_length=255)
    kind: CampaignKind
    start: Day
    end: Day
    target_gifts: int = Field(0, ge=0, le=10**8)
    target_value: Money = 0
    target_addresses: int = Field(0, ge=0, le=10**8)
    partners: Text = Field("", max_length=2000)


class ProgressOut(Schema):
    unit_id: int
    unit_name: str
    target_gifts: int
    target_value: int
    gifts: int
    value: int
    delivered: int


class CampaignOut(Schema):
    id: int
    name: str
    kind: str
    unit_id: int
    start: datetime.date
    end: datetime.date
    target_gifts: int
    target_value: int
    target_addresses: int
    partners: str
    parcel_types: list[ParcelOut] = Field(default_factory=list)
    progress: list[ProgressOut] = Field(default_factory=list)


class ParticipantIn(Schema):
    unit_id: Pk
    target_gifts: int = Field(0, ge=0, le=10**8)
    target_value: Money = 0


class ListIn(Schema):
    unit_id: Pk
    title: Line = Field("", max_length=255)
    from_fund: bool = False


class LineOut(Schema):
    id: int
    person_id: int
    full_name: str
    birth_year: int | None
    address: str
    parcel_type_id: int
    cash: int
    goods: int
    delivery: str
    delivered_at: datetime.datetime | None


class ListOut(Schema):
    id: int
    campaign_id: int
    unit_id: int
    title: str
    status: str
    from_fund: bool
    approved_on: datetime.date | None
    fund_entry_id: int | None
    lines: list[LineOut] = Field(default_factory=list)


class LineIn(PersonIn):
    parcel_type_id: Pk | None = None


class LinesIn(Schema):
    lines: list[LineIn] = Field(min_length=1, max_length=services.recipients.MAX_LINES)


class RefusedLine(Schema):
    line: int
    reason: str


class Refused(Schema):
    detail: str
    lines: list[RefusedLine]


class ApproveIn(Schema):
    on: Day


class DeliveryIn(Schema):
    id: Pk
    delivery: Delivery


class DeliveriesIn(Schema):
    marks: list[DeliveryIn] = Field(min_length=1, max_length=services.recipients.MAX_LINES)


# --- converters --------------------------------------------------------------------------------


def _beneficiary(user, b) -> dict:
    sensitive = selectors.reveal(user, b)
    codes = list(b.categories.values_list("code", flat=True)) if sensitive else None
    p = b.person
    return {
        "id": b.pk, "person_id": p.pk, "full_name": p.full_name, "birth_year": p.birth_year,
        "sex": p.sex, "unit_id": b.unit_id, "head_id": b.head_id, "relation": b.relation,
        "since": b.since, "ended_on": b.ended_on, "categories": codes,
        "health": sensitive.health if sensitive else None,
        "income": sensitive.income if sensitive else None,
    }  # fmt: skip


def _address(a, steps: bool = False) -> dict:
    out = {
        "id": a.pk, "beneficiary_id": a.beneficiary_id,
        "full_name": a.beneficiary.person.full_name, "unit_id": a.unit_id, "status": a.status,
        "status_on": a.status_on, "proposed_on": a.proposed_on, "review_due": a.review_due,
        "close_reason": a.close_reason, "steps": [],
    }  # fmt: skip
    if steps:
        out["steps"] = [
            {"status": s.status, "on": s.on, "reason": s.reason,
             "by": s.by.get_username() if s.by else ""}
            for s in a.steps.select_related("by")
        ]  # fmt: skip
    return out


def _assistance(a) -> dict:
    return {
        "id": a.pk, "unit_id": a.unit_id, "person_id": a.person_id, "on": a.on, "cash": a.cash,
        "goods": a.goods, "description": a.description, "source": a.source,
        "fund_entry_id": a.fund_entry_id, "withdrawn": a.withdrawn_at is not None,
    }  # fmt: skip


def _campaign(user, c, unit=None, full: bool = False) -> dict:
    out = {
        "id": c.pk, "name": c.name, "kind": c.kind, "unit_id": c.unit_id, "start": c.start,
        "end": c.end, "target_gifts": c.target_gifts, "target_value": c.target_value,
        "target_addresses": c.target_addresses, "partners": c.partners,
        "parcel_types": [], "progress": [],
    }  # fmt: skip
    if full:
        out["parcel_types"] = list(c.parcel_types.values("id", "name", "cash", "goods"))
        out["progress"] = [
            {"unit_id": p.unit.pk, "unit_name": p.unit.name, "target_gifts": p.target_gifts,
             "target_value": p.target_value, "gifts": p.gifts, "value": p.value,
             "delivered": p.delivered}
            for p in selectors.progress(user, c, unit)
        ]  # fmt: skip
    return out


def _list(rl, lines: bool = False) -> dict:
    out = {
        "id": rl.pk, "campaign_id": rl.campaign_id, "unit_id": rl.unit_id, "title": rl.title,
        "status": rl.status, "from_fund": rl.from_fund, "approved_on": rl.approved_on,
        "fund_entry_id": rl.fund_entry_id, "lines": [],
    }  # fmt: skip
    if lines:
        out["lines"] = list(
            selectors.list_lines(rl).values(
                "id", "person_id", "full_name", "birth_year", "address", "parcel_type_id",
                "cash", "goods", "delivery", "delivered_at",
            )
        )  # fmt: skip
    return out


def _line(n: int, x: PersonIn, parcel: int | None = None) -> services.RecipientLine:
    return services.RecipientLine(
        line=n, person_id=x.person_id, full_name=x.full_name, birth_year=x.birth_year,
        sex=x.sex, cccd=x.cccd, address=x.address, phone=x.phone, parcel_type_id=parcel,
    )  # fmt: skip


# --- categories and beneficiaries ---------------------------------------------------------------


@router.get("/units/{int:unit_id}/aid/categories", response=list[CategoryOut], summary="Diện khó khăn dùng ở đơn vị")  # fmt: skip
def unit_categories(request, unit_id: Pk):
    unit = get_unit_for_user(request.auth, unit_id)
    return [
        {"id": c.pk, "code": c.code, "name": c.name, "added_by_unit_id": c.unit_id}
        for c in categories_for(unit)
    ]


@router.post("/units/{int:unit_id}/aid/categories", response={201: CategoryOut}, summary="Tỉnh bổ sung diện khó khăn")  # fmt: skip
def add_category(request, unit_id: Pk, payload: CategoryIn):
    unit = get_unit_for_user(request.auth, unit_id)
    require_perm_on(request.auth, unit, "manage", str(_NEED_EDIT))
    c = services.add_category(actor=request.auth, unit=unit, name=payload.name)
    return Status(201, {"id": c.pk, "code": c.code, "name": c.name, "added_by_unit_id": c.unit_id})  # fmt: skip


@router.get("/units/{int:unit_id}/aid/beneficiaries", response=list[BeneficiaryOut], summary="Đối tượng trợ giúp của đơn vị (không kèm thông tin nhạy cảm)")  # fmt: skip
def unit_beneficiaries(request, unit_id: Pk):
    unit = get_unit_for_user(request.auth, unit_id)
    return [
        {**_beneficiary(None, b), "categories": None, "health": None, "income": None}
        for b in selectors.beneficiaries_of(request.auth, unit)[:5000]
    ]


def _person(user, unit, x: PersonIn, confirm: bool) -> Person:
    from people.services import create_person

    if x.person_id:
        p = Person.objects.visible_to(user, "edit").filter(pk=x.person_id).first()
        if p is None:
            raise Http404
        return p
    if x.cccd:
        found = Person.objects.visible_to(user, "edit").filter(cccd=x.cccd).first()
        if found is not None:
            return found
    return create_person(
        actor=user, unit=unit, confirm_duplicate=confirm, full_name=x.full_name,
        birth_year=x.birth_year, sex=x.sex, cccd=x.cccd, address_detail=x.address,
        phone=x.phone,
    )  # fmt: skip


@router.post("/units/{int:unit_id}/aid/beneficiaries", response={201: BeneficiaryOut}, summary="Đưa một người vào danh sách đối tượng trợ giúp")  # fmt: skip
def register_beneficiary(request, unit_id: Pk, payload: BeneficiaryIn):
    unit = get_unit_for_user(request.auth, unit_id)
    _edit(request.auth, unit)
    head = None
    if payload.head_id:
        head = selectors.get_beneficiary_for_user(request.auth, payload.head_id, "edit")
    with transaction.atomic():
        person = _person(request.auth, unit, payload, payload.confirm_duplicate)
        b = services.register_beneficiary(
            actor=request.auth, unit=unit, person=person, since=payload.since,
            categories=HardshipCategory.objects.filter(code__in=payload.categories),
            health=payload.health, income=payload.income, head=head, relation=payload.relation,
        )  # fmt: skip
    return Status(201, _beneficiary(request.auth, b))


@router.get("/aid/beneficiaries/{int:pk}", response=BeneficiaryOut, summary="Một đối tượng trợ giúp")  # fmt: skip
def get_beneficiary(request, pk: Pk):
    return _beneficiary(request.auth, selectors.get_beneficiary_for_user(request.auth, pk))


# --- addresses ----------------------------------------------------------------------------------


class AddressFilter(Schema):
    status: AddressStatus | None = None
    overdue: bool = False


@router.get("/units/{int:unit_id}/aid/addresses", response=list[AddressOut], summary="Địa chỉ nhân đạo của đơn vị (overdue=true: quá hạn rà soát)")  # fmt: skip
def unit_addresses(request, unit_id: Pk, filters: Query[AddressFilter]):
    unit = get_unit_for_user(request.auth, unit_id)
    if filters.overdue:
        rows = selectors.overdue_reviews(request.auth, unit)
    else:
        rows = selectors.addresses_of(request.auth, unit, filters.status or "")
    return [_address(a) for a in rows[:5000]]


@router.post("/aid/beneficiaries/{int:pk}/addresses", response={201: AddressOut}, summary="Đề xuất địa chỉ nhân đạo")  # fmt: skip
def propose_address(request, pk: Pk, payload: ProposeIn):
    b = selectors.get_beneficiary_for_user(request.auth, pk)
    _edit(request.auth, b.unit)
    a = services.propose_address(actor=request.auth, beneficiary=b, on=payload.on, reason=payload.reason)  # fmt: skip
    return Status(201, _address(a, steps=True))


@router.get("/aid/addresses/{int:pk}", response=AddressOut, summary="Một địa chỉ nhân đạo và các bước")  # fmt: skip
def get_address(request, pk: Pk):
    return _address(selectors.get_address_for_user(request.auth, pk), steps=True)


@router.post("/aid/addresses/{int:pk}/advance", response=AddressOut, summary="Chuyển bước: khảo sát, duyệt, hỗ trợ")  # fmt: skip
def advance_address(request, pk: Pk, payload: AdvanceIn):
    a = selectors.get_address_for_user(request.auth, pk)
    _edit(request.auth, a.unit)
    a = services.advance_address(actor=request.auth, address=a, **payload.dict())
    return _address(a, steps=True)


@router.post("/aid/addresses/{int:pk}/close", response=AddressOut, summary="Đóng địa chỉ nhân đạo")  # fmt: skip
def close_address(request, pk: Pk, payload: CloseIn):
    a = selectors.get_address_for_user(request.auth, pk)
    _edit(request.auth, a.unit)
    return _address(services.close_address(actor=request.auth, address=a, **payload.dict()), steps=True)  # fmt: skip


@router.get("/aid/addresses/{int:pk}/reviews", response=list[ReviewOut], summary="Các lần rà soát")  # fmt: skip
def address_reviews(request, pk: Pk):
    a = selectors.get_address_for_user(request.auth, pk)
    return [
        {"id": r.pk, "due": r.due, "reviewed_on": r.reviewed_on, "outcome": r.outcome,
         "on_time": r.reviewed_on <= r.due}
        for r in a.reviews.all()
    ]  # fmt: skip


@router.post("/aid/addresses/{int:pk}/reviews", response={201: ReviewOut}, summary="Ghi kết quả rà soát hằng năm")  # fmt: skip
def review_address(request, pk: Pk, payload: ReviewIn):
    a = selectors.get_address_for_user(request.auth, pk)
    _edit(request.auth, a.unit)
    r = services.review_address(actor=request.auth, address=a, **payload.dict())
    return Status(201, {"id": r.pk, "due": r.due, "reviewed_on": r.reviewed_on,
                        "outcome": r.outcome, "on_time": r.reviewed_on <= r.due})  # fmt: skip


def _sponsor(s) -> dict:
    return {
        "id": s.pk, "donor_id": s.donor_id, "donor": str(s.donor), "pledge_id": s.pledge_id,
        "monthly": s.monthly, "in_kind": s.in_kind, "start": s.start, "end": s.end,
        "ended_on": s.ended_on,
    }  # fmt: skip


@router.get("/aid/addresses/{int:pk}/sponsorships", response=list[SponsorOut], summary="Nhà tài trợ của địa chỉ")  # fmt: skip
def address_sponsors(request, pk: Pk):
    a = selectors.get_address_for_user(request.auth, pk)
    return [_sponsor(s) for s in a.sponsorships.select_related("donor__person")]


@router.post("/aid/addresses/{int:pk}/sponsorships", response={201: SponsorOut}, summary="Nhà tài trợ nhận đỡ đầu địa chỉ")  # fmt: skip
def add_sponsor(request, pk: Pk, payload: SponsorIn):
    a = selectors.get_address_for_user(request.auth, pk)
    _edit(request.auth, a.unit)
    donor = get_donor_for_user(request.auth, payload.donor_id)
    s = services.add_sponsorship(
        actor=request.auth, address=a, donor=donor, start=payload.start, end=payload.end,
        monthly=payload.monthly, in_kind=payload.in_kind,
    )  # fmt: skip
    return Status(201, _sponsor(s))


@router.post("/aid/sponsorships/{int:pk}/end", response=SponsorOut, summary="Dừng cam kết tài trợ")  # fmt: skip
def end_sponsor(request, pk: Pk, payload: EndIn):
    s = selectors.get_sponsorship_for_user(request.auth, pk)
    _edit(request.auth, s.address.unit)
    return _sponsor(services.end_sponsorship(actor=request.auth, sponsorship=s, on=payload.on))


# --- assistance ---------------------------------------------------------------------------------


@router.get("/units/{int:unit_id}/aid/assistance", response=list[AssistanceOut], summary="Các lần trợ giúp của đơn vị trong năm")  # fmt: skip
def unit_assistance(request, unit_id: Pk, year: int | None = Query(None, ge=1900, le=2100)):
    unit = get_unit_for_user(request.auth, unit_id)
    rows = selectors.assistance_of(request.auth, unit, year or timezone.localdate().year)
    return [_assistance(a) for a in rows[:5000]]


@router.post("/units/{int:unit_id}/aid/assistance", response={201: AssistanceOut}, summary="Ghi một lần trợ giúp (nguồn quỹ: ghi chi quỹ nhân đạo cùng lúc)")  # fmt: skip
def record_assistance(request, unit_id: Pk, payload: AssistanceIn):
    unit = get_unit_for_user(request.auth, unit_id)
    _edit(request.auth, unit)
    person = Person.objects.visible_to(request.auth).filter(pk=payload.person_id).first()
    if person is None:
        raise Http404
    b = selectors.get_beneficiary_for_user(request.auth, payload.beneficiary_id) if payload.beneficiary_id else None  # fmt: skip
    s = selectors.get_sponsorship_for_user(request.auth, payload.sponsorship_id) if payload.sponsorship_id else None  # fmt: skip
    c = selectors.get_campaign_for_user(request.auth, payload.campaign_id) if payload.campaign_id else None  # fmt: skip
    a = services.record_assistance(
        actor=request.auth, unit=unit, person=person, beneficiary=b, sponsorship=s, campaign=c,
        on=payload.on, cash=payload.cash, goods=payload.goods, description=payload.description,
        source=payload.source, partner=payload.partner,
    )  # fmt: skip
    return Status(201, _assistance(a))


@router.post("/aid/assistance/{int:pk}/withdraw", response=AssistanceOut, summary="Rút bản ghi trợ giúp (đảo khoản chi quỹ)")  # fmt: skip
def withdraw_assistance(request, pk: Pk, payload: WithdrawIn):
    a = selectors.get_assistance_for_user(request.auth, pk)
    _edit(request.auth, a.unit)
    return _assistance(services.withdraw_assistance(actor=request.auth, assistance=a, **payload.dict()))  # fmt: skip


# --- campaigns and lists -----------------------------------------------------------------------


@router.get("/units/{int:unit_id}/aid/campaigns", response=list[CampaignOut], summary="Đợt vận động của đơn vị")  # fmt: skip
def unit_campaigns(request, unit_id: Pk):
    unit = get_unit_for_user(request.auth, unit_id)
    return [_campaign(request.auth, c) for c in selectors.campaigns_for(request.auth, unit)[:500]]


@router.post("/units/{int:unit_id}/aid/campaigns", response={201: CampaignOut}, summary="Tạo đợt vận động")  # fmt: skip
def create_campaign(request, unit_id: Pk, payload: CampaignIn):
    unit = get_unit_for_user(request.auth, unit_id)
    _edit(request.auth, unit)
    c = services.create_campaign(actor=request.auth, unit=unit, **payload.dict())
    return Status(201, _campaign(request.auth, c, full=True))


@router.get("/aid/campaigns/{int:pk}", response=CampaignOut, summary="Một đợt: loại quà, tiến độ từng đơn vị so với chỉ tiêu")  # fmt: skip
def get_campaign(request, pk: Pk, unit_id: Pk | None = None):
    c = selectors.get_campaign_for_user(request.auth, pk)
    unit = get_unit_for_user(request.auth, unit_id) if unit_id else None
    if unit is None and not has_perm_on(request.auth, c.unit):
        from accounts.access import top_units

        unit = top_units(request.auth).first()
    return _campaign(request.auth, c, unit, full=True)


@router.post("/aid/campaigns/{int:pk}/parcel-types", response={201: ParcelOut}, summary="Thêm loại quà")  # fmt: skip
def add_parcel(request, pk: Pk, payload: ParcelIn):
    c = selectors.get_campaign_for_user(request.auth, pk)
    _edit(request.auth, c.unit)
    p = services.add_parcel_type(actor=request.auth, campaign=c, **payload.dict())
    return Status(201, {"id": p.pk, "name": p.name, "cash": p.cash, "goods": p.goods})


@router.post("/aid/campaigns/{int:pk}/participants", response={201: ProgressOut}, summary="Đơn vị tham gia và chỉ tiêu")  # fmt: skip
def set_participant(request, pk: Pk, payload: ParticipantIn):
    c = selectors.get_campaign_for_user(request.auth, pk)
    _edit(request.auth, c.unit)
    unit = get_unit_for_user(request.auth, payload.unit_id)
    cu = services.set_participant(
        actor=request.auth, campaign=c, unit=unit, target_gifts=payload.target_gifts,
        target_value=payload.target_value,
    )  # fmt: skip
    return Status(201, {"unit_id": unit.pk, "unit_name": unit.name, "target_gifts": cu.target_gifts,
                        "target_value": cu.target_value, "gifts": 0, "value": 0, "delivered": 0})  # fmt: skip


@router.post("/aid/campaigns/{int:pk}/lists", response={201: ListOut}, summary="Lập danh sách nhận quà của một đơn vị")  # fmt: skip
def create_list(request, pk: Pk, payload: ListIn):
    c = selectors.get_campaign_for_user(request.auth, pk)
    unit = get_unit_for_user(request.auth, payload.unit_id)
    _edit(request.auth, unit)
    rl = services.create_list(actor=request.auth, campaign=c, unit=unit, title=payload.title, from_fund=payload.from_fund)  # fmt: skip
    return Status(201, _list(rl))


@router.get("/aid/lists/{int:pk}", response=ListOut, summary="Một danh sách nhận quà và các dòng")  # fmt: skip
def get_list(request, pk: Pk):
    return _list(selectors.get_list_for_user(request.auth, pk), lines=True)


@router.post("/aid/lists/{int:pk}/recipients", response={201: ListOut, 422: Refused}, summary="Thêm người nhận (tất cả hoặc không dòng nào)")  # fmt: skip
def add_recipients(request, pk: Pk, payload: LinesIn):
    rl = selectors.get_list_for_user(request.auth, pk)
    _edit(request.auth, rl.unit)
    lines = [_line(i, x, x.parcel_type_id) for i, x in enumerate(payload.lines, 1)]
    try:
        services.add_recipients(actor=request.auth, rlist=rl, lines=lines)
    except services.LinesRefused as e:
        return Status(422, {"detail": " ".join(e.messages[:20]),
                            "lines": [{"line": n, "reason": why} for n, why in e.lines]})  # fmt: skip
    return Status(201, _list(rl, lines=True))


@router.post("/aid/lists/{int:pk}/approve", response=ListOut, summary="Duyệt danh sách (chi quỹ: một bút toán cho cả danh sách)")  # fmt: skip
def approve_list(request, pk: Pk, payload: ApproveIn):
    rl = selectors.get_list_for_user(request.auth, pk)
    _edit(request.auth, rl.unit)
    return _list(services.approve_list(actor=request.auth, rlist=rl, on=payload.on))


@router.post("/aid/lists/{int:pk}/withdraw", response=ListOut, summary="Rút danh sách (đảo bút toán quỹ)")  # fmt: skip
def withdraw_list(request, pk: Pk, payload: WithdrawIn):
    rl = selectors.get_list_for_user(request.auth, pk)
    _edit(request.auth, rl.unit)
    return _list(services.withdraw_list(actor=request.auth, rlist=rl, **payload.dict()))


@router.post("/aid/lists/{int:pk}/deliveries", response=dict[str, int], summary="Ghi phát quà: đã nhận, vắng mặt, từ chối")  # fmt: skip
def record_deliveries(request, pk: Pk, payload: DeliveriesIn):
    rl = selectors.get_list_for_user(request.auth, pk)
    _edit(request.auth, rl.unit)
    marks = {m.id: str(m.delivery) for m in payload.marks}
    return services.record_deliveries(actor=request.auth, rlist=rl, marks=marks)


class FileOut(Schema):
    id: int
    title: str
    uploaded_at: datetime.datetime
    url: str = Field(description="Tải về (chỉ người có quyền nhập liệu ở đơn vị)")


@router.get("/aid/addresses/{int:pk}/files", response=list[FileOut], summary="Hồ sơ, hình ảnh của địa chỉ (người nhập liệu)")  # fmt: skip
def address_files(request, pk: Pk):
    from django.urls import reverse

    a = selectors.get_address_for_user(request.auth, pk)
    _edit(request.auth, a.unit)  # the case file is sensitive
    return [
        {"id": f.pk, "title": f.title, "uploaded_at": f.uploaded_at,
         "url": reverse("aid:file", args=[f.pk])}
        for f in a.files.filter(removed_at__isnull=True)
    ]  # fmt: skip
