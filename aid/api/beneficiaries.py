"""The aid API: hardship categories, beneficiaries, humanitarian addresses (lifecycle, reviews,
sponsors, files) and assistance records."""

from typing import Annotated

from annotated_types import MaxLen
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, Query, Status
from ninja.files import UploadedFile

from accounts.access import get_unit_for_user, require_perm_on
from core.inputs import Line
from funds.selectors import get_donor_for_user
from people.models import Person

from .. import selectors, services
from ..models import HardshipCategory
from ..services.beneficiaries import categories_for
from .common import _NEED_EDIT, Pk, _edit, router
from .schemas import (
    AddressCloseIn,
    AddressFilter,
    AddressOut,
    AddressReviewIn,
    AdvanceIn,
    AidEndIn,
    AidPersonIn,
    AidWithdrawIn,
    AssistanceIn,
    AssistanceOut,
    BeneficiaryIn,
    BeneficiaryOut,
    CategoryIn,
    FileOut,
    HardshipCategoryOut,
    ProposeIn,
    ReviewOut,
    SponsorIn,
    SponsorOut,
)

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


# --- categories and beneficiaries ---------------------------------------------------------------


@router.get("/units/{int:unit_id}/aid/categories", response=list[HardshipCategoryOut], summary="Diện khó khăn dùng ở đơn vị")  # fmt: skip
def unit_categories(request, unit_id: Pk):
    unit = get_unit_for_user(request.auth, unit_id)
    return [
        {"id": c.pk, "code": c.code, "name": c.name, "added_by_unit_id": c.unit_id}
        for c in categories_for(unit)
    ]


@router.post("/units/{int:unit_id}/aid/categories", response={201: HardshipCategoryOut}, summary="Tỉnh bổ sung diện khó khăn")  # fmt: skip
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


def _person(user, unit, x: AidPersonIn, confirm: bool) -> Person:
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
def close_address(request, pk: Pk, payload: AddressCloseIn):
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
def review_address(request, pk: Pk, payload: AddressReviewIn):
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
def end_sponsor(request, pk: Pk, payload: AidEndIn):
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
def withdraw_assistance(request, pk: Pk, payload: AidWithdrawIn):
    a = selectors.get_assistance_for_user(request.auth, pk)
    _edit(request.auth, a.unit)
    return _assistance(services.withdraw_assistance(actor=request.auth, assistance=a, **payload.dict()))  # fmt: skip


def _file(f) -> dict:
    return {"id": f.pk, "title": f.title, "uploaded_at": f.uploaded_at,
            "url": reverse("aid:file", args=[f.pk])}  # fmt: skip


@router.get("/aid/addresses/{int:pk}/files", response=list[FileOut], summary="Hồ sơ, hình ảnh của địa chỉ (người nhập liệu)")  # fmt: skip
def address_files(request, pk: Pk):
    a = selectors.get_address_for_user(request.auth, pk)
    _edit(request.auth, a.unit)  # the case file is sensitive
    return [_file(f) for f in a.files.filter(removed_at__isnull=True)]


@router.post("/aid/addresses/{int:pk}/files", response={201: FileOut}, summary="Thêm một tệp (ảnh, PDF) vào hồ sơ của địa chỉ")  # fmt: skip
def add_address_file(
    request,
    pk: Pk,
    file: File[UploadedFile],
    title: Annotated[Line, MaxLen(255)] = Form(""),  # noqa: B008
):
    a = selectors.get_address_for_user(request.auth, pk)
    _edit(request.auth, a.unit)
    f = services.add_file(actor=request.auth, address=a, title=title, file=file)
    return Status(201, _file(f))
