"""The houses, capital groups and events API."""

from typing import Literal

from django.db import transaction
from django.http import Http404
from ninja import Status

from accounts.access import get_unit_for_user
from aid.selectors import get_beneficiary_for_user
from core import audit
from core.inputs import Code
from people.models import Person

from .. import selectors, services
from ..models import EventKind, HouseStatus
from ..models.houses import NEXT_HOUSE_STATUS
from .common import Pk, edit, router
from .schemas import (
    ContributionIn,
    EventIn,
    GroupEntryCancelIn,
    GroupIn,
    GroupLeaveIn,
    GroupMemberIn,
    HouseIn,
    LoanIn,
    ProjectCancelIn,
    RepayIn,
    ServedListIn,
    StepIn,
    SupportIn,
    TrancheIn,
)  # fmt: skip


def house_out(h, detail: bool = False) -> dict:
    out = {"id": h.pk, "unit_id": h.unit_id, "household_id": h.household_id, "full_name": h.household.person.full_name,
           "kind": h.kind, "commune_code": h.commune_code, "location": h.location, "estimated_cost": h.estimated_cost,
           "status": h.status, "status_on": h.status_on, "proposed_on": h.proposed_on, "started_on": h.started_on,
           "handed_over_on": h.handed_over_on}  # fmt: skip
    if detail:
        out["supports"] = [
            {"source": s.source, "name": s.name, "amount": s.amount} for s in h.supports.all()
        ]
        out["tranches"] = [{"id": t.pk, "kind": t.kind, "on": t.on, "amount": t.amount, "fund_entry_id": t.fund_entry_id,
                            "cancelled": t.cancelled_at is not None} for t in h.tranches.all()]  # fmt: skip
        out["steps"] = [{"status": s.status, "on": s.on, "reason": s.reason} for s in h.steps.all()]
    return out


@router.get("/units/{int:unit_id}/projects/houses", response=list[dict], summary="Nhà Chữ thập đỏ của đơn vị và cấp dưới")  # fmt: skip
def list_houses(request, unit_id: Pk, status: Code = ""):
    unit = get_unit_for_user(request.auth, unit_id)
    status = status if status in HouseStatus.values else ""
    return [house_out(h) for h in selectors.houses_of(request.auth, unit, status)[:5000]]


@router.post("/units/{int:unit_id}/projects/houses", response={201: dict}, summary="Đề xuất một nhà Chữ thập đỏ")  # fmt: skip
def add_house(request, unit_id: Pk, payload: HouseIn):
    unit = get_unit_for_user(request.auth, unit_id)
    edit(request.auth, unit)
    d = payload.dict()
    hh = get_beneficiary_for_user(request.auth, d.pop("household_id"))
    return Status(201, house_out(services.propose_house(actor=request.auth, unit=unit, household=hh, **d), True))  # fmt: skip


@router.get("/projects/houses/{int:pk}", response=dict, summary="Một nhà: các bước, nguồn hỗ trợ, các đợt chi")  # fmt: skip
def get_house(request, pk: Pk):
    return house_out(selectors.get_house_for_user(request.auth, pk), True)


def _house_edit(request, pk):
    h = selectors.get_house_for_user(request.auth, pk)
    edit(request.auth, h.unit)
    return h


@router.post("/projects/houses/{int:pk}/advance", response=dict, summary="Chuyển nhà sang bước kế tiếp")  # fmt: skip
def advance_house(request, pk: Pk, payload: StepIn):
    h = _house_edit(request, pk)
    to = NEXT_HOUSE_STATUS.get(HouseStatus(h.status), "")
    return house_out(services.advance_house(actor=request.auth, house=h, to=to, on=payload.on, reason=payload.reason), True)  # fmt: skip


@router.post("/projects/houses/{int:pk}/cancel", response=dict, summary="Huỷ một nhà (chưa bàn giao, không còn đợt chi)")  # fmt: skip
def cancel_house(request, pk: Pk, payload: ProjectCancelIn):
    h = _house_edit(request, pk)
    return house_out(services.cancel_house(actor=request.auth, house=h, on=payload.on, reason=payload.reason), True)  # fmt: skip


@router.post("/projects/houses/{int:pk}/supports", response={201: dict}, summary="Ghi một nguồn hỗ trợ")  # fmt: skip
def add_support(request, pk: Pk, payload: SupportIn):
    h = _house_edit(request, pk)
    s = services.add_support(actor=request.auth, house=h, **payload.dict())
    return Status(201, {"id": s.pk, "source": s.source, "name": s.name, "amount": s.amount})


@router.post("/projects/houses/{int:pk}/tranches", response={201: dict}, summary="Chi một đợt từ quỹ nhân đạo (ghi sổ quỹ)")  # fmt: skip
def pay_tranche(request, pk: Pk, payload: TrancheIn):
    h = _house_edit(request, pk)
    t = services.pay_tranche(actor=request.auth, house=h, **payload.dict())
    return Status(201, {"id": t.pk, "kind": t.kind, "on": t.on, "amount": t.amount, "fund_entry_id": t.fund_entry_id})  # fmt: skip


