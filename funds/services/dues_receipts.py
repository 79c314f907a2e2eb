"""Dues receipts in the dues fund: booked when the dues app records them, reversed when it cancels
one."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.formatting import format_vnd
from core.marks import note_changed
from org.models import Unit

from ..models import (
    Category,
    Direction,
    Entry,
    FundKind,
)
from .entries import _check_open, _lowest_balance_from, _reverse_one, fund_of


def book_dues_receipts(*, actor, unit: Unit, payments, notes: list[str]) -> list[Entry]:
    """One income entry per receipt in ``unit``'s dues fund, on the day it was paid, described
    by ``notes`` (one per receipt). Called by the dues services inside their transaction; one
    audit event for the batch."""
    if not payments:
        return []
    on = min(p.paid_on for p in payments)
    _check_open(unit, on, field="paid_on")
    book = fund_of(unit, FundKind.DUES)
    by = user_or_none(actor)
    rows = [
        Entry(
            unit=unit,
            fund=book,
            on=p.paid_on,
            amount=p.amount,
            direction=Direction.IN,
            category=Category.DUES,
            dues_year=p.year,
            dues_payment=p,
            document_number=p.receipt_label,
            note=note,
            created_by=by,
        )
        for p, note in zip(payments, notes, strict=True)
    ]
    created = Entry.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action="funds.dues.book",
        unit=unit,
        data={
            "fund": FundKind.DUES,
            "count": len(created),
            "total": sum(e.amount for e in created),
            "receipts": [rows[0].document_number, rows[-1].document_number],
        },
    )
    # The dues service marks the dues year from 1 January; a receipt paid before (next year's dues
    # paid in December) moves the fund of the year it was paid in too.
    note_changed(
        unit_ids=[unit.pk], since=min(on, datetime.date(min(p.year for p in payments), 1, 1))
    )
    return created


def unbook_dues_receipt(*, actor, payment, on: datetime.date, note: str) -> Entry | None:
    """Reverse the entry of a cancelled receipt, dated ``on`` (the day of the cancellation: a
    correction is dated when it is made, so the books of a past period stay as they were
    printed); None when the receipt was never booked. Refused when the dues fund no longer holds
    the amount (its share went up already: reverse that remittance first)."""
    entry = (
        # of=self: "reversed_by is null" is an outer join, which PostgreSQL cannot lock
        Entry.objects.select_for_update(of=("self",))
        .select_related("unit", "fund")
        .filter(dues_payment=payment, reverses__isnull=True, reversed_by__isnull=True)
        .first()
    )
    if entry is None:
        return None
    on = max(on, entry.on)
    if _lowest_balance_from(entry.fund, on) < entry.amount:
        raise ValidationError(
            _("Không thể huỷ biên lai %(receipt)s: quỹ hội phí của “%(unit)s” không còn đủ "
              "%(amount)s vì phần hội phí đã nộp lên cấp trên. Hãy đảo khoản nộp đó trước, rồi "
              "huỷ biên lai.")
            % {"receipt": payment.receipt_label, "unit": entry.unit.name,
               "amount": format_vnd(entry.amount)}
        )  # fmt: skip
    try:
        return _reverse_one(actor=actor, entry=entry, on=on, note=note)
    except ValidationError as exc:  # e.g. the books are closed: a message, not a field's
        raise ValidationError(exc.messages) from None
