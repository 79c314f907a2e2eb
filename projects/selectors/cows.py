"""Reads of the cow bank: one animal in scope, a household's next steps under the rule (due and
overdue dates), the chain of one founding cow (one indexed query on the stored root, however
deep), a unit's counts (one query)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from aid.models import Beneficiary
from org.models import Unit

from ..models import Animal, AnimalStatus, Placement, PlacementKind, WaitingEntry
from ..services.common import add_months


def get_animal_for_user(user, pk, perm: str = "view") -> Animal:
    try:
        return Animal.objects.visible_to(user, perm).select_related("unit", "holder__person").get(pk=pk)  # fmt: skip
    except (Animal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def animals_of(user, unit: Unit, status: str = ""):
    qs = Animal.objects.visible_to(user).filter(unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("holder__person", "unit").order_by("tag", "id")


def waiting_list(user, unit: Unit):
    return (
        WaitingEntry.objects.visible_to(user)
        .filter(unit__path__startswith=unit.path, placement__isnull=True, cancelled_on__isnull=True)
        .select_related("household__person").order_by("since", "id")
    )  # fmt: skip


@dataclass
class Step:
    """What a household must do next for one placement."""

    placement: Placement
    text: str
    calf: Animal | None = None
    start: datetime.date | None = None
    due: datetime.date | None = None
    action: str = ""  # "pass_on", "heifer", "" (waiting for a birth)
    overdue: bool = False


def placements_of_household(household: Beneficiary):
    return (
        Placement.objects.filter(household=household)
        .select_related("animal", "from_placement__household__person").order_by("start", "id")
    )  # fmt: skip


def household_steps(household: Beneficiary, today: datetime.date | None = None) -> list[Step]:
    """The next step of each open placement of ``household`` (three queries)."""
    open_ = list(placements_of_household(household).filter(met_on__isnull=True, ended_on__isnull=True))  # fmt: skip
    return steps_of(open_, today)


def open_steps(
    user, unit: Unit, today: datetime.date | None = None
) -> list[tuple[Placement, Step]]:
    """Every open placement of ``unit`` and the units below it with its next step, the overdue
    first, then by due date (three queries whatever their number)."""
    open_ = list(
        Placement.objects.visible_to(user)
        .filter(unit__path__startswith=unit.path, met_on__isnull=True, ended_on__isnull=True)
        .select_related("animal", "household__person", "household__unit").order_by("start", "id")[:20_000]
    )  # fmt: skip
    steps = steps_of(open_, today)
    far = datetime.date.max
    return sorted(
        zip(open_, steps, strict=True), key=lambda ps: (not ps[1].overdue, ps[1].due or far)
    )


def steps_of(open_: list[Placement], today: datetime.date | None = None) -> list[Step]:
    """The next step of each of these open placements (two queries)."""
    today = today or timezone.localdate()
    owed = {
        a.owed_by_id: a
        for a in Animal.objects.filter(owed_by__in=open_, status=AnimalStatus.BANK)
        .order_by("-born_on", "-id")
    }  # fmt: skip
    births = dict(
        Animal.objects.filter(mother_id__in=[p.animal_id for p in open_])
        .values_list("mother_id").annotate(n=Count("pk"))
    )  # fmt: skip
    steps = []
    for p in open_:
        calf = owed.get(p.pk)
        if calf is not None and calf.holder_id != p.household_id:
            calf = None
        if calf is None:
            n = births.get(p.animal_id, 0)
            what = _("Bê đầu") if p.calf_number == 1 else _("Bê thứ hai")
            steps.append(Step(p, _("Chờ bò sinh bê (%(what)s được chuyển cho hộ khác; đã sinh %(n)s).") % {"what": what.lower(), "n": n}))  # fmt: skip
            continue
        born = calf.born_on or calf.acquired_on or p.start
        start, due = add_months(born, p.min_age_months), add_months(born, p.max_age_months)
        if calf.sex == "M" and p.sell_male:
            steps.append(Step(p, _("Bán bê đực %(tag)s để mua bê cái, rồi chuyển bê cái cho hộ tiếp theo.") % {"tag": calf}, calf, start, due, "heifer", today > due))  # fmt: skip
        else:
            steps.append(Step(p, _("Chuyển bê %(tag)s cho hộ tiếp theo trong danh sách chờ.") % {"tag": calf}, calf, start, due, "pass_on", today > due))  # fmt: skip
    return steps


@dataclass
class ChainNode:
    animal: Animal
    placements: list[Placement] = field(default_factory=list)
    children: list["ChainNode"] = field(default_factory=list)


def chain(root: Animal) -> tuple[ChainNode, dict[str, int]]:
    """The tree of ``root`` (a founding cow): every animal descended from it or bought in its
    line, with the households that kept each and when; and its counts. Two queries."""
    animals = list(
        Animal.objects.filter(root_id=root.root_id or root.pk).order_by("depth", "born_on", "id")
        .select_related("holder__person")
    )  # fmt: skip
    placements = (
        Placement.objects.filter(animal__root_id=root.root_id or root.pk)
        .select_related("household__person").order_by("start", "id")
    )  # fmt: skip
    nodes = {a.pk: ChainNode(a) for a in animals}
    for p in placements:
        nodes[p.animal_id].placements.append(p)
    top = nodes[root.root_id or root.pk]
    for a in animals:
        if a.parent_id in nodes:
            nodes[a.parent_id].children.append(nodes[a.pk])
    all_p = [p for n in nodes.values() for p in n.placements]
    counts = {
        "animals": len(animals),
        "calves_born": sum(1 for a in animals if a.mother_id),
        "passed_on": sum(1 for p in all_p if p.kind == PlacementKind.PASSED),
        "households_reached": len({p.household_id for p in all_p}),
        "households_owning": len({p.household_id for p in all_p if p.met_on}),
        "alive": sum(1 for a in animals if a.is_alive),
    }
    return top, counts


def bank_counts(unit: Unit) -> dict[str, int]:
    """A unit's (and the units below it) cow bank counts: two aggregate queries."""
    under = Q(unit__path__startswith=unit.path)
    a = Animal.objects.filter(under).aggregate(
        animals=Count("pk"), alive=Count("pk", filter=Q(status__in=[AnimalStatus.BANK, AnimalStatus.OWNED])),
        calves_born=Count("pk", filter=Q(mother__isnull=False)),
        founding=Count("pk", filter=Q(parent__isnull=True)),
    )  # fmt: skip
    p = Placement.objects.filter(under).aggregate(
        cows_given=Count("pk", filter=Q(kind=PlacementKind.GIVEN)),
        passed_on=Count("pk", filter=Q(kind=PlacementKind.PASSED)),
        households_reached=Count("household_id", distinct=True),
        households_owning=Count("household_id", distinct=True, filter=Q(met_on__isnull=False)),
        open=Count("pk", filter=Q(met_on__isnull=True, ended_on__isnull=True)),
    )  # fmt: skip
    return {**a, **p}
