"""Red Cross houses: proposed → approved → building → handed over (or cancelled), the support
by source, tranches paid from the unit's humanitarian fund (the fund entry written in the same
transaction; a cancelled tranche reverses it), photos and documents."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aid.models import Beneficiary
from core import audit
from core.audit import user_or_none
from core.marks import note_changed
from funds import services as fund_services
from funds.models import Category, Direction, FundKind
from org.locks import ensure_open
from org.models import Unit

from ..models import (
    House,
    HouseFile,
    HouseKind,
    HouseStatus,
    HouseStep,
    HouseSupport,
    SupportSource,
    Tranche,
    TrancheKind,
)  # fmt: skip
from ..models.houses import NEXT_HOUSE_STATUS
from .common import money, not_future, text

MAX_FILE_BYTES = 10 * 1024 * 1024


@transaction.atomic
def propose_house(
    *, actor, unit: Unit, household: Beneficiary, kind: str, location: str, on: datetime.date,
    commune_code: str = "", estimated_cost: int = 0, note: str = "",
) -> House:  # fmt: skip
    if household.ended_on is not None or household.head_id is not None:
        raise ValidationError(_("Nhà Chữ thập đỏ đứng tên chủ hộ còn trong danh sách đối tượng."))
    if kind not in HouseKind.values:
        raise ValidationError({"kind": [_("Hãy chọn xây mới hay sửa chữa.")]})
    code = text(commune_code, limit=10)
    if code and not code.isdigit():
        raise ValidationError({"commune_code": [_("Mã xã/phường chỉ gồm chữ số.")]})
    not_future(on)
    ensure_open(unit=unit, on=on)
    h = House.objects.create(
        unit=unit, household=household, kind=kind, location=text(location, "location", required=True),
        commune_code=code, estimated_cost=money(estimated_cost, "estimated_cost"),
        proposed_on=on, status_on=on, note=text(note, limit=5000), created_by=user_or_none(actor),
    )  # fmt: skip
    HouseStep.objects.create(house=h, status=HouseStatus.PROPOSED, on=on, by=user_or_none(actor))
    audit.record(actor=actor, action="projects.house.propose", unit=unit, obj=h,
                 data={"household": household.pk, "kind": kind, "cost": h.estimated_cost})  # fmt: skip
    note_changed(unit_ids=[unit.pk], since=on)
    return h


def _locked(house: House) -> House:
    return House.objects.select_for_update(of=("self",)).select_related("unit").get(pk=house.pk)


@transaction.atomic
def advance_house(*, actor, house: House, to: str, on: datetime.date, reason: str = "") -> House:
    h = _locked(house)
    if NEXT_HOUSE_STATUS.get(HouseStatus(h.status)) != to:
        raise ValidationError(_("Nhà đang ở bước “%(s)s”, không chuyển sang bước này được.")
                              % {"s": h.get_status_display()})  # fmt: skip
    not_future(on)
    if on < h.status_on:
        raise ValidationError({"on": [_("Ngày không được trước ngày của bước trước.")]})
    ensure_open(unit=h.unit, on=on)
    h.status, h.status_on = to, on
    if to == HouseStatus.BUILDING:
        h.started_on = on
    if to == HouseStatus.HANDED_OVER:
        h.handed_over_on = on
    h.save(update_fields=["status", "status_on", "started_on", "handed_over_on"])
    HouseStep.objects.create(house=h, status=to, on=on, reason=text(reason, limit=2000), by=user_or_none(actor))  # fmt: skip
    audit.record(actor=actor, action="projects.house.advance", unit=h.unit, obj=h,
                 data={"to": to, "on": on.isoformat()})  # fmt: skip
    note_changed(unit_ids=[h.unit_id], since=on)
    return h


@transaction.atomic
def cancel_house(*, actor, house: House, on: datetime.date, reason: str) -> House:
    h = _locked(house)
    if h.status in (HouseStatus.HANDED_OVER, HouseStatus.CANCELLED):
        raise ValidationError(_("Nhà đã bàn giao hoặc đã huỷ."))
    if h.tranches.filter(cancelled_at__isnull=True).exists():
        raise ValidationError(_("Hãy huỷ các đợt chi từ quỹ trước khi huỷ nhà."))
    reason = text(reason, "reason", required=True)
    ensure_open(unit=h.unit, on=on)
    h.status, h.status_on = HouseStatus.CANCELLED, on
    h.save(update_fields=["status", "status_on"])
    HouseStep.objects.create(house=h, status=HouseStatus.CANCELLED, on=on, reason=reason, by=user_or_none(actor))  # fmt: skip
    audit.record(actor=actor, action="projects.house.cancel", unit=h.unit, obj=h, data={"reason": reason})  # fmt: skip
    note_changed(unit_ids=[h.unit_id], since=h.proposed_on)
    return h


@transaction.atomic
def add_support(*, actor, house: House, source: str, amount: int, name: str = "") -> HouseSupport:
    h = _locked(house)
    if h.status == HouseStatus.CANCELLED:
        raise ValidationError(_("Nhà đã huỷ."))
    if source not in SupportSource.values:
        raise ValidationError({"source": [_("Hãy chọn nguồn.")]})
    s = HouseSupport.objects.create(
        house=h, source=source, name=text(name), amount=money(amount, "amount", positive=True),
        created_by=user_or_none(actor),
    )  # fmt: skip
    audit.record(actor=actor, action="projects.house.support", unit=h.unit, obj=h,
                 data={"source": source, "amount": s.amount})  # fmt: skip
    note_changed(unit_ids=[h.unit_id], since=h.handed_over_on or h.proposed_on)
    return s


@transaction.atomic
def pay_tranche(*, actor, house: House, kind: str, on: datetime.date, amount: int) -> Tranche:
    """Pay a tranche to the household from the unit's humanitarian fund."""
    h = _locked(house)
    if h.status not in (HouseStatus.APPROVED, HouseStatus.BUILDING, HouseStatus.HANDED_OVER):
        raise ValidationError(_("Chỉ chi cho nhà đã được duyệt."))
    if kind not in TrancheKind.values:
        raise ValidationError({"kind": [_("Hãy chọn đợt chi.")]})
    amount = money(amount, "amount", positive=True)
    not_future(on)
    ensure_open(unit=h.unit, on=on)
    entry = fund_services.record_entry(
        actor=actor, unit=h.unit, on=on, amount=amount, direction=Direction.OUT,
        category=Category.RELIEF, fund=FundKind.HUMANITARIAN,
        note=_("Nhà Chữ thập đỏ %(name)s: %(kind)s") % {
            "name": h.household.person.full_name, "kind": TrancheKind(kind).label},
    )  # fmt: skip
    t = Tranche.objects.create(house=h, kind=kind, on=on, amount=amount, fund_entry=entry, created_by=user_or_none(actor))  # fmt: skip
    audit.record(actor=actor, action="projects.tranche.pay", unit=h.unit, obj=h,
                 data={"tranche": t.pk, "amount": amount, "fund_entry": entry.pk})  # fmt: skip
    note_changed(unit_ids=[h.unit_id], since=on)
    return t


