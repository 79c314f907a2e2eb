"""The cow bank's writes: rules, cows bought or donated, placements with households, births,
pass-ons to the next household on the waiting list, the male calf sold to buy a heifer, deaths
and sales. Each write: one transaction, the period lock checked, one audit event, dirty marks."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from aid.models import Beneficiary
from core import audit
from core.audit import user_or_none
from core.marks import note_changed
from org.locks import ensure_open
from org.models import Unit, UnitKind

from ..models import Animal, AnimalStatus, CowRule, EndKind, Placement, PlacementKind, WaitingEntry
from .common import add_months, money, not_future, text

# The association's default (the data migration's values).
DEFAULT_RULE = {
    "calf_number": 1, "min_age_months": 6, "max_age_months": 12, "sell_male": True,
    "since": datetime.date(2000, 1, 1), "note": "Quy định chung của Hội",
}  # fmt: skip


def rule_for(unit: Unit) -> CowRule:
    """The rule in force for ``unit``: its province's (the nearest unit above with one), else
    the association's default."""
    paths = unit.ancestor_paths()
    current = CowRule.objects.filter(retired_on__isnull=True).filter(
        Q(unit__isnull=True) | Q(unit__path__in=paths)
    )
    rules = {r.unit.path if r.unit else "": r for r in current.select_related("unit")}
    for path in reversed(unit.ancestor_paths()):
        if path in rules:
            return rules[path]
    if "" not in rules:  # migration 0002 writes it; a flushed database gets it back here
        rules[""], _created = CowRule.objects.get_or_create(
            unit=None, retired_on=None, defaults=DEFAULT_RULE
        )
    return rules[""]


@transaction.atomic
def set_rule(
    *, actor, unit: Unit | None, calf_number: int, min_age_months: int, max_age_months: int,
    sell_male: bool, since: datetime.date, note: str = "",
) -> CowRule:  # fmt: skip
    """A province's new rule (``unit`` None: the association's default), replacing the current
    one; placements already started keep their terms."""
    if unit is not None and unit.kind != UnitKind.PROVINCE:
        raise ValidationError(_("Quy định ngân hàng bò được đặt ở cấp tỉnh."))
    if calf_number not in (1, 2):
        raise ValidationError({"calf_number": [_("Chỉ chuyển bê đầu hoặc bê thứ hai.")]})
    if not 1 <= min_age_months <= max_age_months <= 36:
        raise ValidationError(
            {"max_age_months": [_("Tuổi chuyển giao: từ … đến … tháng, từ không lớn hơn đến.")]}
        )
    CowRule.objects.filter(unit=unit, retired_on__isnull=True).update(retired_on=since)
    rule = CowRule.objects.create(
        unit=unit, calf_number=calf_number, min_age_months=min_age_months,
        max_age_months=max_age_months, sell_male=bool(sell_male), since=since,
        note=text(note), created_by=user_or_none(actor),
    )  # fmt: skip
    audit.record(
        actor=actor, action="projects.cowrule.set", unit=unit, obj=rule,
        data={"calf_number": calf_number, "ages": [min_age_months, max_age_months],
              "sell_male": bool(sell_male)},
    )  # fmt: skip
    return rule


@transaction.atomic
def acquire_cow(
    *, actor, unit: Unit, sex: str = "F", tag: str = "", breed: str = "",
    born_on: datetime.date | None = None, acquired_on: datetime.date, value: int = 0,
    donor: str = "",
) -> Animal:  # fmt: skip
    """A founding cow bought or donated: the root of a chain."""
    if sex not in ("F", "M"):
        raise ValidationError({"sex": [_("Hãy chọn bò đực hay cái.")]})
    not_future(acquired_on, "acquired_on")
    ensure_open(unit=unit, on=acquired_on)
    a = Animal.objects.create(
        unit=unit, sex=sex, tag=text(tag, limit=40), breed=text(breed, limit=80),
        born_on=born_on, acquired_on=acquired_on, value=money(value, "value"),
        donor=text(donor), created_by=user_or_none(actor),
    )  # fmt: skip
    Animal.objects.filter(pk=a.pk).update(root=a)
    a.root = a
    audit.record(actor=actor, action="projects.cow.acquire", unit=unit, obj=a,
                 data={"tag": a.tag, "value": a.value, "donor": a.donor})  # fmt: skip
    note_changed(unit_ids=[unit.pk], since=acquired_on)
    return a


