"""Assistance records: who received what, from which source; money from the fund is booked in
the humanitarian fund in the same transaction and reversed when the record is withdrawn."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.marks import note_changed
from core.text import nfc
from funds import services as fund_services
from funds.models import Category, Direction, Entry, FundKind
from org.locks import ensure_open
from org.models import Unit
from people.models import Person

from ..models import Assistance, Beneficiary, Campaign, Source, Sponsorship

MAX_VALUE = 10**12


def _value(n, field: str) -> int:
    if not isinstance(n, int) or n < 0 or n > MAX_VALUE:
        raise ValidationError({field: [_("Giá trị phải là số đồng từ 0 trở lên.")]})
    return n


@transaction.atomic
def record_assistance(
    *,
    actor,
    unit: Unit,
    person: Person,
    on: datetime.date,
    cash: int = 0,
    goods: int = 0,
    description: str,
    source: str,
    beneficiary: Beneficiary | None = None,
    sponsorship: Sponsorship | None = None,
    campaign: Campaign | None = None,
    partner: str = "",
) -> Assistance:
    cash, goods = _value(cash, "cash"), _value(goods, "goods")
    if cash + goods == 0:
        raise ValidationError({"cash": [_("Hãy ghi giá trị tiền mặt hoặc hiện vật.")]})
    if source not in Source.values:
        raise ValidationError({"source": [_("Hãy chọn nguồn.")]})
    description = nfc(description).strip()
    if not description:
        raise ValidationError({"description": [_("Hãy ghi nội dung trợ giúp.")]})
    if on > timezone.localdate():
        raise ValidationError({"on": [_("Ngày không được sau hôm nay.")]})
    if source == Source.SPONSOR and sponsorship is None:
        raise ValidationError({"sponsorship": [_("Hãy chọn nhà tài trợ.")]})
    if beneficiary is not None and beneficiary.person_id != person.pk:
        raise ValidationError({"beneficiary": [_("Đối tượng không khớp với người nhận.")]})
    ensure_open(unit=unit, on=on)
    entry = None
    if source == Source.FUND and cash:
        entry = fund_services.record_entry(
            actor=actor, unit=unit, on=on, amount=cash, direction=Direction.OUT,
            category=Category.RELIEF, fund=FundKind.HUMANITARIAN,
            campaign=campaign.name if campaign else "",
            note=_("Trợ giúp %(name)s: %(what)s") % {"name": person.full_name, "what": description},
        )  # fmt: skip
    a = Assistance.objects.create(
        unit=unit, person=person, beneficiary=beneficiary, on=on, cash=cash, goods=goods,
        description=description, source=source, sponsorship=sponsorship, campaign=campaign,
        partner=nfc(partner).strip(), fund_entry=entry, created_by=user_or_none(actor),
    )  # fmt: skip
    audit.record(
        actor=actor, action="aid.assistance.record", unit=unit, obj=a,
        data={"person": person.pk, "cash": cash, "goods": goods, "source": source,
              "fund_entry": entry.pk if entry else None},
    )  # fmt: skip
    note_changed(unit_ids=[unit.pk], since=on)
    return a


def _reverse(actor, entry: Entry | None, on: datetime.date, note: str) -> None:
    if entry is not None:
        fund_services.reverse_entry(actor=actor, entry=entry, on=max(on, entry.on), note=note)


@transaction.atomic
def withdraw_assistance(*, actor, assistance: Assistance, on: datetime.date, reason: str) -> Assistance:  # fmt: skip
    a = (
        Assistance.objects.select_for_update(of=("self",))
        .select_related("unit", "fund_entry")
        .get(pk=assistance.pk)
    )
    if a.withdrawn_at is not None:
        raise ValidationError(_("Bản ghi này đã được rút."))
    reason = nfc(reason).strip()
    if not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do rút.")]})
    ensure_open(unit=a.unit, on=a.on)
    _reverse(actor, a.fund_entry, on, _("Rút bản ghi trợ giúp: %(r)s") % {"r": reason})
    a.withdrawn_at, a.withdrawn_by, a.withdraw_reason = timezone.now(), user_or_none(actor), reason
    a.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    audit.record(
        actor=actor, action="aid.assistance.withdraw", unit=a.unit, obj=a, data={"reason": reason}
    )
    note_changed(unit_ids=[a.unit_id], since=a.on)
    return a
