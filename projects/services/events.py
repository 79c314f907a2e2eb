"""Check-up and charity-kitchen events: counts (optionally by sex and age band that never exceed
the total), value by source, the people served (beneficiaries or typed on the spot)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aid.models import Beneficiary
from core import audit
from core.audit import user_or_none
from core.marks import note_changed
from org.locks import ensure_open
from org.models import Unit

from ..models import Event, EventKind, EventServed, EventValue, ValueSource
from ..models.events import SERVICES
from .common import money, not_future, text

SERVICE_CODES = {code for code, _label in SERVICES}


@dataclass
class Served:
    full_name: str = ""
    birth_year: int | None = None
    sex: str = ""
    beneficiary: Beneficiary | None = None


def _counts(count, male, female, bands) -> None:
    if male is not None and female is not None and male + female > count:
        raise ValidationError({"male": [_("Số nam cộng số nữ vượt quá tổng số.")]})
    given = [b for b in bands if b is not None]
    if sum(given) > count:
        raise ValidationError({"children": [_("Tổng các nhóm tuổi vượt quá tổng số.")]})


@transaction.atomic
def record_event(
    *, actor, unit: Unit, kind: str, on: datetime.date, place: str, count: int,
    partners: str = "", services=(), male=None, female=None, children=None, adults=None,
    elderly=None, values=(), served=(), note: str = "",
) -> Event:  # fmt: skip
    """``values``: (source, name, amount) triples; ``served``: :class:`Served` lines."""
    if kind not in EventKind.values:
        raise ValidationError({"kind": [_("Hãy chọn loại hoạt động.")]})
    if not isinstance(count, int) or count < 0 or count > 10**7:
        raise ValidationError({"count": [_("Số lượt / suất không hợp lệ.")]})
    if any(s not in SERVICE_CODES for s in services):
        raise ValidationError({"services": [_("Dịch vụ không hợp lệ.")]})
    _counts(count, male, female, (children, adults, elderly))
    not_future(on)
    ensure_open(unit=unit, on=on)
    e = Event.objects.create(
        unit=unit, kind=kind, on=on, place=text(place, "place", required=True),
        partners=text(partners, limit=500), services=sorted(set(services)), count=count,
        male=male, female=female, children=children, adults=adults, elderly=elderly,
        note=text(note, limit=5000), created_by=user_or_none(actor),
    )  # fmt: skip
    for source, name, amount in values:
        if source not in ValueSource.values:
            raise ValidationError({"values": [_("Hãy chọn nguồn.")]})
        EventValue.objects.create(event=e, source=source, name=text(name), amount=money(amount, "values", positive=True))  # fmt: skip
    n = _add_served(e, served)
    audit.record(actor=actor, action="projects.event.record", unit=unit, obj=e,
                 data={"kind": kind, "count": count, "served": n})  # fmt: skip
    note_changed(unit_ids=[unit.pk], since=on)
    return e


def _add_served(e: Event, served) -> int:
    rows = []
    for s in served:
        b = s.beneficiary
        if b is not None:
            if not (b.unit.path.startswith(e.unit.path) or e.unit.path.startswith(b.unit.path)):
                raise ValidationError(_("Đối tượng không thuộc đơn vị này."))
            rows.append(EventServed(event=e, beneficiary=b, person_id=b.person_id,
                                    full_name=b.person.full_name, birth_year=b.person.birth_year,
                                    sex=b.person.sex))  # fmt: skip
        else:
            name = text(s.full_name, "served", required=True)
            if s.birth_year is not None and not 1900 <= s.birth_year <= timezone.localdate().year:
                raise ValidationError({"served": [_("Năm sinh không hợp lệ.")]})
            rows.append(EventServed(event=e, full_name=name, birth_year=s.birth_year, sex=s.sex if s.sex in ("M", "F") else ""))  # fmt: skip
    EventServed.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def add_served(*, actor, event: Event, served) -> int:
    e = Event.objects.select_for_update(of=("self",)).select_related("unit").get(pk=event.pk)
    if e.cancelled_at:
        raise ValidationError(_("Hoạt động này đã huỷ."))
    ensure_open(unit=e.unit, on=e.on)
    n = _add_served(e, served)
    audit.record(actor=actor, action="projects.event.served", unit=e.unit, obj=e, data={"added": n})
    return n


@transaction.atomic
def cancel_event(*, actor, event: Event, reason: str) -> Event:
    e = Event.objects.select_for_update(of=("self",)).select_related("unit").get(pk=event.pk)
    if e.cancelled_at:
        raise ValidationError(_("Hoạt động này đã huỷ."))
    reason = text(reason, "reason", required=True)
    ensure_open(unit=e.unit, on=e.on)
    e.cancelled_at, e.cancel_reason = timezone.now(), reason
    e.save(update_fields=["cancelled_at", "cancel_reason"])
    audit.record(actor=actor, action="projects.event.cancel", unit=e.unit, obj=e, data={"reason": reason})  # fmt: skip
    note_changed(unit_ids=[e.unit_id], since=e.on)
    return e