@transaction.atomic
def cancel_tranche(*, actor, tranche: Tranche, on: datetime.date, reason: str) -> Tranche:
    t = Tranche.objects.select_for_update(of=("self",)).select_related("house__unit", "fund_entry").get(pk=tranche.pk)  # fmt: skip
    if t.cancelled_at is not None:
        raise ValidationError(_("Đợt chi này đã được huỷ."))
    reason = text(reason, "reason", required=True)
    ensure_open(unit=t.house.unit, on=on)
    fund_services.reverse_entry(
        actor=actor, entry=t.fund_entry, on=max(on, t.fund_entry.on),
        note=_("Huỷ đợt chi nhà Chữ thập đỏ: %(r)s") % {"r": reason},
    )  # fmt: skip
    t.cancelled_at, t.cancelled_by, t.cancel_reason = timezone.now(), user_or_none(actor), reason
    t.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    audit.record(actor=actor, action="projects.tranche.cancel", unit=t.house.unit, obj=t.house,
                 data={"tranche": t.pk, "reason": reason})  # fmt: skip
    note_changed(unit_ids=[t.house.unit_id], since=t.on)
    return t


@transaction.atomic
def add_house_file(*, actor, house: House, title: str, file) -> HouseFile:
    if getattr(file, "size", 0) > MAX_FILE_BYTES:
        raise ValidationError({"file": [_("Tệp lớn hơn 10 MB.")]})
    title = text(title) or text(getattr(file, "name", ""))
    f = HouseFile.objects.create(house=house, title=title or "—", file=file, uploaded_by=user_or_none(actor))  # fmt: skip
    audit.record(actor=actor, action="projects.house.file", unit=house.unit, obj=house,
                 data={"file": f.pk, "title": f.title})  # fmt: skip
    return f
