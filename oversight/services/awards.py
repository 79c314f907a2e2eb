"""Commendations: proposal, decision (with an amount paid from a unit's fund through funds'
services, in the same transaction) and withdrawal (the fund entry reversed)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.marks import note_changed
from funds import services as fund_services
from funds.models import Category, Direction, FundKind
from org.locks import ensure_open
from org.models import Unit
from people.models import Person

from ..models import Commendation, CommendationField, CommendationForm, CommendationLevel
from .common import not_future, require_edit, text

MAX_AMOUNT = 10**11


def _choice(value: str, choices, field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: [_("Giá trị không hợp lệ.")]})
    return value


def _amount(n) -> int:
    if not isinstance(n, int) or isinstance(n, bool) or n < 0 or n > MAX_AMOUNT:
        raise ValidationError({"amount": [_("Số tiền phải là số đồng từ 0 trở lên.")]})
    return n


@transaction.atomic
def propose_commendation(
    *, actor, unit: Unit, year: int, field: str, level: str, form: str, proposed_on: datetime.date,
    person: Person | None = None, achievement: str = "", amount: int = 0,
    today: datetime.date | None = None,
) -> Commendation:  # fmt: skip
    """A proposal for ``unit`` (a collective) or for ``person`` of ``unit`` (an individual)."""
    require_edit(actor, unit)
    not_future(proposed_on, "proposed_on", today or timezone.localdate())
    ensure_open(unit=unit, on=proposed_on)
    c = Commendation.objects.create(
        unit=unit, person=person, year=year,
        field=_choice(field, CommendationField, "field"),
        level=_choice(level, CommendationLevel, "level"),
        form=_choice(form, CommendationForm, "form"),
        achievement=text(achievement, "achievement"), proposed_on=proposed_on,
        amount=_amount(amount), created_by=user_or_none(actor),
    )  # fmt: skip
    audit.record(actor=actor, action="oversight.commendation.propose", unit=unit, obj=c,
                 data={"person": person.pk if person else None, "level": level, "form": form})  # fmt: skip
    return c


def _recipient_name(c: Commendation) -> str:
    return c.person.full_name if c.person is not None else c.unit.name


@transaction.atomic
def decide_commendation(
    *, actor, commendation: Commendation, number: str, on: datetime.date, issuer: str,
    amount: int | None = None, pay_from: Unit | None = None, today: datetime.date | None = None,
) -> Commendation:  # fmt: skip
    """The decision (number, date, issuing body); ``pay_from``: the unit whose humanitarian fund
    pays the amount (none: paid by the issuing body, nothing booked)."""
    c = Commendation.objects.select_for_update(of=("self",)).select_related("unit", "person").get(pk=commendation.pk)  # fmt: skip
    require_edit(actor, c.unit)
    if c.status != Commendation.Status.PROPOSED:
        raise ValidationError(_("Khen thưởng này đã có quyết định hoặc đã rút."))
    not_future(on, "on", today or timezone.localdate())
    if on < c.proposed_on:
        raise ValidationError({"on": [_("Ngày quyết định không được trước ngày đề nghị.")]})
    c.amount = _amount(c.amount if amount is None else amount)
    ensure_open(unit=c.unit, on=on)
    entry = None
    if pay_from is not None and c.amount:
        require_edit(actor, pay_from)
        entry = fund_services.record_entry(
            actor=actor, unit=pay_from, on=on, amount=c.amount, direction=Direction.OUT,
            category=Category.OTHER, fund=FundKind.HUMANITARIAN, document_number=text(number, "number", limit=40),
            note=_("Tiền thưởng kèm %(form)s: %(who)s") % {"form": c.get_form_display(), "who": _recipient_name(c)},
        )  # fmt: skip
    c.status, c.decision_number, c.decision_on = Commendation.Status.DECIDED, text(number, "number", required=True, limit=40), on  # fmt: skip
    c.issuer, c.paid_by, c.fund_entry = text(issuer, "issuer", required=True, limit=255), pay_from if entry else None, entry  # fmt: skip
    c.save()
    audit.record(actor=actor, action="oversight.commendation.decide", unit=c.unit, obj=c,
                 data={"number": c.decision_number, "amount": c.amount, "fund_entry": entry.pk if entry else None})  # fmt: skip
    note_changed(unit_ids=[c.unit_id], since=on)
    return c


@transaction.atomic
def withdraw_commendation(*, actor, commendation: Commendation, reason: str, on: datetime.date | None = None) -> Commendation:  # fmt: skip
    c = Commendation.objects.select_for_update(of=("self",)).select_related("unit", "fund_entry").get(pk=commendation.pk)  # fmt: skip
    require_edit(actor, c.unit)
    if c.status == Commendation.Status.WITHDRAWN:
        raise ValidationError(_("Khen thưởng này đã rút."))
    reason = text(reason, "reason", required=True, limit=255)
    day = on or timezone.localdate()
    if c.fund_entry is not None:
        fund_services.reverse_entry(actor=actor, entry=c.fund_entry, on=max(day, c.fund_entry.on),
                                    note=_("Rút khen thưởng: %(r)s") % {"r": reason})  # fmt: skip
    was_decided = c.status == Commendation.Status.DECIDED
    c.status, c.withdrawn_at, c.withdraw_reason = Commendation.Status.WITHDRAWN, timezone.now(), reason  # fmt: skip
    c.save(update_fields=["status", "withdrawn_at", "withdraw_reason"])
    audit.record(actor=actor, action="oversight.commendation.withdraw", unit=c.unit, obj=c, data={"reason": reason})  # fmt: skip
    if was_decided and c.decision_on:
        note_changed(unit_ids=[c.unit_id], since=c.decision_on)
    return c
