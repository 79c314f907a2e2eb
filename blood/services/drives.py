"""Writes of the blood programme about the drives: a drive, the registrations to it with their
eligibility and the outcomes (one screen or a whole drive at once)."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.marks import note_changed
from core.text import nfc
from org.locks import ensure_open
from org.models import Unit
from people.models import Person

from .. import eligibility
from ..bulk import update_rows
from ..models import (
    HEALTH_KEYS,
    VOLUMES,
    Campaign,
    DeferralCategory,
    Drive,
    Kind,
    Outcome,
    Registration,
)
from .donors import (
    NotEligible,
    _donor_for,
    check,
    clean_weight,
    refresh_donors,
)

# --- drives --------------------------------------------------------------------------------------


def _clean_drive(fields: dict) -> dict:
    out = dict(fields)
    errors: dict[str, list[str]] = {}
    for f in ("site", "centre", "note"):
        if f in out:
            out[f] = nfc(out[f] or "")
    if "site" in out and not out["site"]:
        errors["site"] = [_("Hãy ghi địa điểm.")]
    if "centre" in out and not out["centre"]:
        errors["centre"] = [_("Hãy ghi cơ sở tiếp nhận máu.")]
    if "campaign" in out and out["campaign"] not in Campaign.values:
        errors["campaign"] = [_("Chương trình không hợp lệ.")]
    if "target_units" in out and not (0 <= int(out["target_units"]) <= 100_000):
        errors["target_units"] = [_("Chỉ tiêu phải từ 0 đến 100.000 đơn vị.")]
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def create_drive(
    *, actor, unit: Unit, date: datetime.date, site: str, centre: str, campaign: str,
    target_units: int = 0, note: str = "",
) -> Drive:  # fmt: skip
    data = _clean_drive(
        {"site": site, "centre": centre, "campaign": campaign, "target_units": target_units,
         "note": note}
    )  # fmt: skip
    if not unit.is_current:
        raise ValidationError(_("Đơn vị này không còn hoạt động."))
    ensure_open(unit=unit, on=date)
    drive = Drive.objects.create(unit=unit, date=date, created_by=user_or_none(actor), **data)
    audit.record(
        actor=actor, action="blood.drive.create", unit=unit, obj=drive,
        data={"date": str(date), "site": drive.site, "campaign": campaign},
    )  # fmt: skip
    note_changed(unit_ids=[unit.pk], since=date)
    return drive


@transaction.atomic
def update_drive(*, actor, drive: Drive, **fields) -> Drive:
    drive = Drive.objects.select_for_update().get(pk=drive.pk)
    unknown = set(fields) - {"date", "site", "centre", "campaign", "target_units", "note"}
    if unknown:
        raise TypeError(f"unknown drive fields: {sorted(unknown)}")
    data = _clean_drive(fields)
    old = drive.date
    ensure_open(unit=drive.unit, on={old, data.get("date", old)})
    for k, v in data.items():
        setattr(drive, k, v)
    drive.save()
    if drive.date != old:
        Registration.objects.filter(drive=drive).update(date=drive.date)
        refresh_donors(
            person_ids=drive.registrations.values_list("person_id", flat=True), honours=False
        )
    audit.record(
        actor=actor, action="blood.drive.update", unit=drive.unit, obj=drive,
        data={k: str(v) for k, v in data.items()},
    )  # fmt: skip
    note_changed(unit_ids=[drive.unit_id], since=min(old, drive.date))
    return drive


@transaction.atomic
def cancel_drive(*, actor, drive: Drive, reason: str) -> Drive:
    drive = Drive.objects.select_for_update().get(pk=drive.pk)
    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do huỷ.")]})
    if drive.cancelled_at:
        raise ValidationError(_("Đợt hiến máu này đã bị huỷ."))
    if drive.registrations.exclude(outcome=Outcome.PENDING).exists():
        raise ValidationError(_("Đợt này đã có kết quả hiến máu, không huỷ được."))
    ensure_open(unit=drive.unit, on=drive.date)
    drive.cancelled_at = timezone.now()
    drive.cancel_reason = reason
    drive.save(update_fields=["cancelled_at", "cancel_reason"])
    audit.record(
        actor=actor, action="blood.drive.cancel", unit=drive.unit, obj=drive,
        data={"reason": reason},
    )  # fmt: skip
    note_changed(unit_ids=[drive.unit_id], since=drive.date)
    return drive


# --- registrations -------------------------------------------------------------------------------


def _clean_health(health: dict | None) -> dict:
    health = health or {}
    unknown = set(health) - set(HEALTH_KEYS)
    if unknown:
        raise ValidationError({"health": [_("Câu hỏi sức khoẻ không có trong danh sách.")]})
    return {k: bool(v) for k, v in health.items()}


@transaction.atomic
def register(
    *, actor, drive: Drive, person: Person, slot: datetime.time | None = None, weight_kg=None,
    health: dict | None = None, override_reason: str = "",
) -> Registration:  # fmt: skip
    """Register ``person`` at ``drive``. A donor the rules refuse on the drive's day is refused
    (NotEligible: the reasons and the date from which they may give) unless ``override_reason``
    says why the editor registers them anyway (kept and audited)."""
    if drive.cancelled_at:
        raise ValidationError(_("Đợt hiến máu này đã bị huỷ."))
    ensure_open(unit=drive.unit, on=drive.date)
    weight = clean_weight(weight_kg)
    answers = _clean_health(health)
    override_reason = nfc(override_reason)
    v = check(person, drive.date, weight=weight, unit=drive.unit)
    if not v.ok and not override_reason:
        raise NotEligible(v)
    donor = _donor_for(person)
    if weight is not None:
        donor.weight_kg = weight
        donor.save(update_fields=["weight_kg", "updated_at"])
    try:
        with transaction.atomic():
            reg = Registration.objects.create(
                drive=drive, person=person, unit=drive.unit, date=drive.date, slot=slot,
                weight_kg=weight, health=answers, override_reason=override_reason if not v.ok else "",
                created_by=user_or_none(actor),
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError(
            _("%(name)s đã đăng ký đợt hiến máu này.") % {"name": person.full_name}
        ) from None
    data: dict = {"drive": drive.pk, "person": person.pk}
    if not v.ok:
        data.update(override=override_reason, refused=v.message)
    audit.record(
        actor=actor,
        action="blood.registration.override" if not v.ok else "blood.registration.create",
        unit=drive.unit,
        obj=reg,
        data=data,
    )
    note_changed(unit_ids=[drive.unit_id], since=drive.date)
    return reg


# --- outcomes ------------------------------------------------------------------------------------


def _clean_outcome(item: dict, drive: Drive, reg: Registration, rules: dict) -> dict:
    outcome = item.get("outcome")
    out = {
        "outcome": outcome, "volume_ml": None, "kind": "", "deferral_category": "",
        "deferred_until": None, "deferral_permanent": False,
    }  # fmt: skip
    name = reg.person.full_name
    if outcome == Outcome.DONATED:
        volume, kind = item.get("volume_ml"), item.get("kind") or Kind.WHOLE
        if volume not in VOLUMES:
            raise ValidationError(
                _("%(name)s: lượng máu phải là 250, 350 hoặc 450 ml.") % {"name": name}
            )
        if kind not in Kind.values:
            raise ValidationError(_("%(name)s: cách hiến không hợp lệ.") % {"name": name})
        if kind == Kind.WHOLE and reg.weight_kg is not None:
            if drive.unit_id not in rules:
                rules[drive.unit_id] = eligibility.rule_on(drive.unit, drive.date)
            rule = rules[drive.unit_id]
            allowed = eligibility.max_volume(rule, reg.weight_kg)
            if allowed is not None and volume > allowed:
                raise ValidationError(
                    _("%(name)s: cân nặng %(w)s kg chỉ được hiến tối đa %(ml)d ml.")
                    % {"name": name, "w": str(reg.weight_kg).replace(".", ","), "ml": allowed}
                )
        out.update(volume_ml=volume, kind=kind)
    elif outcome == Outcome.DEFERRED:
        category = item.get("deferral_category")
        if category not in DeferralCategory.values:
            raise ValidationError(_("%(name)s: hãy chọn lý do tạm hoãn.") % {"name": name})
        permanent, until = bool(item.get("deferral_permanent")), item.get("deferred_until")
        if not permanent and (until is None or until <= drive.date):
            raise ValidationError(
                _("%(name)s: hoãn tạm thời cần ngày được hiến lại (sau ngày hiến máu).")
                % {"name": name}
            )
        out.update(deferral_category=category, deferral_permanent=permanent,
                   deferred_until=None if permanent else until)  # fmt: skip
    elif outcome not in (Outcome.ABSENT, Outcome.PENDING):
        raise ValidationError(_("Kết quả không hợp lệ."))
    return out


@transaction.atomic
def record_outcomes(*, actor, drive: Drive, items: list[dict]) -> int:
    """Outcomes of a drive's registrations (``items``: dicts with ``registration`` (id),
    ``outcome`` and its details), all or none: one query to read them, one bulk update, the
    donors' dates and honours refreshed together, one audit event with the counts."""
    if drive.cancelled_at:
        raise ValidationError(_("Đợt hiến máu này đã bị huỷ."))
    if drive.date > timezone.localdate():
        raise ValidationError(_("Chưa đến ngày hiến máu: chưa ghi được kết quả."))
    ensure_open(unit=drive.unit, on=drive.date)
    ids = [int(i["registration"]) for i in items]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("Một người được ghi kết quả hai lần."))
    regs = {
        r.pk: r
        for r in Registration.objects.select_for_update(of=("self",))
        .filter(drive=drive, pk__in=ids)
        .select_related("person")
    }
    if len(regs) != len(ids):
        raise ValidationError(_("Có người không đăng ký đợt hiến máu này."))
    rules: dict = {}
    now = timezone.now()
    who = user_or_none(actor)
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        reg = regs[int(item["registration"])]
        for k, v in _clean_outcome(item, drive, reg, rules).items():
            setattr(reg, k, v)
        reg.recorded_at, reg.recorded_by = now, who
        counts[reg.outcome] += 1
    fields = ["outcome", "volume_ml", "kind", "deferral_category", "deferred_until",
              "deferral_permanent", "recorded_at", "recorded_by"]  # fmt: skip
    update_rows(Registration, list(regs.values()), fields)
    person_ids = [r.person_id for r in regs.values()]
    honours = refresh_donors(person_ids=person_ids, honours=True)
    audit.record(
        actor=actor, action="blood.outcomes.record", unit=drive.unit, obj=drive,
        data={"count": len(items), **counts, "honours": honours},
    )  # fmt: skip
    note_changed(unit_ids=[drive.unit_id], since=drive.date)
    return len(items)
