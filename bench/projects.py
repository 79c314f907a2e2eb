"""Cow bank benchmark: a province's cow bank of ANIMALS animals across HOUSEHOLDS households.

Data: a province with 40 bases; HOUSEHOLDS beneficiary households (persons and beneficiaries,
bulk-created); FOUNDING founding cows, each given to a household, then generation after
generation its owed calf (a heifer; about one in six a male sold for a heifer) passed on to a new
household, each household's cow giving some calves of its own on the way — until ANIMALS animals
(full: 20,000 across 15,000 households; BENCH_SCALE=small: 2,000 across 1,500). One founding cow
(the "big" one) gets a long line of GENERATIONS households with its side calves. VACUUM ANALYZE.
Figures (p95 of RUNS after a warm-up; goal ≤ 200 ms each):
  projects.chain_ms            one founding cow's chain: the tree and its counts
                               (projects.selectors.chain: two queries on the stored root)
    baseline: the same tree walked level by level from the founding cow (one query per animal
              for its children, the households of each animal: what a parent-link walk costs)
  projects.chain_page_ms       the chain page a user opens (GET /projects/animals/<id>/chain/,
                               Django's test client: the whole request, the tree rendered)
  projects.province_counts_ms  the province's counts: cows given, calves born, passed on,
                               households reached and owning (projects.selectors.bank_counts)
"""

import datetime
import random

from _common import SCALE, emit, log, migrate, p95, red_cross_profile, timings_ms

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F
from django.test import Client

from aid.models import Beneficiary
from core.text import search_key, vn_sort_key
from org.models import Unit, UnitKind
from people.models import Person
from projects import selectors, services
from projects.models import Animal, AnimalStatus, Placement, PlacementKind

ANIMALS, HOUSEHOLDS = (2_000, 1_500) if SCALE == "small" else (20_000, 15_000)
FOUNDING = HOUSEHOLDS // 6
GENERATIONS = 15
RUNS, GOAL_MS, SEED = 30, 200, 19
NAMES = [
    "Lường Văn",
    "Hoàng Thị",
    "Nông Văn",
    "Triệu Thị",
    "Đinh Văn",
    "Lý Thị",
    "Ma Văn",
    "Bế Thị",
]
GIVEN = ["An", "Bình", "Cường", "Dung", "Em", "Giang", "Hùng", "Lan", "Mai", "Nam", "Oanh", "Phúc"]


def _province() -> Unit:
    p = Unit.objects.filter(
        kind=UnitKind.PROVINCE, name="Hội Chữ thập đỏ tỉnh Bắc Kạn (bench)"
    ).first()
    if p is not None:
        return p
    central = Unit.objects.filter(depth=1).first() or Unit.objects.add_root(
        {"name": "Trung ương Hội Chữ thập đỏ Việt Nam", "kind": UnitKind.CENTRAL}
    )
    p = central.add_child(
        name="Hội Chữ thập đỏ tỉnh Bắc Kạn (bench)", kind=UnitKind.PROVINCE, admin_code="06"
    )
    for i in range(40):
        Unit.objects.get(pk=p.pk).add_child(name=f"Hội Chữ thập đỏ xã {i + 1} (bench)", kind=UnitKind.BASE, base_type="commune")  # fmt: skip
    return Unit.objects.get(pk=p.pk)


def _households(province: Unit) -> list[Beneficiary]:
    bases = list(Unit.objects.filter(path__startswith=province.path, kind=UnitKind.BASE))
    rnd = random.Random(SEED)
    people = []
    for i in range(HOUSEHOLDS):
        name = f"{rnd.choice(NAMES)} {rnd.choice(GIVEN)} {i}"
        people.append(Person(full_name=name, search_key=search_key(name), sort_key=vn_sort_key(name),
                             sex=rnd.choice("MF"), birth_year=rnd.randint(1950, 1995), unit=bases[i % len(bases)]))  # fmt: skip
    people = Person.objects.bulk_create(people, batch_size=5000)
    return Beneficiary.objects.bulk_create(
        [Beneficiary(unit=p.unit, person=p, since=datetime.date(2014, 1, 1)) for p in people],
        batch_size=5000,
    )


def _placement(rule, animal, household, kind, start, parent_placement=None):
    return Placement(unit_id=animal.unit_id, animal=animal, household=household, kind=kind, start=start,
                     from_placement=parent_placement, rule=rule, calf_number=1, min_age_months=6,
                     max_age_months=12, sell_male=True)  # fmt: skip


