"""The aid API: campaigns (parcel types, participants, progress) and recipient lists (lines,
approval, withdrawal, deliveries)."""

from ninja import Status

from accounts.access import get_unit_for_user, has_perm_on

from .. import selectors, services
from .common import Pk, _edit, router
from .schemas import (
    AidPersonIn,
    AidWithdrawIn,
    ApproveIn,
    CampaignIn,
    CampaignOut,
    DeliveriesIn,
    LinesIn,
    ListIn,
    ListOut,
    ParcelIn,
    ParcelOut,
    ParticipantIn,
    ProgressOut,
    Refused,
)

# --- converters --------------------------------------------------------------------------------


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


def _line(n: int, x: AidPersonIn, parcel: int | None = None) -> services.RecipientLine:
    return services.RecipientLine(
        line=n, person_id=x.person_id, full_name=x.full_name, birth_year=x.birth_year,
        sex=x.sex, cccd=x.cccd, address=x.address, phone=x.phone, parcel_type_id=parcel,
    )  # fmt: skip


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
def withdraw_list(request, pk: Pk, payload: AidWithdrawIn):
    rl = selectors.get_list_for_user(request.auth, pk)
    _edit(request.auth, rl.unit)
    return _list(services.withdraw_list(actor=request.auth, rlist=rl, **payload.dict()))


@router.post("/aid/lists/{int:pk}/deliveries", response=dict[str, int], summary="Ghi phát quà: đã nhận, vắng mặt, từ chối")  # fmt: skip
def record_deliveries(request, pk: Pk, payload: DeliveriesIn):
    rl = selectors.get_list_for_user(request.auth, pk)
    _edit(request.auth, rl.unit)
    marks = {m.id: str(m.delivery) for m in payload.marks}
    return services.record_deliveries(actor=request.auth, rlist=rl, marks=marks)
