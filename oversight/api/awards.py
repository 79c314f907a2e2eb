"""Commendations: proposals, decisions (with the amount paid from a fund), withdrawal."""

from ninja import Status

from accounts.access import get_unit_for_user
from core.inputs import Id, Year
from people.models import Person

from .. import selectors, services
from ..models import Commendation
from .common import edit, router
from .schemas import CommendationIn, CommendationOut, CommendationWithdrawIn, DecideIn

FIELDS = ("unit_id", "person_id", "year", "field", "level", "form", "achievement", "status",
          "proposed_on", "decision_number", "decision_on", "issuer", "amount", "paid_by_id",
          "fund_entry_id")  # fmt: skip


def _out(c: Commendation) -> dict:
    return {"id": c.pk, **{f: getattr(c, f) for f in FIELDS}}


@router.get("/units/{int:unit_id}/oversight/commendations", response=list[CommendationOut], summary="Khen thưởng của đơn vị và cấp dưới")  # fmt: skip
def list_commendations(request, unit_id: Id, year: Year | None = None):
    unit = get_unit_for_user(request.auth, unit_id)
    qs = selectors.commendations_for(unit=unit, subtree=True)
    if year:
        qs = qs.filter(year=year)
    return [_out(c) for c in qs[:1000]]


@router.post("/units/{int:unit_id}/oversight/commendations", response={201: CommendationOut}, summary="Đề nghị khen thưởng (tập thể đơn vị hoặc một người)")  # fmt: skip
def propose(request, unit_id: Id, payload: CommendationIn):
    unit = get_unit_for_user(request.auth, unit_id)
    edit(request.auth, unit)
    d = payload.dict()
    person_id = d.pop("person_id")
    person = None
    if person_id:
        person = Person.objects.visible_to(request.auth).filter(pk=person_id).first()
        if person is None:
            from django.http import Http404

            raise Http404
    return Status(201, _out(services.propose_commendation(actor=request.auth, unit=unit, person=person, **d)))  # fmt: skip


@router.post("/oversight/commendations/{int:pk}/decide", response=CommendationOut, summary="Ghi quyết định khen thưởng (tiền thưởng chi từ quỹ khi có)")  # fmt: skip
def decide(request, pk: Id, payload: DecideIn):
    c = selectors.get_commendation_for_user(request.auth, pk)
    edit(request.auth, c.unit)
    pay_from = get_unit_for_user(request.auth, payload.pay_from_unit_id) if payload.pay_from_unit_id else None  # fmt: skip
    return _out(services.decide_commendation(
        actor=request.auth, commendation=c, number=payload.number, on=payload.on,
        issuer=payload.issuer, amount=payload.amount, pay_from=pay_from))  # fmt: skip


@router.post("/oversight/commendations/{int:pk}/withdraw", response=CommendationOut, summary="Rút khen thưởng (bút toán quỹ được đảo)")  # fmt: skip
def withdraw(request, pk: Id, payload: CommendationWithdrawIn):
    c = selectors.get_commendation_for_user(request.auth, pk)
    return _out(services.withdraw_commendation(actor=request.auth, commendation=c, reason=payload.reason))  # fmt: skip