@router.post("/projects/tranches/{int:pk}/cancel", response=dict, summary="Huỷ một đợt chi (đảo bút toán quỹ)")  # fmt: skip
def cancel_tranche(request, pk: Pk, payload: ProjectCancelIn):
    t = selectors.get_tranche_for_user(request.auth, pk)
    edit(request.auth, t.house.unit)
    t = services.cancel_tranche(actor=request.auth, tranche=t, on=payload.on, reason=payload.reason)
    return {"id": t.pk, "cancelled": True}


# --- capital groups -----------------------------------------------------------------------------


def group_out(g, bal: dict) -> dict:
    return {"id": g.pk, "unit_id": g.unit_id, "name": g.name, "founded_on": g.founded_on, "rate": float(g.rate),
            "closed_on": g.closed_on, **bal}  # fmt: skip


@router.get("/units/{int:unit_id}/projects/groups", response=list[dict], summary="Tổ trợ vốn: vốn, dư nợ, quá hạn")  # fmt: skip
def list_groups(request, unit_id: Pk):
    rows = list(selectors.groups_of(request.auth, get_unit_for_user(request.auth, unit_id))[:5000])
    bal = selectors.group_balances(rows)
    return [group_out(g, bal[g.pk]) for g in rows]


@router.post("/units/{int:unit_id}/projects/groups", response={201: dict}, summary="Lập tổ trợ vốn")  # fmt: skip
def add_group(request, unit_id: Pk, payload: GroupIn):
    unit = get_unit_for_user(request.auth, unit_id)
    edit(request.auth, unit)
    g = services.create_group(actor=request.auth, unit=unit, **payload.dict())
    return Status(201, group_out(g, selectors.group_balances([g])[g.pk]))


@router.get("/projects/groups/{int:pk}", response=dict, summary="Một tổ: thành viên, khoản vay, số dư")  # fmt: skip
def get_group(request, pk: Pk):
    g = selectors.get_group_for_user(request.auth, pk)
    out = group_out(g, selectors.group_balances([g])[g.pk])
    out["members"] = [{"id": m.pk, "person_id": m.person_id, "full_name": m.person.full_name, "joined_on": m.joined_on,
                       "left_on": m.left_on} for m in g.members.select_related("person")]  # fmt: skip
    out["loans"] = [{"id": x.pk, "member_id": x.member_id, "on": x.on, "amount": x.amount, "due": x.due, "rate": float(x.rate),
                     "owed": services.owed_on(x)} for x in g.loans.filter(cancelled_at__isnull=True)]  # fmt: skip
    return out


def _group_edit(request, pk):
    g = selectors.get_group_for_user(request.auth, pk)
    edit(request.auth, g.unit)
    return g


@router.post("/projects/groups/{int:pk}/members", response={201: dict}, summary="Thêm thành viên")
def add_member(request, pk: Pk, payload: GroupMemberIn):
    g = _group_edit(request, pk)
    person = Person.objects.visible_to(request.auth).filter(pk=payload.person_id).first()
    if person is None:
        raise Http404
    m = services.add_member(actor=request.auth, group=g, person=person, joined_on=payload.joined_on)
    return Status(201, {"id": m.pk, "person_id": m.person_id, "joined_on": m.joined_on})


def _member(g, pk):
    m = g.members.filter(pk=pk).first() if pk else None
    if pk and m is None:
        raise Http404
    return m


@router.post("/projects/groups/{int:pk}/contributions", response={201: dict}, summary="Ghi góp vốn")  # fmt: skip
def contribute(request, pk: Pk, payload: ContributionIn):
    g = _group_edit(request, pk)
    c = services.contribute(actor=request.auth, group=g, on=payload.on, amount=payload.amount, member=_member(g, payload.member_id), source=payload.source)  # fmt: skip
    return Status(201, {"id": c.pk, "on": c.on, "amount": c.amount})


@router.post("/projects/groups/{int:pk}/loans", response={201: dict}, summary="Ghi khoản vay của thành viên")  # fmt: skip
def lend(request, pk: Pk, payload: LoanIn):
    g = _group_edit(request, pk)
    d = payload.dict()
    loan = services.lend(actor=request.auth, group=g, member=_member(g, d.pop("member_id")), **d)
    return Status(201, {"id": loan.pk, "on": loan.on, "amount": loan.amount, "due": loan.due})


@router.post("/projects/loans/{int:pk}/repayments", response={201: dict}, summary="Ghi trả nợ")
def repay(request, pk: Pk, payload: RepayIn):
    loan = selectors.get_loan_for_user(request.auth, pk)
    edit(request.auth, loan.group.unit)
    r = services.repay(actor=request.auth, loan=loan, on=payload.on, amount=payload.amount)
    return Status(201, {"id": r.pk, "on": r.on, "amount": r.amount, "owed": services.owed_on(loan)})


