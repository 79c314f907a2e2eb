"""The cow bank API: the rule in force, animals, the chain, births, pass-ons, heifers, deaths
and sales, the waiting list, a household's next steps."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Status

from accounts.access import get_unit_for_user, require_perm_on
from aid.selectors import get_beneficiary_for_user
from core.inputs import Code

from .. import selectors, services
from ..models import AnimalStatus, WaitingEntry
from .common import NEED_EDIT, Pk, edit, router
from .schemas import BirthIn, CowIn, CowRuleIn, GiveIn, HeiferIn, PassOnIn, ProjectEndIn, WaitingIn


def _rule(r) -> dict:
    return {"id": r.pk, "unit_id": r.unit_id, "calf_number": r.calf_number, "min_age_months": r.min_age_months,
            "max_age_months": r.max_age_months, "sell_male": r.sell_male, "since": r.since, "note": r.note}  # fmt: skip


def animal_out(a) -> dict:
    return {
        "id": a.pk, "unit_id": a.unit_id, "tag": a.tag, "sex": a.sex, "breed": a.breed,
        "born_on": a.born_on, "acquired_on": a.acquired_on, "value": a.value, "donor": a.donor,
        "mother_id": a.mother_id, "parent_id": a.parent_id, "root_id": a.root_id, "depth": a.depth,
        "status": a.status, "holder_id": a.holder_id, "owed_by_placement_id": a.owed_by_id,
        "ended_on": a.ended_on, "end_kind": a.end_kind, "end_reason": a.end_reason,
    }  # fmt: skip


def placement_out(p) -> dict:
    return {"id": p.pk, "animal_id": p.animal_id, "household_id": p.household_id, "kind": p.kind, "start": p.start,
            "from_placement_id": p.from_placement_id, "calf_number": p.calf_number, "min_age_months": p.min_age_months,
            "max_age_months": p.max_age_months, "sell_male": p.sell_male, "met_on": p.met_on, "ended_on": p.ended_on}  # fmt: skip


@router.get("/units/{int:unit_id}/projects/cow-rule", response=dict, summary="Quy định ngân hàng bò đang áp dụng cho đơn vị")  # fmt: skip
def get_rule(request, unit_id: Pk):
    return _rule(services.rule_for(get_unit_for_user(request.auth, unit_id)))


@router.post("/units/{int:unit_id}/projects/cow-rule", response={201: dict}, summary="Đặt quy định ngân hàng bò của tỉnh (quản lý cấp tỉnh)")  # fmt: skip
def set_rule(request, unit_id: Pk, payload: CowRuleIn):
    unit = get_unit_for_user(request.auth, unit_id)
    require_perm_on(request.auth, unit, "manage", str(NEED_EDIT))
    return Status(201, _rule(services.set_rule(actor=request.auth, unit=unit, **payload.dict())))


@router.get("/units/{int:unit_id}/projects/cow-counts", response=dict, summary="Số liệu ngân hàng bò của đơn vị và cấp dưới")  # fmt: skip
def cow_counts(request, unit_id: Pk):
    return selectors.bank_counts(get_unit_for_user(request.auth, unit_id))


@router.get("/units/{int:unit_id}/projects/animals", response=list[dict], summary="Bò, bê của ngân hàng bò")  # fmt: skip
def list_animals(request, unit_id: Pk, status: Code = ""):
    unit = get_unit_for_user(request.auth, unit_id)
    status = status if status in AnimalStatus.values else ""
    return [animal_out(a) for a in selectors.animals_of(request.auth, unit, status)[:5000]]


@router.post("/units/{int:unit_id}/projects/animals", response={201: dict}, summary="Ghi bò giống mua / được tặng")  # fmt: skip
def add_animal(request, unit_id: Pk, payload: CowIn):
    unit = get_unit_for_user(request.auth, unit_id)
    edit(request.auth, unit)
    return Status(
        201, animal_out(services.acquire_cow(actor=request.auth, unit=unit, **payload.dict()))
    )


@router.get("/projects/animals/{int:pk}", response=dict, summary="Một con bò: hộ đã nuôi, bê đã sinh")  # fmt: skip
def get_animal(request, pk: Pk):
    a = selectors.get_animal_for_user(request.auth, pk)
    return {**animal_out(a), "placements": [placement_out(p) for p in a.placements.all()],
            "calves": [c.pk for c in a.calves.order_by("born_on", "id")]}  # fmt: skip


def _node(n) -> dict:
    return {**animal_out(n.animal), "placements": [placement_out(p) for p in n.placements],
            "children": [_node(c) for c in n.children]}  # fmt: skip


@router.get("/projects/animals/{int:pk}/chain", response=dict, summary="Cả dòng bò từ bò giống: cây các hộ đã nhận, ngày, trạng thái, số liệu")  # fmt: skip
def get_chain(request, pk: Pk):
    top, counts = selectors.chain(selectors.get_animal_for_user(request.auth, pk))
    return {"counts": counts, "tree": _node(top)}


def _for_edit(request, pk):
    a = selectors.get_animal_for_user(request.auth, pk)
    edit(request.auth, a.unit)
    return a


def _hh(request, pk):
    return get_beneficiary_for_user(request.auth, pk) if pk else None


@router.post(
    "/projects/animals/{int:pk}/give", response={201: dict}, summary="Trao bò giống cho hộ"
)
def give(request, pk: Pk, payload: GiveIn):
    a = _for_edit(request, pk)
    p = services.give_cow(actor=request.auth, animal=a, household=_hh(request, payload.household_id), on=payload.on)  # fmt: skip
    return Status(201, placement_out(p))


@router.post("/projects/animals/{int:pk}/births", response={201: dict}, summary="Ghi bê sinh")
def birth(request, pk: Pk, payload: BirthIn):
    a = _for_edit(request, pk)
    return Status(201, animal_out(services.record_birth(actor=request.auth, mother=a, **payload.dict())))  # fmt: skip


@router.post("/projects/animals/{int:pk}/pass-on", response={201: dict}, summary="Chuyển bê cho hộ tiếp theo trong danh sách chờ (hoặc hộ chỉ định)")  # fmt: skip
def pass_on(request, pk: Pk, payload: PassOnIn):
    a = _for_edit(request, pk)
    p = services.pass_on(actor=request.auth, calf=a, on=payload.on, household=_hh(request, payload.household_id))  # fmt: skip
    return Status(201, placement_out(p))


@router.post("/projects/animals/{int:pk}/heifer", response={201: dict}, summary="Bán bê đực để mua bê cái")  # fmt: skip
def heifer(request, pk: Pk, payload: HeiferIn):
    a = _for_edit(request, pk)
    return Status(201, animal_out(services.sell_male_for_heifer(actor=request.auth, calf=a, **payload.dict())))  # fmt: skip


@router.post("/projects/animals/{int:pk}/end", response=dict, summary="Ghi bò chết hoặc đã bán (kèm lý do)")  # fmt: skip
def end(request, pk: Pk, payload: ProjectEndIn):
    a = _for_edit(request, pk)
    return animal_out(services.end_animal(actor=request.auth, animal=a, **payload.dict()))


@router.get("/units/{int:unit_id}/projects/waiting", response=list[dict], summary="Danh sách hộ chờ nhận bê (theo thứ tự)")  # fmt: skip
def waiting(request, unit_id: Pk):
    unit = get_unit_for_user(request.auth, unit_id)
    return [{"id": w.pk, "household_id": w.household_id, "full_name": w.household.person.full_name, "since": w.since, "note": w.note}
            for w in selectors.waiting_list(request.auth, unit)[:5000]]  # fmt: skip


@router.post("/units/{int:unit_id}/projects/waiting", response={201: dict}, summary="Thêm hộ vào danh sách chờ")  # fmt: skip
def add_waiting(request, unit_id: Pk, payload: WaitingIn):
    unit = get_unit_for_user(request.auth, unit_id)
    edit(request.auth, unit)
    w = services.add_waiting(actor=request.auth, unit=unit, household=_hh(request, payload.household_id), since=payload.since, note=payload.note)  # fmt: skip
    return Status(201, {"id": w.pk, "household_id": w.household_id, "since": w.since})


@router.post("/projects/waiting/{int:pk}/cancel", response=dict, summary="Bỏ một hộ khỏi danh sách chờ")  # fmt: skip
def cancel_waiting(request, pk: Pk):
    w = get_object_or_404(
        WaitingEntry.objects.visible_to(request.auth).select_related("unit"), pk=pk
    )
    edit(request.auth, w.unit)
    w = services.cancel_waiting(actor=request.auth, entry=w, on=timezone.localdate())
    return {"id": w.pk, "cancelled_on": w.cancelled_on}


@router.get("/projects/households/{int:pk}/cows", response=dict, summary="Ngân hàng bò của một hộ: việc tiếp theo, hạn, quá hạn")  # fmt: skip
def household(request, pk: Pk):
    b = get_beneficiary_for_user(request.auth, pk)
    steps = [{"placement_id": s.placement.pk, "animal_id": s.placement.animal_id, "action": s.action, "text": s.text,
              "calf_id": s.calf.pk if s.calf else None, "from": s.start, "due": s.due, "overdue": s.overdue}
             for s in selectors.household_steps(b)]  # fmt: skip
    return {"household_id": b.pk, "steps": steps, "placements": [placement_out(p) for p in selectors.placements_of_household(b)]}  # fmt: skip