def generate(province: Unit) -> None:
    if Animal.objects.filter(unit__path__startswith=province.path).count() >= ANIMALS:
        log("projects: the cow bank is already there")
        return
    rnd = random.Random(SEED)
    rule = services.rule_for(province)
    households = _households(province)
    free, reserved = (
        iter(households[:-GENERATIONS]),
        iter(households[-GENERATIONS:]),
    )  # the big line's
    day0 = datetime.date(2015, 1, 1)
    cows = Animal.objects.bulk_create([
        Animal(unit_id=next_h.unit_id, sex="F", tag=f"BK-{i:05d}", breed="Bò vàng", acquired_on=day0,
               value=15_000_000, donor="Nhà tài trợ", holder=next_h)
        for i, next_h in enumerate([next(free) for _ in range(FOUNDING)])
    ], batch_size=5000)  # fmt: skip
    Animal.objects.filter(pk__in=[c.pk for c in cows]).update(root_id=F("pk"))
    for c in cows:
        c.root_id = c.pk
    places = Placement.objects.bulk_create([_placement(rule, c, c.holder, PlacementKind.GIVEN, day0) for c in cows], batch_size=5000)  # fmt: skip
    # Generation after generation: each open placement's cow gives its owed calf (and maybe an own one).
    total, gen, frontier = len(cows), 0, list(zip(cows, places, strict=True))
    big = cows[0].pk
    while frontier and gen < GENERATIONS:
        gen += 1
        born = datetime.date(2015 + gen, 3, 1)
        calves, own, nxt = [], [], []
        for cow, p in frontier:
            if cow.root_id != big and (total >= ANIMALS or rnd.random() < 0.1):
                continue  # lines stop at random and once the bank is full; the big one goes on
            calves.append((Animal(unit_id=cow.unit_id, sex="F", born_on=born, mother=cow, parent=cow, root_id=cow.root_id,
                                  depth=cow.depth + 1, holder_id=p.household_id, owed_by=p, birth_order=1), p))  # fmt: skip
            for k in range(4 if cow.root_id == big else int(rnd.random() < 0.35)):  # own calves
                own.append(Animal(unit_id=cow.unit_id, sex=rnd.choice("MF"), born_on=born + datetime.timedelta(days=300 * (k + 1)),
                                  mother=cow, parent=cow, root_id=cow.root_id, depth=cow.depth + 1,
                                  holder_id=p.household_id, status=AnimalStatus.OWNED, birth_order=k + 2))  # fmt: skip
        with transaction.atomic():
            made = Animal.objects.bulk_create([c for c, _p in calves], batch_size=5000)
            Animal.objects.bulk_create(own, batch_size=5000)
            new_places = []
            for calf, p in zip(made, (p for _c, p in calves), strict=True):
                h = next(reserved if calf.root_id == big else free, None)
                if h is None:
                    continue
                calf.holder_id = h.pk
                new_places.append(
                    _placement(
                        rule, calf, h, PlacementKind.PASSED, born + datetime.timedelta(days=200), p
                    )
                )
                nxt.append(calf)
            Animal.objects.bulk_update(nxt, ["holder_id"], batch_size=5000)
            created = Placement.objects.bulk_create(new_places, batch_size=5000)
            Placement.objects.filter(pk__in=[p.from_placement_id for p in created]).update(met_on=born + datetime.timedelta(days=200))  # fmt: skip
            Animal.objects.filter(placements__in=[p.from_placement_id for p in created]).update(status=AnimalStatus.OWNED)  # fmt: skip
        total += len(made) + len(own)
        frontier = list(zip(nxt, created, strict=True))
        log(f"projects: generation {gen}: {total} animals")
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE projects_animal")
            c.execute("VACUUM ANALYZE projects_placement")


def walk(root: Animal) -> int:
    """The baseline: the tree walked from the founding cow, one query per animal (its children)
    and one for its households."""
    n, todo = 0, [root.pk]
    while todo:
        pk = todo.pop()
        n += 1
        list(Placement.objects.filter(animal_id=pk).select_related("household__person"))
        todo += list(Animal.objects.filter(parent_id=pk).values_list("pk", flat=True))
    return n


def main() -> None:
    migrate()
    red_cross_profile()
    province = _province()
    generate(province)
    animals = Animal.objects.filter(unit__path__startswith=province.path).count()
    households = Placement.objects.filter(unit__path__startswith=province.path).values("household_id").distinct().count()  # fmt: skip
    big = (
        Animal.objects.filter(unit__path__startswith=province.path, parent__isnull=True)
        .order_by("pk")
        .first()
    )
    assert big is not None
    _top, counts = selectors.chain(big)
    log(f"projects: {animals} animals, {households} households reached; big chain {counts}")
    scale = {"scale": SCALE, "animals": animals, "households": households, "chain_animals": counts["animals"],
             "chain_households": counts["households_reached"]}  # fmt: skip
    t_chain = timings_ms(lambda: selectors.chain(big), RUNS)
    t_walk = timings_ms(lambda: walk(big), 5, warmup=1)
    emit("projects.chain_ms", p95(t_chain), "ms", p95(t_walk), goal=GOAL_MS, **scale)
    user, _ = get_user_model().objects.get_or_create(username="bench_projects", defaults={"is_superuser": True, "is_staff": True})  # fmt: skip
    client = Client()
    client.force_login(user)
    url = f"/projects/animals/{big.pk}/chain/"
    assert client.get(url).status_code == 200
    t_page = timings_ms(lambda: client.get(url), RUNS)
    emit("projects.chain_page_ms", p95(t_page), "ms", goal=GOAL_MS, **scale)
    t_counts = timings_ms(lambda: selectors.bank_counts(province), RUNS)
    emit("projects.province_counts_ms", p95(t_counts), "ms", goal=GOAL_MS, counts=selectors.bank_counts(province), **scale)  # fmt: skip


if __name__ == "__main__":
    main()
