"""Ledger lines: one entry, a transfer between two units (both sides or neither), a reversal.
Entries are immutable: the only correction is a reversing entry dated after the closed period."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.formatting import format_date, format_vnd
from core.marks import note_changed
from core.text import nfc
from org.locks import ensure_open
from org.models import Unit

from ..models import (
    DUES_CATEGORIES,
    Category,
    Direction,
    Donor,
    Entry,
    Fund,
    FundKind,
    Pledge,
)
from ..selectors import SIGNED, closed_through

# What the dues fund holds: receipts, dues moved between levels, and spending on activities.
DUES_FUND_CATEGORIES = frozenset({Category.DUES, Category.DUES_SHARE, Category.TRANSFER,
                                  Category.OTHER})  # fmt: skip
MAX_AMOUNT = 10**15  # a quadrillion đồng: anything above is a typing error


def _check_amount(amount) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError({"amount": [_("Số tiền phải là số nguyên đồng.")]})
    if amount <= 0:
        raise ValidationError({"amount": [_("Số tiền phải lớn hơn 0.")]})
    if amount > MAX_AMOUNT:
        raise ValidationError({"amount": [_("Số tiền quá lớn.")]})
    return amount


def _check_open(unit: Unit, on: datetime.date, field: str = "on") -> None:
    """Refuse a date inside the unit's closed period, in the future, or when the unit did not exist."""
    if on > timezone.localdate():
        raise ValidationError({field: [_("Ngày không được sau hôm nay.")]})
    if not unit.existed_on(on):
        raise ValidationError(
            {field: [_("Đơn vị “%(unit)s” không hoạt động vào ngày %(date)s.")
                     % {"unit": unit.name, "date": format_date(on)}]}
        )  # fmt: skip
    ensure_open(unit=unit, on=on)  # a period the reporting cycle locked
    closed = closed_through(unit)
    if closed is not None and on <= closed:
        raise ValidationError(
            {field: [_("Sổ quỹ của “%(unit)s” đã khoá đến ngày %(date)s; chỉ ghi được bút toán "
                       "có ngày sau đó.") % {"unit": unit.name, "date": format_date(closed)}]}
        )  # fmt: skip


def fund_of(unit: Unit, kind: str) -> Fund:
    """``unit``'s fund of ``kind``, created the first time it is needed."""
    if kind not in FundKind.values:
        raise ValidationError({"fund": [_("Quỹ không hợp lệ.")]})
    fund, _created = Fund.objects.get_or_create(unit=unit, kind=kind)
    return fund


def _kind_for(fund: str | None, category: str, dues_year: int | None) -> str:
    """The fund an entry goes to: the one asked for, else the dues fund for dues money."""
    dues_money = dues_year is not None or category in DUES_CATEGORIES
    if fund is None:
        return FundKind.DUES if dues_money else FundKind.HUMANITARIAN
    if fund == FundKind.HUMANITARIAN and dues_money:
        raise ValidationError(
            {"fund": [_("Hội phí được ghi vào quỹ hội phí, không ghi vào quỹ nhân đạo.")]}
        )
    return fund


def _lowest_balance_from(fund: Fund, on: datetime.date) -> int:
    """The smallest balance ``fund`` shows on ``on`` or any later day (entries as they stand)."""
    running = Entry.objects.filter(fund=fund, on__lte=on).aggregate(s=Sum(SIGNED))["s"] or 0
    lowest = running
    later = (
        Entry.objects.filter(fund=fund, on__gt=on)
        .values("on")
        .annotate(s=Sum(SIGNED))
        .order_by("on")
        .values_list("s", flat=True)
    )
    for day in later:
        running += day
        lowest = min(lowest, running)
    return int(lowest)


def _check_dues_outflow(fund: Fund, on: datetime.date, amount: int) -> None:
    """Refuse taking ``amount`` out of a dues fund that would then fall below zero."""
    if fund.kind != FundKind.DUES:
        return
    Fund.objects.select_for_update().filter(pk=fund.pk).first()  # one outflow at a time
    lowest = _lowest_balance_from(fund, on)
    if lowest < amount:
        raise ValidationError(
            {"amount": [_("Quỹ hội phí của “%(unit)s” chỉ còn %(left)s từ ngày %(date)s; không "
                          "thể chi %(amount)s.")
                        % {"unit": fund.unit.name, "left": format_vnd(max(lowest, 0)),
                           "date": format_date(on), "amount": format_vnd(amount)}]}
        )  # fmt: skip


def _same_line(a: Unit, b: Unit) -> bool:
    """True when one unit is the other or one of its ancestors."""
    return a.path.startswith(b.path) or b.path.startswith(a.path)


