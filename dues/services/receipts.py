"""Receipts (one or a whole tick-list) and their cancellation; the per-base receipt counter."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.formatting import format_date
from core.marks import note_changed
from core.text import nfc
from members.models import Membership
from members.services import MEMBER_UNIT_KINDS
from org.locks import ensure_open
from org.models import Unit, UnitKind
from people.selectors import base_of

from .. import selectors
from ..models import DuesPayment, DuesPolicy, ReceiptCounter
from .policy import MAX_AMOUNT


def _lock_counter(base: Unit, year: int) -> ReceiptCounter:
    ReceiptCounter.objects.bulk_create(
        [ReceiptCounter(base=base, year=year)], ignore_conflicts=True
    )
    return ReceiptCounter.objects.select_for_update().get(base=base, year=year)


def _check_collecting_unit(unit: Unit, on: datetime.date) -> Unit:
    """The base numbering ``unit``'s receipts; refuses a unit above bases or a ceased one."""
    base = base_of(unit)
    if unit.kind not in MEMBER_UNIT_KINDS or base.kind != UnitKind.BASE:
        raise ValidationError(
            {"unit": [_("Hội phí được thu ở Hội cơ sở hoặc chi hội, không thu ở “%(unit)s”.")
                      % {"unit": unit.name}]}
        )  # fmt: skip
    if not unit.existed_on(on):
        raise ValidationError(
            {"unit": [_("Đơn vị “%(unit)s” không hoạt động vào ngày %(date)s.")
                      % {"unit": unit.name, "date": format_date(on)}]}
        )  # fmt: skip
    return base


def _check_year_and_date(year: int, paid_on: datetime.date) -> None:
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": [_("Ngày nộp không được sau hôm nay.")]})
    if not 2000 <= year <= paid_on.year + 1:
        raise ValidationError({"year": [_("Năm hội phí không hợp lệ.")]})


def _check_amount(amount: int) -> int:
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= MAX_AMOUNT:
        raise ValidationError({"amount": [_("Số tiền phải lớn hơn 0 và không quá 100.000.000 đ.")]})
    return amount


def _check_members(
    unit: Unit, year: int, on: datetime.date, memberships: Sequence[Membership]
) -> None:
    """Each membership: in ``unit``'s subtree, active on ``on``, in a paying category, unpaid."""
    allowed = set(
        selectors.must_pay(unit, year, on)
        .filter(pk__in=[m.pk for m in memberships])
        .values_list("pk", flat=True)
    )
    outside = [m.person.full_name for m in memberships if m.pk not in allowed]
    if outside:
        raise ValidationError(
            _("Những người sau không phải hội viên phải đóng hội phí của đơn vị vào ngày "
              "%(date)s: %(names)s.") % {"date": format_date(on), "names": ", ".join(outside)}
        )  # fmt: skip
    persons = {m.person_id for m in memberships}
    if len(persons) != len(memberships):
        raise ValidationError(_("Một người được ghi hai lần trong cùng một lần nộp."))
    paid = set(
        DuesPayment.objects.live()
        .filter(person_id__in=persons, year=year)
        .values_list("person_id", flat=True)
    )
    if paid:
        names = [m.person.full_name for m in memberships if m.person_id in paid]
        raise ValidationError(
            _("Những người sau đã đóng hội phí năm %(year)d: %(names)s.")
            % {"year": year, "names": ", ".join(names)}
        )


def _create_payments(rows: list[DuesPayment]) -> list[DuesPayment]:
    try:
        with transaction.atomic():
            return DuesPayment.objects.bulk_create(rows)
    except IntegrityError:
        # Someone else recorded one of these people meanwhile (the per-year unique constraint).
        raise ValidationError(
            _("Một người trong danh sách vừa được ghi nộp hội phí ở nơi khác; hãy tải lại trang.")
        ) from None


def _collect(
    *,
    actor,
    unit: Unit,
    year: int,
    paid_on: datetime.date,
    memberships: Sequence[Membership],
    amount: int | None,
    note: str,
) -> tuple[list[DuesPayment], DuesPolicy]:
    base = _check_collecting_unit(unit, paid_on)
    _check_year_and_date(year, paid_on)
    ensure_open(unit=unit, on=paid_on)  # a period the reporting cycle locked
    policy = selectors.effective_policy(unit, year)
    amount = _check_amount(policy.amount if amount is None else amount)
    _check_members(unit, year, paid_on, memberships)
    counter = _lock_counter(base, year)
    first = counter.last + 1
    counter.last += len(memberships)
    counter.save(update_fields=["last"])
    by = user_or_none(actor)
    note = nfc(note).strip()
    rows = [
        DuesPayment(
            membership=m,
            person_id=m.person_id,
            unit=unit,
            unit_path=unit.path,
            base=base,
            year=year,
            amount=amount,
            paid_on=paid_on,
            receipt_no=first + i,
            note=note,
            created_by=by,
        )
        for i, m in enumerate(memberships)
    ]
    created = _create_payments(rows)
    from funds.services import book_dues_receipts

    names = {m.person_id: m.person.full_name for m in memberships}
    book_dues_receipts(
        actor=actor,
        unit=unit,
        payments=created,
        notes=[
            _("%(name)s (năm %(year)d)") % {"year": year, "name": names[p.person_id]}
            for p in created
        ],
    )  # the money comes into the collecting unit's dues fund, one line per receipt
    note_changed(
        unit_ids=[unit.pk],
        person_ids=[m.person_id for m in memberships],
        since=datetime.date(year, 1, 1),
    )  # dues figures of the members' units
    return created, policy


