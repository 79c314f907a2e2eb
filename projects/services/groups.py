"""Capital-support groups: members, contributions, loans (never more than the capital in hand),
repayments (never more than what is owed)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.marks import note_changed
from org.locks import ensure_open
from org.models import Unit
from people.models import Person

from ..models import CapitalGroup, Contribution, GroupMember, Loan, Repayment
from .common import money, not_future, text


def _rate(rate) -> Decimal:
    try:
        r = Decimal(str(rate if rate is not None else 0))
    except InvalidOperation:
        raise ValidationError({"rate": [_("Lãi suất không hợp lệ.")]}) from None
    if r < 0 or r >= 100:
        raise ValidationError({"rate": [_("Lãi suất từ 0 đến dưới 100%.")]})
    return r


@transaction.atomic
def create_group(*, actor, unit: Unit, name: str, founded_on: datetime.date, rate=0, note: str = "") -> CapitalGroup:  # fmt: skip
    not_future(founded_on, "founded_on")
    ensure_open(unit=unit, on=founded_on)
    g = CapitalGroup.objects.create(
        unit=unit, name=text(name, "name", required=True), founded_on=founded_on,
        rate=_rate(rate), note=text(note, limit=5000), created_by=user_or_none(actor),
    )  # fmt: skip
    audit.record(actor=actor, action="projects.group.create", unit=unit, obj=g, data={"name": g.name})  # fmt: skip
    note_changed(unit_ids=[unit.pk], since=founded_on)
    return g


@transaction.atomic
def add_member(*, actor, group: CapitalGroup, person: Person, joined_on: datetime.date) -> GroupMember:  # fmt: skip
    if group.members.filter(person=person, left_on__isnull=True).exists():
        raise ValidationError(_("Người này đã là thành viên của tổ."))
    if joined_on < group.founded_on:
        raise ValidationError({"joined_on": [_("Ngày vào tổ không được trước ngày thành lập tổ.")]})
    ensure_open(unit=group.unit, on=joined_on)
    m = GroupMember.objects.create(group=group, person=person, joined_on=joined_on)
    audit.record(actor=actor, action="projects.group.member", unit=group.unit, obj=group, data={"person": person.pk})  # fmt: skip
    note_changed(unit_ids=[group.unit_id], since=joined_on)
    return m


def cash_in_hand(group: CapitalGroup) -> int:
    c = group.contributions.filter(cancelled_at__isnull=True).aggregate(s=Sum("amount"))["s"] or 0
    lent = group.loans.filter(cancelled_at__isnull=True).aggregate(s=Sum("amount"))["s"] or 0
    back = Repayment.objects.filter(loan__group=group, cancelled_at__isnull=True, loan__cancelled_at__isnull=True).aggregate(s=Sum("amount"))["s"] or 0  # fmt: skip
    return c - lent + back


@transaction.atomic
def contribute(*, actor, group: CapitalGroup, on: datetime.date, amount: int, member: GroupMember | None = None, source: str = "") -> Contribution:  # fmt: skip
    g = CapitalGroup.objects.select_for_update().get(pk=group.pk)
    not_future(on)
    ensure_open(unit=group.unit, on=on)
    c = Contribution.objects.create(
        group=g, member=member, source=text(source), on=on,
        amount=money(amount, "amount", positive=True), created_by=user_or_none(actor),
    )  # fmt: skip
    audit.record(actor=actor, action="projects.group.contribute", unit=group.unit, obj=g, data={"amount": c.amount})  # fmt: skip
    note_changed(unit_ids=[group.unit_id], since=on)
    return c


@transaction.atomic
def lend(*, actor, group: CapitalGroup, member: GroupMember, on: datetime.date, amount: int, due: datetime.date, rate=None, purpose: str = "") -> Loan:  # fmt: skip
    g = CapitalGroup.objects.select_for_update().get(pk=group.pk)
    if member.group_id != g.pk or member.left_on is not None:
        raise ValidationError({"member": [_("Người vay phải là thành viên của tổ.")]})
    amount = money(amount, "amount", positive=True)
    not_future(on)
    if due < on:
        raise ValidationError({"due": [_("Hạn trả không được trước ngày vay.")]})
    in_hand = cash_in_hand(g)
    if amount > in_hand:
        raise ValidationError({"amount": [_("Tổ chỉ còn %(n)s đồng để cho vay.") % {"n": f"{in_hand:,}".replace(",", ".")}]})  # fmt: skip
    ensure_open(unit=group.unit, on=on)
    loan = Loan.objects.create(
        group=g, member=member, on=on, amount=amount, due=due,
        rate=_rate(g.rate if rate is None else rate), purpose=text(purpose), created_by=user_or_none(actor),
    )  # fmt: skip
    audit.record(actor=actor, action="projects.group.lend", unit=group.unit, obj=g,
                 data={"loan": loan.pk, "member": member.pk, "amount": amount, "due": due.isoformat()})  # fmt: skip
    note_changed(unit_ids=[group.unit_id], since=on)
    return loan


def owed_on(loan: Loan) -> int:
    paid = loan.repayments.filter(cancelled_at__isnull=True).aggregate(s=Sum("amount"))["s"] or 0
    return loan.amount - paid


@transaction.atomic
def repay(*, actor, loan: Loan, on: datetime.date, amount: int) -> Repayment:
    loan = (
        Loan.objects.select_for_update(of=("self",)).select_related("group__unit").get(pk=loan.pk)
    )
    amount = money(amount, "amount", positive=True)
    if loan.cancelled_at is not None:
        raise ValidationError(_("Khoản vay này đã huỷ."))
    owed = owed_on(loan)
    if amount > owed:
        raise ValidationError({"amount": [_("Chỉ còn nợ %(n)s đồng.") % {"n": f"{owed:,}".replace(",", ".")}]})  # fmt: skip
    not_future(on)
    if on < loan.on:
        raise ValidationError({"on": [_("Ngày trả không được trước ngày vay.")]})
    ensure_open(unit=loan.group.unit, on=on)
    r = Repayment.objects.create(loan=loan, on=on, amount=amount, created_by=user_or_none(actor))
    audit.record(actor=actor, action="projects.group.repay", unit=loan.group.unit, obj=loan.group,
                 data={"loan": loan.pk, "amount": amount})  # fmt: skip
    note_changed(unit_ids=[loan.group.unit_id], since=on)
    return r


@transaction.atomic
def leave_group(*, actor, member: GroupMember, on: datetime.date) -> GroupMember:
    """A member leaves the group on ``on``: refused while they still owe the group money."""
    m = GroupMember.objects.select_for_update(of=("self",)).select_related("group__unit", "person").get(pk=member.pk)  # fmt: skip
    if m.left_on is not None:
        raise ValidationError(_("Người này đã rời tổ."))
    not_future(on)
    if on < m.joined_on:
        raise ValidationError({"on": [_("Ngày rời tổ không được trước ngày vào tổ.")]})
    owed = sum(owed_on(loan) for loan in m.loans.filter(cancelled_at__isnull=True))
    if owed:
        raise ValidationError(_("%(name)s còn nợ tổ %(n)s đồng: trả hết nợ rồi mới rời tổ.") % {"name": m.person.full_name, "n": f"{owed:,}".replace(",", ".")})  # fmt: skip
    ensure_open(unit=m.group.unit, on=on)
    m.left_on = on
    m.save(update_fields=["left_on"])
    audit.record(actor=actor, action="projects.group.leave", unit=m.group.unit, obj=m.group, data={"person": m.person_id, "on": on.isoformat()})  # fmt: skip
    note_changed(unit_ids=[m.group.unit_id], since=on)
    return m


def _cancel(record, *, actor, group: CapitalGroup, reason: str, action: str, data: dict):
    """Mark a contribution, a loan or a repayment recorded by mistake cancelled (kept, never
    counted), the reason in the audit log."""
    reason = text(reason, "reason", required=True)
    if record.cancelled_at is not None:
        raise ValidationError(_("Khoản này đã huỷ."))
    ensure_open(unit=group.unit, on=record.on)
    record.cancelled_at = timezone.now()
    record.save(update_fields=["cancelled_at"])
    audit.record(actor=actor, action=action, unit=group.unit, obj=group, data={**data, "reason": reason})  # fmt: skip
    note_changed(unit_ids=[group.unit_id], since=record.on)
    return record


@transaction.atomic
def cancel_contribution(*, actor, contribution: Contribution, reason: str) -> Contribution:
    """Refused when the group has lent that money out already (its capital in hand would fall
    below zero)."""
    g = (
        CapitalGroup.objects.select_for_update()
        .select_related("unit")
        .get(pk=contribution.group_id)
    )
    c = Contribution.objects.get(pk=contribution.pk)
    if c.cancelled_at is None and cash_in_hand(g) < c.amount:
        raise ValidationError(_("Tổ đã cho vay phần vốn này (vốn còn trong tổ ít hơn khoản góp): ghi thu nợ trước rồi mới huỷ."))  # fmt: skip
    return _cancel(c, actor=actor, group=g, reason=reason, action="projects.group.contribution.cancel", data={"contribution": c.pk, "amount": c.amount})  # fmt: skip


@transaction.atomic
def cancel_loan(*, actor, loan: Loan, reason: str) -> Loan:
    """Refused while repayments of it stand (cancel those first)."""
    g = CapitalGroup.objects.select_for_update().select_related("unit").get(pk=loan.group_id)
    loan = Loan.objects.get(pk=loan.pk)
    if loan.repayments.filter(cancelled_at__isnull=True).exists():
        raise ValidationError(_("Khoản vay đã có lần trả nợ: huỷ các lần trả nợ trước."))
    return _cancel(loan, actor=actor, group=g, reason=reason, action="projects.group.loan.cancel", data={"loan": loan.pk, "amount": loan.amount})  # fmt: skip


@transaction.atomic
def cancel_repayment(*, actor, repayment: Repayment, reason: str) -> Repayment:
    g = CapitalGroup.objects.select_for_update().select_related("unit").get(pk=repayment.loan.group_id)  # fmt: skip
    r = Repayment.objects.get(pk=repayment.pk)
    return _cancel(r, actor=actor, group=g, reason=reason, action="projects.group.repayment.cancel", data={"loan": r.loan_id, "amount": r.amount})  # fmt: skip


def cancel_entry(*, actor, entry, reason: str):
    """Cancel a contribution, a loan or a repayment, whichever ``entry`` is."""
    if isinstance(entry, Contribution):
        return cancel_contribution(actor=actor, contribution=entry, reason=reason)
    if isinstance(entry, Loan):
        return cancel_loan(actor=actor, loan=entry, reason=reason)
    return cancel_repayment(actor=actor, repayment=entry, reason=reason)