def _household(b: Beneficiary) -> Beneficiary:
    if b.ended_on is not None:
        raise ValidationError(_("Hộ này không còn trong danh sách đối tượng trợ giúp."))
    if b.head_id is not None:
        raise ValidationError(_("Bò được giao cho hộ: hãy chọn chủ hộ."))
    return b


def _place(
    actor, animal: Animal, household: Beneficiary, on, kind, from_placement=None
) -> Placement:
    rule = rule_for(animal.unit)
    p = Placement.objects.create(
        unit=animal.unit, animal=animal, household=household, kind=kind, start=on,
        from_placement=from_placement, rule=rule, calf_number=rule.calf_number,
        min_age_months=rule.min_age_months, max_age_months=rule.max_age_months,
        sell_male=rule.sell_male, created_by=user_or_none(actor),
    )  # fmt: skip
    WaitingEntry.objects.filter(
        household=household, placement__isnull=True, cancelled_on__isnull=True
    ).update(placement=p)
    return p


@transaction.atomic
def give_cow(*, actor, animal: Animal, household: Beneficiary, on: datetime.date) -> Placement:
    """Hand a founding cow to a household under the rule in force."""
    a = Animal.objects.select_for_update(of=("self",)).select_related("unit").get(pk=animal.pk)
    if a.parent_id is not None or a.status != AnimalStatus.BANK or a.holder_id is not None:
        raise ValidationError(_("Chỉ trao được bò giống của ngân hàng chưa giao cho hộ nào."))
    if a.sex != "F":
        raise ValidationError(_("Bò giống trao cho hộ phải là bò cái."))
    _household(household)
    not_future(on)
    if a.acquired_on and on < a.acquired_on:
        raise ValidationError({"on": [_("Ngày trao không được trước ngày mua / nhận bò.")]})
    ensure_open(unit=a.unit, on=on)
    p = _place(actor, a, household, on, PlacementKind.GIVEN)
    a.holder = household
    a.save(update_fields=["holder"])
    audit.record(actor=actor, action="projects.cow.give", unit=a.unit, obj=a,
                 data={"household": household.pk, "on": on.isoformat(), "placement": p.pk})  # fmt: skip
    note_changed(unit_ids=[a.unit_id], since=on)
    return p


def open_placement(animal: Animal) -> Placement | None:
    return Placement.objects.filter(
        animal=animal, met_on__isnull=True, ended_on__isnull=True
    ).first()


def owed_calf(p: Placement) -> Animal | None:
    """The living calf (or bought heifer) ``p`` will pass on, if one is there yet."""
    return (
        Animal.objects.filter(owed_by=p, status=AnimalStatus.BANK, holder_id=p.household_id)
        .order_by("born_on", "id").first()
    )  # fmt: skip


@transaction.atomic
def record_birth(
    *, actor, mother: Animal, born_on: datetime.date, sex: str, tag: str = "", breed: str = ""
) -> Animal:
    """A calf born to a cow with a household. Under an open placement the ``calf_number``-th
    calf (or the next one, when the owed calf died) is the bank's; any other calf is the
    household's from birth."""
    m = Animal.objects.select_for_update(of=("self",)).select_related("unit").get(pk=mother.pk)
    if not m.is_alive or m.holder_id is None or m.sex != "F":
        raise ValidationError(_("Chỉ ghi được bê sinh ra từ bò cái còn sống đang ở với một hộ."))
    if sex not in ("F", "M"):
        raise ValidationError({"sex": [_("Hãy chọn bê đực hay cái.")]})
    not_future(born_on, "born_on")
    if m.born_on and born_on <= m.born_on:
        raise ValidationError({"born_on": [_("Ngày sinh của bê phải sau ngày sinh của mẹ.")]})
    ensure_open(unit=m.unit, on=born_on)
    p = open_placement(m)
    owed = None
    order = None
    if p is not None and p.household_id == m.holder_id:
        order = m.calves.filter(born_on__gte=p.start).count() + 1
        if order >= p.calf_number and owed_calf(p) is None:
            owed = p
    calf = Animal.objects.create(
        unit=m.unit, sex=sex, tag=text(tag, limit=40), breed=text(breed or m.breed, limit=80),
        born_on=born_on, mother=m, parent=m, root_id=m.root_id, depth=m.depth + 1,
        holder_id=m.holder_id, owed_by=owed, birth_order=order,
        status=AnimalStatus.BANK if owed else AnimalStatus.OWNED, created_by=user_or_none(actor),
    )  # fmt: skip
    audit.record(actor=actor, action="projects.cow.birth", unit=m.unit, obj=calf,
                 data={"mother": m.pk, "sex": sex, "owed": bool(owed), "on": born_on.isoformat()})  # fmt: skip
    note_changed(unit_ids=[m.unit_id], since=born_on)
    return calf