@transaction.atomic
def record_payment(
    *,
    actor,
    membership: Membership,
    year: int,
    paid_on: datetime.date,
    amount: int | None = None,
    note: str = "",
) -> DuesPayment:
    """One receipt for ``membership``, collected by its own unit; amount defaults to the policy's."""
    (payment,), _policy = _collect(
        actor=actor,
        unit=membership.unit,
        year=year,
        paid_on=paid_on,
        memberships=[membership],
        amount=amount,
        note=note,
    )
    audit.record(
        actor=actor,
        action="dues.payment.record",
        unit=payment.unit,
        obj=payment,
        data={
            "person": payment.person_id,
            "year": year,
            "amount": payment.amount,
            "receipt": payment.receipt_label,
            "paid_on": paid_on.isoformat(),
        },
    )
    return payment


@transaction.atomic
def record_payments(
    *,
    actor,
    unit: Unit,
    year: int,
    paid_on: datetime.date,
    memberships: Sequence[Membership],
    amount: int | None = None,
    note: str = "",
) -> list[DuesPayment]:
    """A tick-list: receipts for every member in ``memberships``, collected by ``unit``, with
    consecutive numbers; all or nothing, one audit event with the counts."""
    if not memberships:
        return []
    memberships = sorted(memberships, key=lambda m: (m.sort_key, m.pk))
    created, _policy = _collect(
        actor=actor,
        unit=unit,
        year=year,
        paid_on=paid_on,
        memberships=memberships,
        amount=amount,
        note=note,
    )
    audit.record(
        actor=actor,
        action="dues.ticklist.record",
        unit=unit,
        data={
            "year": year,
            "paid_on": paid_on.isoformat(),
            "count": len(created),
            "total": sum(p.amount for p in created),
            "receipts": [created[0].receipt_label, created[-1].receipt_label],
        },
    )
    return created


def _withdraw(record, *, actor, reason: str, field: str, no_reason: str, already: str, action: str, data):  # fmt: skip
    """Mark a receipt cancelled or an exemption revoked (``field``: "cancel" or "revoke"): with a
    reason and the actor, never deleted; its unit's and person's dues figures are stale."""
    reason = nfc(reason).strip()
    if not reason:
        raise ValidationError({"reason": [no_reason]})
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    ensure_open(unit=locked.unit, on=getattr(locked, "paid_on", None) or locked.decided_on)
    stamp = "cancelled" if field == "cancel" else "revoked"
    if getattr(locked, f"{stamp}_at") is not None:
        raise ValidationError(already)
    setattr(locked, f"{stamp}_at", timezone.now())
    setattr(locked, f"{stamp}_by", user_or_none(actor))
    setattr(locked, f"{field}_reason", reason[:255])
    locked.save(update_fields=[f"{stamp}_at", f"{stamp}_by", f"{field}_reason"])
    audit.record(
        actor=actor,
        action=action,
        unit=locked.unit,
        obj=locked,
        data={**data(locked), "reason": reason},
    )
    note_changed(
        unit_ids=[locked.unit_id],
        person_ids=[locked.person_id],
        since=datetime.date(locked.year, 1, 1),
    )  # dues figures
    return locked


@transaction.atomic
def cancel_payment(*, actor, payment: DuesPayment, reason: str) -> DuesPayment:
    """Cancel a receipt with a reason; it stays in the book, marked cancelled, and never counts.
    Its line in the collecting unit's dues fund is reversed today (refused while the fund no
    longer holds the amount, i.e. its share has gone up already)."""
    from funds.services import unbook_dues_receipt

    cancelled = _withdraw(
        payment,
        actor=actor,
        reason=reason,
        field="cancel",
        no_reason=_("Hãy ghi lý do huỷ biên lai."),
        already=_("Biên lai này đã bị huỷ."),
        action="dues.payment.cancel",
        data=lambda p: {"receipt": p.receipt_label, "amount": p.amount},
    )
    unbook_dues_receipt(
        actor=actor,
        payment=cancelled,
        on=timezone.localdate(),
        note=_("Huỷ biên lai %(receipt)s: %(reason)s")
        % {"receipt": cancelled.receipt_label, "reason": cancelled.cancel_reason},
    )
    return cancelled


# --- exemptions --------------------------------------------------------------------------------
