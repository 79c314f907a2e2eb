"""Donors and their pledges."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.text import nfc
from org.models import Unit
from people.models import Person

from ..models import (
    Donor,
    DonorKind,
    Frequency,
    OrganisationKind,
    Pledge,
)
from .entries import _check_amount, _same_line


def _clean_donor(
    *, kind: str, person: Person | None, name: str, organisation_kind: str
) -> tuple[str, str]:
    name = nfc(name).strip()
    if kind == DonorKind.PERSON:
        if person is None:
            raise ValidationError({"person": [_("Hãy chọn người ủng hộ.")]})
        return "", ""
    if kind != DonorKind.ORGANISATION:
        raise ValidationError({"kind": [_("Loại nhà hảo tâm không hợp lệ.")]})
    if not name:
        raise ValidationError({"name": [_("Hãy nhập tên tổ chức.")]})
    if organisation_kind not in OrganisationKind.values:
        raise ValidationError({"organisation_kind": [_("Hãy chọn loại tổ chức.")]})
    return name, organisation_kind


@transaction.atomic
def create_donor(
    *,
    actor,
    unit: Unit,
    kind: str,
    person: Person | None = None,
    name: str = "",
    organisation_kind: str = "",
    contact: str = "",
    note: str = "",
) -> Donor:
    name, organisation_kind = _clean_donor(
        kind=kind, person=person, name=name, organisation_kind=organisation_kind
    )
    if kind == DonorKind.PERSON:
        existing = Donor.objects.filter(unit=unit, person=person).first()
        if existing is not None:
            raise ValidationError(
                {"person": [_("Người này đã có trong danh sách nhà hảo tâm của đơn vị.")]}
            )
    else:
        person = None
    donor = Donor.objects.create(
        unit=unit,
        kind=kind,
        person=person,
        name=name,
        organisation_kind=organisation_kind,
        contact=nfc(contact).strip(),
        note=nfc(note).strip(),
        created_by=user_or_none(actor),
    )
    audit.record(
        actor=actor,
        action="funds.donor.create",
        unit=unit,
        obj=donor,
        data={"kind": kind, "person": donor.person_id, "organisation_kind": organisation_kind},
    )
    return donor


@transaction.atomic
def update_donor(
    *, actor, donor: Donor, name: str, organisation_kind: str, contact: str, note: str
) -> Donor:
    """Change an organisation's name/kind or any donor's contact and note (a person's name lives on Person)."""
    donor = Donor.objects.select_for_update().get(pk=donor.pk)
    changed: dict[str, str] = {}
    if donor.kind == DonorKind.ORGANISATION:
        name, organisation_kind = _clean_donor(
            kind=donor.kind, person=None, name=name, organisation_kind=organisation_kind
        )
        for field, value in (("name", name), ("organisation_kind", organisation_kind)):
            if getattr(donor, field) != value:
                changed[field] = value
    for field, value in (("contact", nfc(contact).strip()), ("note", nfc(note).strip())):
        if getattr(donor, field) != value:
            changed[field] = value
    if changed:
        for field, value in changed.items():
            setattr(donor, field, value)
        donor.save(update_fields=list(changed))
        audit.record(
            actor=actor,
            action="funds.donor.update",
            unit=donor.unit,
            obj=donor,
            data={"fields": sorted(changed)},
        )
    return donor


@transaction.atomic
def create_pledge(
    *,
    actor,
    donor: Donor,
    unit: Unit,
    amount: int,
    frequency: str,
    start: datetime.date,
    end: datetime.date | None = None,
    campaign: str = "",
    note: str = "",
) -> Pledge:
    amount = _check_amount(amount)
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": [_("Định kỳ không hợp lệ.")]})
    if not _same_line(donor.unit, unit):
        raise ValidationError({"donor": [_("Nhà hảo tâm thuộc đơn vị khác.")]})
    if end is not None and end < start:
        raise ValidationError({"end": [_("Ngày kết thúc phải từ ngày bắt đầu trở đi.")]})
    if frequency == Frequency.ONE_OFF:
        end = None
    pledge = Pledge.objects.create(
        donor=donor,
        unit=unit,
        amount=amount,
        frequency=frequency,
        start=start,
        end=end,
        campaign=nfc(campaign).strip(),
        note=nfc(note).strip(),
        created_by=user_or_none(actor),
    )
    audit.record(
        actor=actor,
        action="funds.pledge.create",
        unit=unit,
        obj=pledge,
        data={"donor": donor.pk, "amount": amount, "frequency": frequency},
    )
    return pledge


@transaction.atomic
def end_pledge(*, actor, pledge: Pledge, end: datetime.date) -> Pledge:
    """Stop a monthly pledge after ``end`` (the last day it covers)."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.frequency != Frequency.MONTHLY:
        raise ValidationError({"end": [_("Chỉ cam kết hằng tháng mới cần ngày kết thúc.")]})
    if end < pledge.start:
        raise ValidationError({"end": [_("Ngày kết thúc phải từ ngày bắt đầu trở đi.")]})
    previous = pledge.end
    pledge.end = end
    pledge.save(update_fields=["end"])
    audit.record(
        actor=actor,
        action="funds.pledge.end",
        unit=pledge.unit,
        obj=pledge,
        data={"end": end.isoformat(), "previous": previous.isoformat() if previous else None},
    )
    return pledge