def next_waiting(unit: Unit) -> WaitingEntry | None:
    """The oldest open entry of the waiting list of ``unit`` and the units below it."""
    return (
        WaitingEntry.objects.filter(
            unit__path__startswith=unit.path, placement__isnull=True, cancelled_on__isnull=True,
            household__ended_on__isnull=True,
        ).select_related("household").order_by("since", "id").first()
    )  # fmt: skip


@transaction.atomic
def pass_on(
    *, actor, calf: Animal, on: datetime.date, household: Beneficiary | None = None
) -> Placement:
    """Move the owed calf to the next household on the waiting list (or ``household``): that
    household keeps it under the rule in force; the giver's obligation is met and its cow is
    its own."""
    c = (
        Animal.objects.select_for_update(of=("self",))
        .select_related("unit", "owed_by")
        .get(pk=calf.pk)
    )
    p = c.owed_by
    if p is None or not p.is_open or c.status != AnimalStatus.BANK or c.holder_id != p.household_id:
        raise ValidationError(_("Con bê này không phải bê hộ đang nợ ngân hàng."))
    if c.sex == "M" and p.sell_male:
        raise ValidationError(_("Theo quy định, bê đực được bán để mua bê cái; hãy chuyển bê cái."))
    not_future(on)
    if c.born_on is not None and on < add_months(c.born_on, p.min_age_months):
        raise ValidationError({"on": [
            _("Bê mới %(n)s tháng tuổi: chỉ chuyển khi đủ %(min)s tháng (từ ngày %(day)s).") % {
                "n": _months_between(c.born_on, on), "min": p.min_age_months,
                "day": add_months(c.born_on, p.min_age_months).strftime("%d/%m/%Y")}]})  # fmt: skip
    if household is None:
        entry = next_waiting(c.unit)
        if entry is None:
            raise ValidationError(_("Danh sách chờ nhận bê đang trống: hãy thêm hộ chờ hoặc chọn hộ nhận."))  # fmt: skip
        household = entry.household
    _household(household)
    if household.pk == p.household_id:
        raise ValidationError(_("Bê phải chuyển cho một hộ khác."))
    ensure_open(unit=c.unit, on=on)
    new = _place(actor, c, household, on, PlacementKind.PASSED, from_placement=p)
    c.holder = household
    c.save(update_fields=["holder"])
    _meet(p, on)
    audit.record(actor=actor, action="projects.cow.pass_on", unit=c.unit, obj=c,
                 data={"from": p.household_id, "to": household.pk, "on": on.isoformat(),
                       "late": bool(c.born_on and on > add_months(c.born_on, p.max_age_months))})  # fmt: skip
    note_changed(unit_ids=[c.unit_id], since=on)
    return new


def _months_between(a: datetime.date, b: datetime.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day)


def _meet(p: Placement, on: datetime.date) -> None:
    """The obligation met: the placement closes, its cow (alive) becomes the household's."""
    Placement.objects.filter(pk=p.pk).update(met_on=on)
    Animal.objects.filter(pk=p.animal_id, status=AnimalStatus.BANK).update(status=AnimalStatus.OWNED)  # fmt: skip


