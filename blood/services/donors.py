"""Writes of the blood programme about the donors: the eligibility rules, a donor's record and
the check of a registration against the rules, the donors' dates and their honours."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.formatting import format_date
from core.text import nfc
from org.models import Unit
from people.models import Person

from .. import eligibility
from ..bulk import update_rows
from ..eligibility import Facts, Verdict
from ..models import (
    VOLUMES,
    Abo,
    Donor,
    EligibilityRule,
    GroupSource,
    Honour,
    Kind,
    Milestone,
    Outcome,
    Registration,
    Rh,
)

EPOCH = datetime.date(1900, 1, 1)
WEIGHT_MIN, WEIGHT_MAX = Decimal(20), Decimal(250)


class NotEligible(ValidationError):
    """A registration refused by the rules: the verdict says why and from when."""

    def __init__(self, v: Verdict):
        self.verdict = v
        text = v.message
        if v.from_date is not None:
            text += " " + _("Có thể hiến từ ngày %(date)s.") % {"date": format_date(v.from_date)}
        super().__init__(text, code="not_eligible")


# --- rules ---------------------------------------------------------------------------------------


@transaction.atomic
def save_rule(
    *, actor, unit: Unit | None, effective_from: datetime.date, **fields
) -> EligibilityRule:
    """A rule in force from ``effective_from`` (a new row; the older rules stay for the dates
    before it). Then the roster's dates of the donors under ``unit`` are recomputed."""
    allowed = {
        "min_age", "max_age", "min_weight_female", "min_weight_male", "volume_steps",
        "whole_blood_days", "apheresis_days", "source",
    }  # fmt: skip
    if set(fields) - allowed:
        raise TypeError(f"unknown rule fields: {sorted(set(fields) - allowed)}")
    base = eligibility.rule_on(unit, effective_from)
    values = {f: getattr(base, f) for f in allowed} | fields
    errors: dict[str, list[str]] = {}
    if not (16 <= values["min_age"] < values["max_age"] <= 80):
        errors["max_age"] = [_("Độ tuổi phải từ 16 đến 80, tuổi tối thiểu nhỏ hơn tối đa.")]
    for f in ("min_weight_female", "min_weight_male"):
        if not (Decimal(30) <= Decimal(values[f]) <= Decimal(80)):
            errors[f] = [_("Cân nặng tối thiểu phải từ 30 đến 80 kg.")]
    for f in ("whole_blood_days", "apheresis_days"):
        if not (1 <= int(values[f]) <= 730):
            errors[f] = [_("Số ngày phải từ 1 đến 730.")]
    steps = values["volume_steps"] or eligibility.DEFAULT_STEPS
    try:
        steps = sorted([float(kg), int(ml)] for kg, ml in steps)
        if any(ml not in VOLUMES for _kg, ml in steps):
            raise ValueError
    except (TypeError, ValueError):
        errors["volume_steps"] = [_("Lượng máu theo cân nặng: các cặp [kg, 250/350/450 ml].")]
    if errors:
        raise ValidationError(errors)
    values["volume_steps"] = steps
    values["source"] = nfc(values["source"])
    rule, _created = EligibilityRule.objects.update_or_create(
        unit=unit,
        effective_from=effective_from,
        defaults={**values, "created_by": user_or_none(actor)},
    )
    audit.record(
        actor=actor,
        action="blood.rule.save",
        unit=unit,
        obj=rule,
        data={"effective_from": str(effective_from), **{k: str(v) for k, v in values.items()}},
    )
    donors = Donor.objects.all()
    if unit is not None:
        donors = donors.filter(unit_path__startswith=unit.path)
    transaction.on_commit(lambda: refresh_donor_dates(donors.values_list("pk", flat=True)))
    return rule


# --- donors --------------------------------------------------------------------------------------


def _donor_for(person: Person) -> Donor:
    donor = Donor.objects.filter(pk=person.pk).first()
    if donor is None:
        donor = Donor.objects.create(person=person, unit_id=person.unit_id,
                                     unit_path=person.unit.path)  # fmt: skip
    return donor


