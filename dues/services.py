"""Writes on dues: the policy, receipts (one or a whole tick-list), cancellations, exemptions,
remittance transfers. Each is atomic and writes one audit event (a tick-list: one with counts).

Who may do what (checked by the views and the API, not here):
  policy            manager (or admin) of a province or of the central level;
  receipts          editor or above on the collecting unit (a branch head's account);
  cancel a receipt  editor or above on the unit that collected it;
  exemptions        manager or above on the base (the base decides them);
  remittance        manager or above on the unit that pays.

Receipt numbers run per base and year (1, 2, 3…). Every collection locks the base's counter row
for the year (SELECT … FOR UPDATE), takes the next numbers and bumps it, so concurrent
collections in one base queue on that row and never share a number; the unique constraint
(base, year, number) is the last guard. Exemptions take the same lock, which keeps the cap true
under concurrent decisions.
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.formatting import format_date, format_vnd
from core.marks import note_changed
from core.text import nfc
from members.models import Membership
from members.services import MEMBER_UNIT_KINDS
from org.models import Unit, UnitKind
from people.services import base_of

from . import selectors
from .models import DuesExemption, DuesPayment, DuesPolicy, ReceiptCounter, ReceivingLevel

POLICY_UNIT_KINDS = {UnitKind.CENTRAL, UnitKind.PROVINCE}
MAX_AMOUNT = 100_000_000  # a year's dues of one member: anything above is a typing error


# --- policy ------------------------------------------------------------------------------------


@transaction.atomic
def set_policy(
    *,
    actor,
    unit: Unit,
    year: int,
    amount: int,
    categories: Sequence[str],
    exemption_cap_pct: int,
    share_branch: int,
    share_base: int,
    share_above: int,
    receiving_level: str = ReceivingLevel.PROVINCE,
    note: str = "",
) -> DuesPolicy:
    """Create or replace ``unit``'s policy for ``year`` (a province or the central level)."""
    from members.services import category_names

    errors: dict[str, list[str]] = {}
    if unit.kind not in POLICY_UNIT_KINDS:
        errors.setdefault("unit", []).append(
            _("Chỉ Tỉnh/Thành Hội hoặc Trung ương Hội mới đặt quy định hội phí.")
        )
    if not 2000 <= year <= 2100:
        errors.setdefault("year", []).append(_("Năm không hợp lệ."))
    if not 0 <= amount <= MAX_AMOUNT:
        errors.setdefault("amount", []).append(_("Mức hội phí không hợp lệ."))
    known = category_names()
    cats = list(dict.fromkeys(categories))
    if not cats or any(c not in known for c in cats):
        errors.setdefault("categories", []).append(
            _("Chọn ít nhất một loại hội viên có trong danh mục của Hội.")
        )
    if not 0 <= exemption_cap_pct <= 100:
        errors.setdefault("exemption_cap_pct", []).append(_("Tỷ lệ phải từ 0 đến 100."))
    shares = (share_branch, share_base, share_above)
    if any(s < 0 for s in shares) or sum(shares) != 100:
        errors.setdefault("share_above", []).append(
            _("Tỷ lệ chi hội, Hội cơ sở và cấp trên phải cộng lại đúng 100%.")
        )
    if receiving_level not in ReceivingLevel.values:
        errors.setdefault("receiving_level", []).append(_("Cấp nhận không hợp lệ."))
    if errors:
        raise ValidationError(errors)
    values = {
        "amount": amount,
        "categories": cats,
        "exemption_cap_pct": exemption_cap_pct,
        "share_branch": share_branch,
        "share_base": share_base,
        "share_above": share_above,
        "receiving_level": receiving_level,
        "note": nfc(note).strip(),
        "updated_by": user_or_none(actor),
    }
    policy, created = DuesPolicy.objects.update_or_create(unit=unit, year=year, defaults=values)
    audit.record(
        actor=actor,
        action="dues.policy.set",
        unit=unit,
        obj=policy,
        data={
            "year": year,
            "created": created,
            **{k: v for k, v in values.items() if k != "updated_by"},
        },
    )
    note_changed(
        unit_ids=Unit.objects.subtree_of(unit).values_list("pk", flat=True),
        since=datetime.date(year, 1, 1),
    )  # who pays, below
    return policy