@transaction.atomic
def sell_male_for_heifer(
    *, actor, calf: Animal, on: datetime.date, price: int, heifer_value: int, heifer_tag: str = "",
    heifer_born_on: datetime.date | None = None, breed: str = "",
) -> Animal:  # fmt: skip
    """The rule's male calf sold and a heifer bought with the money: the heifer is owed in its
    place (and is the calf's successor in the chain)."""
    c = (
        Animal.objects.select_for_update(of=("self",))
        .select_related("unit", "owed_by")
        .get(pk=calf.pk)
    )
    p = c.owed_by
    if p is None or not p.is_open or c.status != AnimalStatus.BANK or c.sex != "M":
        raise ValidationError(_("Chỉ bán để mua bê cái với bê đực hộ đang nợ ngân hàng."))
    not_future(on)
    ensure_open(unit=c.unit, on=on)
    c.status, c.ended_on, c.end_kind = AnimalStatus.SOLD, on, EndKind.HEIFER
    c.end_value, c.end_reason = money(price, "price"), _("Bán để mua bê cái")
    c.save(update_fields=["status", "ended_on", "end_kind", "end_value", "end_reason"])
    heifer = Animal.objects.create(
        unit=c.unit, sex="F", tag=text(heifer_tag, limit=40), breed=text(breed or c.breed, limit=80),
        born_on=heifer_born_on, acquired_on=on, value=money(heifer_value, "heifer_value"),
        parent=c, root_id=c.root_id, depth=c.depth + 1, holder_id=c.holder_id, owed_by=p,
        created_by=user_or_none(actor),
    )  # fmt: skip
    audit.record(actor=actor, action="projects.cow.heifer", unit=c.unit, obj=heifer,
                 data={"calf": c.pk, "price": c.end_value, "value": heifer.value})  # fmt: skip
    note_changed(unit_ids=[c.unit_id], since=on)
    return heifer


@transaction.atomic
def end_animal(*, actor, animal: Animal, on: datetime.date, kind: str, reason: str, value: int = 0) -> Animal:  # fmt: skip
    """A death or a sale, with its reason. A cow under an open placement with no owed calf
    alive ends the placement (the obligation lapses); an owed calf's place passes to the next
    calf born."""
    a = Animal.objects.select_for_update(of=("self",)).select_related("unit").get(pk=animal.pk)
    if not a.is_alive:
        raise ValidationError(_("Con vật này đã chết hoặc đã bán."))
    if kind not in (EndKind.DEATH, EndKind.SALE):
        raise ValidationError({"kind": [_("Hãy chọn chết hay bán.")]})
    reason = text(reason, "reason", required=True)
    not_future(on)
    if on < (a.born_on or a.acquired_on or on):
        raise ValidationError({"on": [_("Ngày không được trước ngày sinh / ngày mua.")]})
    ensure_open(unit=a.unit, on=on)
    a.status = AnimalStatus.DEAD if kind == EndKind.DEATH else AnimalStatus.SOLD
    a.ended_on, a.end_kind, a.end_reason, a.end_value = on, kind, reason, money(value, "value")
    a.save(update_fields=["status", "ended_on", "end_kind", "end_reason", "end_value"])
    p = open_placement(a)
    if p is not None and owed_calf(p) is None:
        Placement.objects.filter(pk=p.pk).update(ended_on=on, end_reason=reason)
    audit.record(actor=actor, action=f"projects.cow.{kind}", unit=a.unit, obj=a,
                 data={"on": on.isoformat(), "reason": reason, "value": a.end_value})  # fmt: skip
    note_changed(unit_ids=[a.unit_id], since=on)
    return a


@transaction.atomic
def add_waiting(*, actor, unit: Unit, household: Beneficiary, since: datetime.date, note: str = "") -> WaitingEntry:  # fmt: skip
    _household(household)
    if WaitingEntry.objects.filter(household=household, placement__isnull=True, cancelled_on__isnull=True).exists():  # fmt: skip
        raise ValidationError(_("Hộ này đã có trong danh sách chờ."))
    ensure_open(unit=unit, on=since)
    e = WaitingEntry.objects.create(
        unit=unit, household=household, since=since, note=text(note), created_by=user_or_none(actor)
    )
    audit.record(actor=actor, action="projects.waiting.add", unit=unit, obj=e,
                 data={"household": household.pk})  # fmt: skip
    return e


@transaction.atomic
def cancel_waiting(*, actor, entry: WaitingEntry, on: datetime.date) -> WaitingEntry:
    e = WaitingEntry.objects.select_for_update(of=("self",)).select_related("unit").get(pk=entry.pk)
    if e.placement_id or e.cancelled_on:
        raise ValidationError(_("Hộ này không còn chờ."))
    ensure_open(unit=e.unit, on=on)
    e.cancelled_on = on
    e.save(update_fields=["cancelled_on"])
    audit.record(actor=actor, action="projects.waiting.cancel", unit=e.unit, obj=e, data={})
    return e