def _audit_entry(actor, action: str, entry: Entry, **data) -> None:
    audit.record(
        actor=actor,
        action=action,
        unit=entry.unit,
        obj=entry,
        data={
            "on": entry.on.isoformat(),
            "amount": entry.amount,
            "direction": entry.direction,
            "category": entry.category,
            "fund": entry.fund.kind,
            **data,
        },
    )


def _checked_donor(
    *, unit: Unit, direction: str, donor: Donor | None, pledge: Pledge | None
) -> Donor | None:
    """The donor of an entry: the pledge's when it carries one; refuses a pledge or donor of
    another unit, a pledge on money going out, a donor other than the pledge's."""
    if pledge is not None:
        if pledge.unit_id != unit.pk:
            raise ValidationError({"pledge": [_("Cam kết này thuộc đơn vị khác.")]})
        if direction != Direction.IN:
            raise ValidationError({"pledge": [_("Chỉ khoản thu mới gắn được với cam kết ủng hộ.")]})
        if donor is not None and donor.pk != pledge.donor_id:
            raise ValidationError({"donor": [_("Nhà hảo tâm không khớp với cam kết.")]})
        donor = pledge.donor
    if donor is not None and not _same_line(donor.unit, unit):
        raise ValidationError({"donor": [_("Nhà hảo tâm thuộc đơn vị khác.")]})
    return donor


def _check_dues_fund(
    kind: str, category: str, *, donor: Donor | None, pledge: Pledge | None
) -> None:
    """The dues fund takes no donor's money and only the dues fund's categories."""
    if kind == FundKind.DUES and (donor is not None or pledge is not None):
        raise ValidationError({"donor": [_("Quỹ hội phí không nhận ủng hộ của nhà hảo tâm.")]})
    if kind == FundKind.DUES and category not in DUES_FUND_CATEGORIES:
        raise ValidationError(
            {"category": [_("Loại “%(category)s” chỉ ghi vào quỹ nhân đạo.")
                          % {"category": Category(category).label}]}
        )  # fmt: skip


@transaction.atomic
def record_entry(
    *,
    actor,
    unit: Unit,
    on: datetime.date,
    amount: int,
    direction: str,
    category: str,
    counterparty_unit: Unit | None = None,
    donor: Donor | None = None,
    campaign: str = "",
    document_number: str = "",
    note: str = "",
    dues_year: int | None = None,
    attachment=None,
    pledge: Pledge | None = None,
    fund: str | None = None,
) -> Entry:
    """Write one ledger line into one of ``unit``'s funds (``fund``: a :class:`FundKind`; by
    default the dues fund for dues money, else the humanitarian fund). Transfers between units use
    :func:`transfer_between_units`."""
    amount = _check_amount(amount)
    if direction not in Direction.values:
        raise ValidationError({"direction": [_("Chiều thu/chi không hợp lệ.")]})
    if category not in Category.values:
        raise ValidationError({"category": [_("Loại bút toán không hợp lệ.")]})
    kind = _kind_for(fund, category, dues_year)
    _check_open(unit, on)
    if counterparty_unit is not None and counterparty_unit.pk == unit.pk:
        raise ValidationError({"counterparty_unit": [_("Đơn vị đối ứng phải khác đơn vị ghi sổ.")]})
    donor = _checked_donor(unit=unit, direction=direction, donor=donor, pledge=pledge)
    if dues_year is not None and not 1900 <= dues_year <= 9999:
        raise ValidationError({"dues_year": [_("Năm hội phí không hợp lệ.")]})
    _check_dues_fund(kind, category, donor=donor, pledge=pledge)
    book = fund_of(unit, kind)
    if direction == Direction.OUT:
        _check_dues_outflow(book, on, amount)
    entry = Entry(
        unit=unit,
        fund=book,
        on=on,
        amount=amount,
        direction=direction,
        category=category,
        counterparty_unit=counterparty_unit,
        donor=donor,
        pledge=pledge,
        campaign=nfc(campaign).strip(),
        document_number=nfc(document_number).strip(),
        note=nfc(note).strip(),
        dues_year=dues_year,
        created_by=user_or_none(actor),
    )
    if attachment:
        entry.attachment = attachment
    entry.save()
    _audit_entry(
        actor,
        "funds.entry.record",
        entry,
        donor=entry.donor_id,
        counterparty_unit=entry.counterparty_unit_id,
        document_number=entry.document_number,
    )
    note_changed(unit_ids=[unit.pk], since=on)  # fund and dues figures (each side of a transfer)
    return entry