# --- receipts ----------------------------------------------------------------------------------


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


def exemption_cap(base: Unit, year: int, on: datetime.date) -> tuple[int, int]:
    """(cap, members who must pay): at most ``floor(pct × members / 100)`` exemptions in the base
    for the year, counting its active paying members on ``on`` (the decision's date)."""
    policy = selectors.effective_policy(base, year)
    members = selectors.must_pay(base, year, on).count()
    return members * policy.exemption_cap_pct // 100, members


@transaction.atomic
def grant_exemption(
    *,
    actor,
    membership: Membership,
    year: int,
    decision_ref: str,
    decided_on: datetime.date,
    reason: str = "",
) -> DuesExemption:
    unit = membership.unit
    base = _check_collecting_unit(unit, decided_on)
    decision_ref = nfc(decision_ref).strip()
    if not decision_ref:
        raise ValidationError({"decision_ref": [_("Hãy ghi số quyết định miễn hội phí.")]})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": [_("Ngày quyết định không được sau hôm nay.")]})
    if not 2000 <= year <= decided_on.year + 1:
        raise ValidationError({"year": [_("Năm hội phí không hợp lệ.")]})
    if not selectors.must_pay(unit, year, decided_on).filter(pk=membership.pk).exists():
        raise ValidationError(
            _("Người này không phải hội viên phải đóng hội phí vào ngày %(date)s.")
            % {"date": format_date(decided_on)}
        )
    _lock_counter(base, year)  # one decision at a time per base and year: the cap holds
    live = DuesExemption.objects.live().filter(year=year)
    if live.filter(person_id=membership.person_id).exists():
        raise ValidationError(_("Người này đã được miễn hội phí năm %(year)d.") % {"year": year})
    if DuesPayment.objects.live().filter(person_id=membership.person_id, year=year).exists():
        raise ValidationError(_("Người này đã đóng hội phí năm %(year)d.") % {"year": year})
    cap, members = exemption_cap(base, year, decided_on)
    used = live.filter(base=base).count()
    if used + 1 > cap:
        raise ValidationError(
            _("Hội cơ sở chỉ được miễn tối đa %(cap)d người năm %(year)d (%(pct)d%% của %(n)d "
              "hội viên phải đóng, làm tròn xuống); đã miễn %(used)d.")
            % {"cap": cap, "year": year, "n": members, "used": used,
               "pct": selectors.effective_policy(base, year).exemption_cap_pct}
        )  # fmt: skip
    try:
        with transaction.atomic():
            exemption = DuesExemption.objects.create(
                membership=membership,
                person_id=membership.person_id,
                unit=unit,
                unit_path=unit.path,
                base=base,
                year=year,
                decision_ref=decision_ref[:64],
                decided_on=decided_on,
                reason=nfc(reason).strip()[:255],
                decided_by=user_or_none(actor),
            )
    except IntegrityError:
        raise ValidationError(
            _("Người này đã được miễn hội phí năm %(year)d.") % {"year": year}
        ) from None
    audit.record(
        actor=actor,
        action="dues.exemption.grant",
        unit=unit,
        obj=exemption,
        data={
            "person": exemption.person_id,
            "year": year,
            "decision": decision_ref,
            "decided_on": decided_on.isoformat(),
            "cap": cap,
            "used": used + 1,
        },
    )
    note_changed(
        unit_ids=[unit.pk], person_ids=[membership.person_id], since=datetime.date(year, 1, 1)
    )  # dues figures
    return exemption


@transaction.atomic
def revoke_exemption(*, actor, exemption: DuesExemption, reason: str) -> DuesExemption:
    return _withdraw(
        exemption,
        actor=actor,
        reason=reason,
        field="revoke",
        no_reason=_("Hãy ghi lý do thu hồi quyết định miễn."),
        already=_("Quyết định miễn này đã được thu hồi."),
        action="dues.exemption.revoke",
        data=lambda e: {"person": e.person_id, "year": e.year},
    )


# --- remittance --------------------------------------------------------------------------------


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
