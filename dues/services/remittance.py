"""Remittance: dues going up from a unit's dues fund to the level it owes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.formatting import format_vnd
from org.locks import ensure_open
from org.models import Unit

from .. import selectors
from .receipts import _check_amount


@transaction.atomic
def remit_dues(
    *,
    actor,
    unit: Unit,
    year: int,
    amount: int,
    on: datetime.date,
    document_number: str = "",
    note: str = "",
):
    """Transfer ``amount`` of ``year``'s dues from ``unit``'s dues fund to the dues fund of the
    level it owes (a fund transfer carrying ``dues_year``; the funds service writes both ledger
    sides and their audit events, refuses more than the dues fund holds, and marks both units'
    indicator figures stale)."""
    from funds.services import transfer_between_units

    ensure_open(unit=unit, on=on)  # a period the reporting cycle locked
    policy = selectors.effective_policy(unit, year)
    to_unit = selectors.recipient_of(unit, policy)
    if to_unit is None:
        raise ValidationError(_("Đơn vị này không phải nộp hội phí lên cấp trên."))
    _check_amount(amount)
    out, _in = transfer_between_units(
        actor=actor,
        from_unit=unit,
        to_unit=to_unit,
        amount=amount,
        on=on,
        category="transfer",
        dues_year=year,
        fund="dues",
        document_number=document_number,
        note=note
        or _("Nộp hội phí năm %(year)d: %(amount)s") % {"year": year, "amount": format_vnd(amount)},
    )
    return out