@transaction.atomic
def transfer_between_units(
    *,
    actor,
    from_unit: Unit,
    to_unit: Unit,
    amount: int,
    on: datetime.date,
    category: str = Category.TRANSFER,
    dues_year: int | None = None,
    document_number: str = "",
    note: str = "",
    fund: str | None = None,
) -> tuple[Entry, Entry]:
    """Money out of ``from_unit``'s fund and into ``to_unit``'s fund of the same kind on the same
    day, both or neither (dues money: from dues fund to dues fund)."""
    if from_unit.pk == to_unit.pk:
        raise ValidationError({"to_unit": [_("Không thể chuyển quỹ cho chính đơn vị mình.")]})
    fund = _kind_for(fund, category, dues_year)
    tid = uuid.uuid4()
    out = record_entry(
        actor=actor,
        unit=from_unit,
        on=on,
        amount=amount,
        direction=Direction.OUT,
        category=category,
        counterparty_unit=to_unit,
        document_number=document_number,
        note=note,
        dues_year=dues_year,
        fund=fund,
    )
    # A refusal on the receiving side (e.g. its books are closed) rolls back the paying side too.
    inc = record_entry(
        actor=actor,
        unit=to_unit,
        on=on,
        amount=amount,
        direction=Direction.IN,
        category=category,
        counterparty_unit=from_unit,
        document_number=document_number,
        note=note,
        dues_year=dues_year,
        fund=fund,
    )
    Entry.objects.filter(pk__in=[out.pk, inc.pk]).update(transfer_id=tid)
    out.transfer_id = inc.transfer_id = tid
    return out, inc


def _reverse_one(*, actor, entry: Entry, on: datetime.date, note: str, transfer_id=None) -> Entry:
    if entry.reverses_id is not None:
        raise ValidationError(_("Không thể đảo một bút toán đảo; hãy ghi bút toán mới."))
    if Entry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("Bút toán này đã được đảo."))
    if on < entry.on:
        raise ValidationError(
            {"on": [_("Ngày đảo bút toán không được trước ngày của bút toán gốc.")]}
        )
    _check_open(entry.unit, on)
    if entry.direction == Direction.IN:
        _check_dues_outflow(entry.fund, on, entry.amount)
    rev = Entry(
        unit=entry.unit,
        fund=entry.fund,
        on=on,
        amount=entry.amount,
        direction=Direction.OUT if entry.direction == Direction.IN else Direction.IN,
        category=entry.category,
        counterparty_unit=entry.counterparty_unit,
        donor=entry.donor,
        pledge=entry.pledge,
        campaign=entry.campaign,
        document_number=entry.document_number,
        note=nfc(note).strip(),
        dues_year=entry.dues_year,
        dues_payment=entry.dues_payment,
        reverses=entry,
        transfer_id=transfer_id,
        created_by=user_or_none(actor),
    )
    try:
        with transaction.atomic():
            rev.save()
    except IntegrityError:
        # The one-to-one ``reverses`` is the last guard against two concurrent reversals.
        raise ValidationError(_("Bút toán này đã được đảo.")) from None
    _audit_entry(actor, "funds.entry.reverse", rev, reverses=entry.pk, reason=rev.note)
    note_changed(unit_ids=[entry.unit_id], since=on)  # fund and dues figures
    return rev


@transaction.atomic
def reverse_entry(*, actor, entry: Entry, on: datetime.date, note: str) -> Entry:
    """Cancel ``entry`` with an opposite entry dated ``on``; a transfer is reversed on both sides.

    Returns the reversal of ``entry`` itself.
    """
    if not nfc(note).strip():
        raise ValidationError({"note": [_("Hãy ghi lý do đảo bút toán.")]})
    entry = Entry.objects.select_for_update().select_related("unit", "fund").get(pk=entry.pk)
    if entry.dues_payment_id is not None:
        raise ValidationError(
            _("Bút toán này ghi một biên lai hội phí: hãy huỷ biên lai ở trang hội phí.")
        )
    if entry.transfer_id is None:
        return _reverse_one(actor=actor, entry=entry, on=on, note=note)
    tid = uuid.uuid4()
    result = None
    sides = (
        Entry.objects.select_for_update()
        .select_related("unit", "fund")
        .filter(transfer_id=entry.transfer_id, reverses__isnull=True)
        .order_by("id")
    )
    for side in sides:
        rev = _reverse_one(actor=actor, entry=side, on=on, note=note, transfer_id=tid)
        if side.pk == entry.pk:
            result = rev
    if result is None:  # ``entry`` was itself a reversal of a transfer
        raise ValidationError(_("Không thể đảo một bút toán đảo; hãy ghi bút toán mới."))
    return result