@router.post("/projects/groups/{int:pk}/members/{int:member_id}/leave", response=dict, summary="Thành viên rời tổ (đã trả hết nợ)")  # fmt: skip
def leave_group(request, pk: Pk, member_id: Pk, payload: GroupLeaveIn):
    g = _group_edit(request, pk)
    m = services.leave_group(actor=request.auth, member=_member(g, member_id), on=payload.on)
    return {"id": m.pk, "person_id": m.person_id, "joined_on": m.joined_on, "left_on": m.left_on}


@router.post("/projects/groups/{int:pk}/{kind}/{int:entry_id}/cancel", response=dict, summary="Huỷ một khoản góp vốn, khoản vay hoặc lần trả nợ ghi nhầm (có lý do)")  # fmt: skip
def cancel_group_entry(request, pk: Pk, kind: Literal["contributions", "loans", "repayments"], entry_id: Pk, payload: GroupEntryCancelIn):  # fmt: skip
    g = _group_edit(request, pk)
    entry = selectors.group_entry(g, kind.removesuffix("s"), entry_id)
    services.cancel_entry(actor=request.auth, entry=entry, reason=payload.reason)
    return {"id": entry.pk, "cancelled": True, "balance": selectors.group_balances([g])[g.pk]}


# --- events -------------------------------------------------------------------------------------


def event_out(e) -> dict:
    return {"id": e.pk, "unit_id": e.unit_id, "kind": e.kind, "on": e.on, "place": e.place, "partners": e.partners,
            "services": e.services, "count": e.count, "male": e.male, "female": e.female, "children": e.children,
            "adults": e.adults, "elderly": e.elderly, "value": e.value, "cancelled": e.cancelled_at is not None,
            "values": [{"source": v.source, "name": v.name, "amount": v.amount} for v in e.values.all()]}  # fmt: skip


@router.get("/units/{int:unit_id}/projects/events", response=list[dict], summary="Đợt khám bệnh, bếp ăn tình thương")  # fmt: skip
def list_events(request, unit_id: Pk, kind: Code = ""):
    unit = get_unit_for_user(request.auth, unit_id)
    kind = kind if kind in EventKind.values else ""
    return [event_out(e) for e in selectors.events_of(request.auth, unit, kind)[:5000]]


def _served(request, lines):
    return [services.Served(beneficiary=get_beneficiary_for_user(request.auth, s.beneficiary_id)) if s.beneficiary_id
            else services.Served(full_name=s.full_name, birth_year=s.birth_year, sex=s.sex) for s in lines]  # fmt: skip


@router.post("/units/{int:unit_id}/projects/events", response={201: dict}, summary="Ghi một đợt khám bệnh hoặc bếp ăn")  # fmt: skip
def add_event(request, unit_id: Pk, payload: EventIn):
    unit = get_unit_for_user(request.auth, unit_id)
    edit(request.auth, unit)
    d = payload.dict(exclude={"values", "served"})
    values = [(v.source, v.name, v.amount) for v in payload.values]
    e = services.record_event(actor=request.auth, unit=unit, values=values, served=_served(request, payload.served), **d)  # fmt: skip
    return Status(201, event_out(e))


@router.get("/projects/events/{int:pk}", response=dict, summary="Một đợt (người được phục vụ: chỉ người nhập liệu)")  # fmt: skip
def get_event(request, pk: Pk):
    e = selectors.get_event_for_user(request.auth, pk)
    out = event_out(e)
    out["served"] = None
    if selectors.can_see_sensitive(request.auth, e.unit):
        with transaction.atomic():
            audit.record(actor=request.auth, action="projects.event.view_served", unit=e.unit, obj=e, data={"api": True})  # fmt: skip
        out["served"] = [{"full_name": s.full_name, "birth_year": s.birth_year, "sex": s.sex, "beneficiary_id": s.beneficiary_id}
                         for s in e.served.order_by("id")]  # fmt: skip
    return out


@router.post("/projects/events/{int:pk}/served", response={201: dict}, summary="Thêm người được phục vụ")  # fmt: skip
def add_served(request, pk: Pk, payload: ServedListIn):
    e = selectors.get_event_for_user(request.auth, pk)
    edit(request.auth, e.unit)
    return Status(201, {"added": services.add_served(actor=request.auth, event=e, served=_served(request, payload.served))})  # fmt: skip


@router.post("/projects/events/{int:pk}/cancel", response=dict, summary="Huỷ một đợt")
def cancel_event(request, pk: Pk, payload: ProjectCancelIn):
    e = selectors.get_event_for_user(request.auth, pk)
    edit(request.auth, e.unit)
    return event_out(services.cancel_event(actor=request.auth, event=e, reason=payload.reason))
