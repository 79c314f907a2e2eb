"""A unit's funds (humanitarian, dues) over the API: ledger (list, record, reverse), transfers, balance,
totals, donors, pledges, closing the books.

Scope as on the pages: a unit or entry outside the user's scope is 404. Reading needs a role
(viewer or higher); recording entries, donors and pledges needs "edit"; transfers, reversing a
transfer and closing the books need "manage" (403 inside the scope without it). A refusal by a
service is 422 with its reason.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from accounts.access import get_unit_for_user, require_perm_on
from core.api import Pagination
from core.inputs import Code, Day, Id, Line, Money, Text
from people.api import UnitRef
from people.selectors import get_person_for_user

from . import selectors, services
from .models import Category, Direction, DonorKind, Entry, Frequency, FundKind, OrganisationKind

router = Router(tags=["Quỹ"])

_EDIT = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này để ghi sổ quỹ.")
_MANAGE = gettext_lazy(
    "Chỉ người quản lý đơn vị mới được chuyển quỹ, khoá sổ hay công khai sổ quỹ."
)


def _unit(user, unit_id: int, perm: str = "view"):
    unit = get_unit_for_user(user, unit_id)
    if perm != "view":
        require_perm_on(user, unit, perm, str(_MANAGE if perm == "manage" else _EDIT))
    return unit


# --- Schemas -------------------------------------------------------------------------------------


class DonorRef(Schema):
    id: int
    kind: str
    name: str = Field(description="Tên tổ chức, hoặc họ tên của cá nhân")

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class EntryOut(Schema):
    id: int
    unit: UnitRef
    on: datetime.date
    amount: int = Field(description="Đồng")
    direction: str = Field(description="in (thu) hoặc out (chi)")
    category: str = Field(description=", ".join(Category.values))
    counterparty_unit: UnitRef | None
    donor: DonorRef | None
    pledge_id: int | None
    campaign: str
    document_number: str
    note: str
    dues_year: int | None
    fund: str = Field(description="humanitarian (quỹ nhân đạo) hoặc dues (quỹ hội phí)")
    reverses_id: int | None = Field(description="Bút toán gốc, khi đây là bút toán đảo")
    transfer_id: str | None = Field(description="Chung cho hai vế của một lần chuyển quỹ")
    has_attachment: bool

    @staticmethod
    def resolve_fund(obj: Entry) -> str:
        return obj.fund.kind

    @staticmethod
    def resolve_transfer_id(obj: Entry) -> str | None:
        return str(obj.transfer_id) if obj.transfer_id else None

    @staticmethod
    def resolve_has_attachment(obj: Entry) -> bool:
        return bool(obj.attachment)


class PeriodFilters(Schema):
    start: Day | None = Field(None, description="Từ ngày (mặc định: đầu năm của `end`)")
    end: Day | None = Field(None, description="Đến ngày (mặc định: hôm nay)")
    fund: Code = Field(FundKind.HUMANITARIAN, description=", ".join(FundKind.values))


def _period(f: PeriodFilters) -> tuple[datetime.date, datetime.date]:
    end = f.end or timezone.localdate()
    start = f.start or end.replace(month=1, day=1)
    if start > end:
        raise HttpError(422, _("Ngày bắt đầu phải trước ngày kết thúc."))
    return start, end


class EntryIn(Schema):
    on: Day
    amount: Money = Field(gt=0, description="Đồng, số nguyên dương")
    direction: Code = Field(description="in hoặc out")
    category: Code = Field(description=", ".join(Category.values))
    fund: Code | None = Field(
        None, description="Mặc định: quỹ hội phí cho tiền hội phí, còn lại quỹ nhân đạo"
    )
    donor_id: Id | None = None
    pledge_id: Id | None = None
    campaign: Line = Field("", max_length=120)
    document_number: Line = Field("", max_length=64)
    note: Text = Field("", max_length=1000)


class ReverseIn(Schema):
    on: Day = Field(description="Ngày ghi bút toán đảo (sau ngày khoá sổ)")
    note: Text = Field(min_length=1, max_length=1000, description="Lý do")


class TransferIn(Schema):
    to_unit_id: Id = Field(description="Một đơn vị cấp trên hoặc một đơn vị con trực tiếp")
    on: Day
    amount: Money = Field(gt=0)
    category: Code = Field(Category.TRANSFER, description="transfer, dues_share hoặc relief")
    dues_year: int | None = Field(None, ge=1900, le=9999)
    fund: Code | None = Field(None, description="Mặc định: quỹ hội phí khi có dues_year")
    document_number: Line = Field("", max_length=64)
    note: Text = Field("", max_length=1000)


class TransferOut(Schema):
    out_entry: EntryOut
    in_entry: EntryOut


class BalanceOut(Schema):
    unit: UnitRef
    on: datetime.date
    subtree: bool
    fund: str
    balance: int = Field(description="Đồng")
    closed_through: datetime.date | None


class TotalsOut(Schema):
    start: datetime.date
    end: datetime.date
    by_category: dict[str, dict[str, int]] = Field(description='{loại: {"in": đồng, "out": đồng}}')


class DonorOut(Schema):
    id: int
    unit: UnitRef
    kind: str = Field(description="person hoặc organisation")
    person_id: int | None
    name: str
    organisation_kind: str = Field(description=", ".join(OrganisationKind.values))
    contact: str
    note: str

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class DonorIn(Schema):
    kind: Code = Field(description="person hoặc organisation")
    person_id: Id | None = Field(None, description="Với cá nhân: người đã có hồ sơ")
    name: Line = Field("", max_length=255, description="Với tổ chức")
    organisation_kind: Code = Field("", description=", ".join(OrganisationKind.values))
    contact: Line = Field("", max_length=255)
    note: Text = Field("", max_length=1000)


class PledgeOut(Schema):
    id: int
    unit: UnitRef
    donor: DonorRef
    amount: int
    frequency: str = Field(description="monthly hoặc one_off")
    start: datetime.date
    end: datetime.date | None
    campaign: str
    expected: int = Field(description="Số phải nhận tính đến ngày `on`")
    received: int = Field(description="Số đã nhận (các khoản thu gắn với cam kết)")
    outstanding: int


class PledgeIn(Schema):
    donor_id: Id
    amount: Money = Field(gt=0)
    frequency: Code = Field(description="monthly hoặc one_off")
    start: Day
    end: Day | None = None
    campaign: Line = Field("", max_length=120)
    note: Text = Field("", max_length=1000)


class CloseIn(Schema):
    through: Day = Field(description="Khoá sổ đến hết ngày này")


class CloseOut(Schema):
    unit: UnitRef
    closed_through: datetime.date | None
    public: bool


# --- Ledger --------------------------------------------------------------------------------------


@router.get(
    "/units/{int:unit_id}/fund/entries",
    response=list[EntryOut],
    summary="Sổ quỹ nhân đạo của một đơn vị trong một kỳ",
)
@paginate(Pagination)
def list_entries(request, unit_id: Id, filters: Query[PeriodFilters]):
    unit = _unit(request.auth, unit_id)
    start, end = _period(filters)
    return selectors.ledger(
        unit, start, end, kind=selectors.fund_kind(filters.fund)
    ).select_related("fund")


@router.post(
    "/units/{int:unit_id}/fund/entries",
    response={201: EntryOut},
    summary="Ghi một khoản thu hoặc chi",
)
def create_entry(request, unit_id: Id, payload: EntryIn):
    user = request.auth
    unit = _unit(user, unit_id, "edit")
    if payload.direction not in Direction.values:
        raise HttpError(422, _("Chiều thu/chi không hợp lệ."))
    donor = pledge = None
    if payload.donor_id is not None:
        donor = selectors.donors_for(unit).filter(pk=payload.donor_id).first()
        if donor is None:
            raise HttpError(422, _("Không tìm thấy nhà hảo tâm này."))
    if payload.pledge_id is not None:
        pledge = unit.fund_pledges.filter(pk=payload.pledge_id).select_related("donor").first()
        if pledge is None:
            raise HttpError(422, _("Không tìm thấy cam kết ủng hộ này."))
    entry = services.record_entry(
        actor=user, unit=unit, on=payload.on, amount=payload.amount, direction=payload.direction,
        category=payload.category, donor=donor, pledge=pledge, campaign=payload.campaign,
        document_number=payload.document_number, note=payload.note, fund=payload.fund or None,
    )  # fmt: skip
    return Status(201, entry)


@router.post(
    "/fund/entries/{int:entry_id}/reverse",
    response={201: EntryOut},
    summary="Đảo một bút toán (chuyển quỹ: đảo cả hai vế)",
)
def reverse(request, entry_id: Id, payload: ReverseIn):
    user = request.auth
    entry = selectors.get_entry_for_user(user, entry_id)
    perm = "manage" if entry.transfer_id else "edit"
    require_perm_on(user, entry.unit, perm, str(_MANAGE if entry.transfer_id else _EDIT))
    rev = services.reverse_entry(actor=user, entry=entry, on=payload.on, note=payload.note)
    return Status(201, rev)


@router.post(
    "/units/{int:unit_id}/fund/transfers",
    response={201: TransferOut},
    summary="Chuyển quỹ cho đơn vị cấp trên hoặc đơn vị con (ghi cả hai vế)",
)
def transfer(request, unit_id: Id, payload: TransferIn):
    user = request.auth
    unit = _unit(user, unit_id, "manage")
    target = {u.pk: u for u in selectors.transfer_targets(unit)}.get(payload.to_unit_id)
    if target is None:
        raise HttpError(422, _("Đơn vị nhận không hợp lệ."))
    if payload.category not in (Category.TRANSFER, Category.DUES_SHARE, Category.RELIEF):
        raise HttpError(422, _("Loại bút toán không hợp lệ."))
    out, inc = services.transfer_between_units(
        actor=user, from_unit=unit, to_unit=target, amount=payload.amount, on=payload.on,
        category=payload.category, dues_year=payload.dues_year, fund=payload.fund or None,
        document_number=payload.document_number, note=payload.note,
    )  # fmt: skip
    return Status(201, {"out_entry": out, "in_entry": inc})


@router.get(
    "/units/{int:unit_id}/fund/balance",
    response=BalanceOut,
    summary="Số dư quỹ tính đến một ngày",
)
def get_balance(
    request, unit_id: Id, on: Day | None = None, subtree: bool = False,
    fund: Code = FundKind.HUMANITARIAN,
):  # fmt: skip
    unit = _unit(request.auth, unit_id)
    on = on or timezone.localdate()
    kind = selectors.fund_kind(fund)
    return {
        "unit": unit,
        "on": on,
        "subtree": subtree,
        "fund": kind,
        "balance": selectors.fund_balance(unit, on, kind=kind, subtree=subtree),
        "closed_through": selectors.fund_settings(unit).closed_through,
    }


@router.get(
    "/units/{int:unit_id}/fund/totals",
    response=TotalsOut,
    summary="Tổng thu, chi theo loại trong một kỳ (đã trừ bút toán đảo)",
)
def get_totals(request, unit_id: Id, filters: Query[PeriodFilters]):
    unit = _unit(request.auth, unit_id)
    start, end = _period(filters)
    kind = selectors.fund_kind(filters.fund)
    totals = selectors.totals(unit, start, end, kind=kind)
    return {"start": start, "end": end, "by_category": totals}


@router.post(
    "/units/{int:unit_id}/fund/close",
    response=CloseOut,
    summary="Khoá sổ quỹ đến hết một ngày",
)
def close_period(request, unit_id: Id, payload: CloseIn):
    user = request.auth
    unit = _unit(user, unit_id, "manage")
    fs = services.close_period(actor=user, unit=unit, through=payload.through)
    return {"unit": unit, "closed_through": fs.closed_through, "public": fs.public}


# --- Donors and pledges --------------------------------------------------------------------------


@router.get(
    "/units/{int:unit_id}/fund/donors",
    response=list[DonorOut],
    summary="Nhà hảo tâm của đơn vị (và của các cấp trên)",
)
@paginate(Pagination)
def list_donors(request, unit_id: Id):
    return selectors.donors_for(_unit(request.auth, unit_id))


@router.post(
    "/units/{int:unit_id}/fund/donors", response={201: DonorOut}, summary="Thêm nhà hảo tâm"
)
def create_donor(request, unit_id: Id, payload: DonorIn):
    user = request.auth
    unit = _unit(user, unit_id, "edit")
    person = None
    if payload.kind == DonorKind.PERSON:
        if payload.person_id is None:
            raise HttpError(422, _("Hãy chọn người ủng hộ."))
        person = get_person_for_user(user, payload.person_id)
    donor = services.create_donor(
        actor=user, unit=unit, kind=payload.kind, person=person, name=payload.name,
        organisation_kind=payload.organisation_kind, contact=payload.contact, note=payload.note,
    )  # fmt: skip
    return Status(201, donor)


@router.get(
    "/units/{int:unit_id}/fund/pledges",
    response=list[PledgeOut],
    summary="Cam kết ủng hộ của đơn vị, với số phải nhận và đã nhận đến một ngày",
)
def list_pledges(request, unit_id: Id, on: Day | None = None):
    unit = _unit(request.auth, unit_id)
    return selectors.pledges_for(unit, on or timezone.localdate())


@router.post(
    "/units/{int:unit_id}/fund/pledges", response={201: PledgeOut}, summary="Ghi cam kết ủng hộ"
)
def create_pledge(request, unit_id: Id, payload: PledgeIn):
    user = request.auth
    unit = _unit(user, unit_id, "edit")
    if payload.frequency not in Frequency.values:
        raise HttpError(422, _("Định kỳ không hợp lệ."))
    donor = selectors.donors_for(unit).filter(pk=payload.donor_id).first()
    if donor is None:
        raise HttpError(422, _("Không tìm thấy nhà hảo tâm này."))
    pledge = services.create_pledge(
        actor=user, donor=donor, unit=unit, amount=payload.amount, frequency=payload.frequency,
        start=payload.start, end=payload.end, campaign=payload.campaign, note=payload.note,
    )  # fmt: skip
    status = selectors.pledge_status(pledge, timezone.localdate())
    for k, v in status.items():
        setattr(pledge, k, v)
    return Status(201, pledge)