def clean_weight(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        w = Decimal(str(value).replace(",", ".")).quantize(Decimal("0.1"))
    except ArithmeticError:
        raise ValidationError({"weight_kg": [_("Cân nặng phải là số kg.")]}) from None
    if not (WEIGHT_MIN <= w <= WEIGHT_MAX):
        raise ValidationError({"weight_kg": [_("Cân nặng phải từ 20 đến 250 kg.")]})
    return w


@transaction.atomic
def update_donor(
    *, actor, person: Person, abo: str | None = None, rh: str | None = None,
    on_call: bool | None = None, opening_count: int | None = None,
    opening_source: str | None = None, opening_last_on: datetime.date | None = None,
    weight_kg=None,
) -> Donor:  # fmt: skip
    """The donor's profile: blood group (entered), living blood bank, donations before sohoi
    (an opening count needs its source)."""
    donor = _donor_for(person)
    donor = Donor.objects.select_for_update().get(pk=donor.pk)
    changed: dict[str, str] = {}
    if abo is not None and (abo, rh or "") != (donor.abo, donor.rh):
        if abo and abo not in Abo.values:
            raise ValidationError({"abo": [_("Nhóm máu ABO không hợp lệ.")]})
        if rh and rh not in Rh.values:
            raise ValidationError({"rh": [_("Rh không hợp lệ.")]})
        donor.abo, donor.rh = abo, rh or ""
        donor.group_source = GroupSource.ENTERED if abo else ""
        changed["group"] = "set"  # the group itself is sensitive: not in the trail
    if on_call is not None:
        donor.on_call = on_call
        changed["on_call"] = str(on_call)
    if opening_count is not None:
        if not (0 <= opening_count <= 300):
            raise ValidationError({"opening_count": [_("Số lần hiến trước phải từ 0 đến 300.")]})
        source = nfc(opening_source or "")
        if opening_count and not source:
            raise ValidationError(
                {
                    "opening_source": [
                        _("Hãy ghi nguồn của số lần hiến trước (sổ, giấy chứng nhận…).")
                    ]
                }
            )
        if opening_last_on and opening_last_on > timezone.localdate():
            raise ValidationError({"opening_last_on": [_("Ngày không được sau hôm nay.")]})
        donor.opening_count, donor.opening_source = opening_count, source
        donor.opening_last_on = opening_last_on
        changed.update(opening_count=str(opening_count), opening_source=source)
    if weight_kg is not None:
        donor.weight_kg = clean_weight(weight_kg)
        changed["weight"] = "set"
    donor.save()
    audit.record(actor=actor, action="blood.donor.update", unit=donor.unit, obj=donor, data=changed)
    refresh_donors(person_ids=[donor.pk], honours=False)
    return donor


def _facts(donor: Donor, person: Person, weight: Decimal | None = None) -> Facts:
    return Facts(
        sex=person.sex,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        weight_kg=weight if weight is not None else donor.weight_kg,
        last_donation_on=donor.last_donation_on,
        last_kind=donor.last_kind,
        deferred_until=donor.deferred_until,
        permanently_deferred=donor.permanently_deferred,
    )


def check(person: Person, on: datetime.date, *, weight=None, unit: Unit | None = None) -> Verdict:
    """May ``person`` give on ``on`` (with ``weight`` if weighed now)? The rule in force under
    ``unit`` (the drive's; else the donor's) on that day."""
    donor = Donor.objects.filter(pk=person.pk).first() or Donor(person=person)
    rule = eligibility.rule_on(unit or person.unit, on)
    return eligibility.verdict(_facts(donor, person, clean_weight(weight)), rule, on)


# --- the donors' dates and honours ---------------------------------------------------------------


def _latest_donations(person_ids: list[int]) -> dict[int, tuple[int, datetime.date | None, str]]:
    """{person: (number of donations, last date, its kind)} in two queries."""
    donated = Registration.objects.filter(person_id__in=person_ids, outcome=Outcome.DONATED)
    last = {
        row["person_id"]: (row["n"], row["last"])
        for row in donated.values("person_id").annotate(n=Count("pk"), last=Max("date"))
    }
    kinds: dict[int, str] = {}
    for pid, day, kind in donated.values_list("person_id", "date", "kind"):
        if last[pid][1] == day and kinds.get(pid) != Kind.WHOLE:
            kinds[pid] = kind  # whole blood wins on the same day (the longer wait)
    return {pid: (n, day, kinds.get(pid, "")) for pid, (n, day) in last.items()}


def _deferrals(person_ids: list[int]) -> dict[int, tuple[datetime.date | None, bool]]:
    out: dict[int, tuple[datetime.date | None, bool]] = {}
    rows = Registration.objects.filter(
        person_id__in=person_ids, outcome=Outcome.DEFERRED
    ).values_list("person_id", "deferred_until", "deferral_permanent")
    for pid, until, permanent in rows:
        old_until, old_perm = out.get(pid, (None, False))
        if until is not None and (old_until is None or until > old_until):
            old_until = until
        out[pid] = (old_until, old_perm or permanent)
    return out


def refresh_donors(*, person_ids: Iterable[int], honours: bool) -> int:
    """Recompute the donors' counts and roster dates from their registrations, set-based; with
    ``honours``, the milestones crossed by the new count are recorded. Returns honours made."""
    person_ids = list(person_ids)
    if not person_ids:
        return 0
    people = {p.pk: p for p in Person.objects.filter(pk__in=person_ids).select_related("unit")}
    existing = {d.pk: d for d in Donor.objects.select_for_update().filter(pk__in=person_ids)}
    missing = [
        Donor(person_id=pid, unit_id=p.unit_id, unit_path=p.unit.path)
        for pid, p in people.items() if pid not in existing
    ]  # fmt: skip
    if missing:
        Donor.objects.bulk_create(missing)
        existing.update({d.pk: d for d in missing})
    donations = _latest_donations(person_ids)
    deferrals = _deferrals(person_ids)
    milestones = list(Milestone.objects.filter(active=True).values_list("count", flat=True))
    today = timezone.localdate()
    every_rule = eligibility.all_rules()
    rule_cache: dict[str, list] = {}
    new_honours: list[Honour] = []
    crossed: list[tuple[int, int, int]] = []
    for pid, donor in existing.items():
        before = donor.total_count
        n, last, kind = donations.get(pid, (0, None, ""))
        if donor.opening_last_on and (last is None or donor.opening_last_on > last):
            last, kind = donor.opening_last_on, Kind.WHOLE
        donor.recorded_count, donor.last_donation_on, donor.last_kind = n, last, kind
        donor.deferred_until, donor.permanently_deferred = deferrals.get(pid, (None, False))
        rules = rule_cache.get(donor.unit_path)
        if rules is None:
            rules = rule_cache[donor.unit_path] = eligibility.rules_for_path(
                every_rule, donor.unit_path
            )
        v = eligibility.verdict(
            _facts(donor, people[pid]), eligibility.rule_in(rules, today), EPOCH
        )
        donor.next_eligible_on, donor.eligible_until = v.from_date, v.until
        if honours and donor.total_count > before:
            for m in milestones:
                if before < m <= donor.total_count:
                    crossed.append((pid, m, donor.unit_id))
    now = timezone.now()
    for donor in existing.values():
        donor.updated_at = now
    update_rows(
        Donor,
        list(existing.values()),
        ["recorded_count", "last_donation_on", "last_kind", "deferred_until",
         "permanently_deferred", "next_eligible_on", "eligible_until", "updated_at"],
    )  # fmt: skip
    if crossed:
        reached = _reaching_registrations(crossed, existing)
        new_honours = [
            Honour(person_id=pid, milestone=m, unit_id=unit_id,
                   reached_on=reached[(pid, m)][0], registration_id=reached[(pid, m)][1])
            for pid, m, unit_id in crossed
        ]  # fmt: skip
        Honour.objects.bulk_create(new_honours, ignore_conflicts=True)
    return len(new_honours)


def _reaching_registrations(crossed, donors) -> dict:
    """For each (person, milestone) crossed, the donation that reached it (the n-th recorded
    one, counting the opening donations first): its date and id."""
    pids = {pid for pid, _m, _u in crossed}
    rows = (
        Registration.objects.filter(person_id__in=pids, outcome=Outcome.DONATED)
        .order_by("person_id", "date", "pk")
        .values_list("person_id", "date", "pk")
    )
    seq: dict[int, list] = defaultdict(list)
    for pid, day, pk in rows:
        seq[pid].append((day, pk))
    out = {}
    for pid, m, _unit in crossed:
        i = m - donors[pid].opening_count - 1
        out[(pid, m)] = seq[pid][i] if 0 <= i < len(seq[pid]) else (timezone.localdate(), None)
    return out


def refresh_donor_dates(person_ids: Iterable[int], chunk: int = 2000) -> None:
    """After a rule change: every donor's roster dates again, a chunk at a time."""
    ids = list(person_ids)
    for i in range(0, len(ids), chunk):
        with transaction.atomic():
            refresh_donors(person_ids=ids[i : i + chunk], honours=False)


@transaction.atomic
def award_honours(*, actor, honours: list[Honour], on: datetime.date) -> int:
    """The honours given at a ceremony on ``on``."""
    ids = [h.pk for h in honours if h.awarded_on is None]
    n = Honour.objects.filter(pk__in=ids, awarded_on__isnull=True).update(awarded_on=on)
    if honours:
        audit.record(
            actor=actor, action="blood.honours.award", unit=honours[0].unit,
            data={"count": n, "on": str(on), "ids": ids[:500]},
        )  # fmt: skip
    return n
