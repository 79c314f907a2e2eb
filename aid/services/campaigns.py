"""Campaigns: period, organising unit, participating units with their targets, parcel types."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.text import nfc
from org.locks import ensure_open
from org.models import Unit

from ..models import Campaign, CampaignKind, CampaignUnit, ParcelType
from .assistance import MAX_VALUE


@transaction.atomic
def create_campaign(
    *,
    actor,
    unit: Unit,
    name: str,
    kind: str,
    start: datetime.date,
    end: datetime.date,
    target_gifts: int = 0,
    target_value: int = 0,
    target_addresses: int = 0,
    partners: str = "",
) -> Campaign:
    name = nfc(name).strip()
    if not name:
        raise ValidationError({"name": [_("Hãy nhập tên đợt.")]})
    if kind not in CampaignKind.values:
        raise ValidationError({"kind": [_("Hãy chọn loại đợt.")]})
    if end < start:
        raise ValidationError({"end": [_("Ngày kết thúc phải từ ngày bắt đầu trở đi.")]})
    if min(target_gifts, target_value, target_addresses) < 0 or target_value > MAX_VALUE:
        raise ValidationError(_("Chỉ tiêu không được âm."))
    ensure_open(unit=unit, on=start)
    c = Campaign.objects.create(
        unit=unit, name=name, kind=kind, start=start, end=end, target_gifts=target_gifts,
        target_value=target_value, target_addresses=target_addresses,
        partners=nfc(partners).strip(), created_by=user_or_none(actor),
    )  # fmt: skip
    audit.record(
        actor=actor, action="aid.campaign.create", unit=unit, obj=c,
        data={"name": name, "kind": kind, "start": start.isoformat(), "end": end.isoformat()},
    )  # fmt: skip
    return c


@transaction.atomic
def add_parcel_type(*, actor, campaign: Campaign, name: str, cash: int, goods: int) -> ParcelType:
    name = nfc(name).strip()
    if not name:
        raise ValidationError({"name": [_("Hãy nhập tên loại quà.")]})
    if cash < 0 or goods < 0 or cash + goods == 0 or cash > MAX_VALUE or goods > MAX_VALUE:
        raise ValidationError({"cash": [_("Giá trị suất quà phải lớn hơn 0 (tiền mặt và/hoặc hiện vật).")]})  # fmt: skip
    p = ParcelType.objects.create(campaign=campaign, name=name, cash=cash, goods=goods)
    audit.record(
        actor=actor, action="aid.parcel.add", unit=campaign.unit, obj=campaign,
        data={"parcel": p.pk, "name": name, "cash": cash, "goods": goods},
    )  # fmt: skip
    return p


@transaction.atomic
def set_participant(
    *, actor, campaign: Campaign, unit: Unit, target_gifts: int = 0, target_value: int = 0
) -> CampaignUnit:
    """A unit of the organiser's subtree takes part, with its targets (set again: changed)."""
    if not unit.path.startswith(campaign.unit.path):
        raise ValidationError({"unit": [_("Đơn vị tham gia phải thuộc đơn vị tổ chức đợt.")]})
    if target_gifts < 0 or target_value < 0 or target_value > MAX_VALUE:
        raise ValidationError(_("Chỉ tiêu không được âm."))
    try:
        with transaction.atomic():
            cu, created = CampaignUnit.objects.update_or_create(
                campaign=campaign, unit=unit,
                defaults={"target_gifts": target_gifts, "target_value": target_value},
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError(_("Đơn vị này vừa được thêm; hãy tải lại trang.")) from None
    audit.record(
        actor=actor, action="aid.campaign.participant", unit=campaign.unit, obj=campaign,
        data={"unit": unit.pk, "target_gifts": target_gifts, "target_value": target_value,
              "created": created},
    )  # fmt: skip
    return cu
