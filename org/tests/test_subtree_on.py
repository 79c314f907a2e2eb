"""``subtree_q_on`` against a direct recount: random trees, random moves, every unit and date."""

import contextlib
import datetime
import random

import pytest
from django.core.exceptions import ValidationError

from org.models import Unit, UnitChange, UnitKind
from org.selectors import parent_on, subtree_q_on
from org.services.reorg import move_unit

D0 = datetime.date(2020, 1, 1)


def _recount(unit: Unit, on: datetime.date, parents: dict[int, int | None]) -> set[int]:
    """Units whose chain of parents *as of* ``on`` reaches ``unit``."""
    found = set()
    for pk in parents:
        x: int | None = pk
        while x is not None:
            if x == unit.pk:
                found.add(pk)
                break
            x = parents[x]
    return found


@pytest.mark.parametrize("seed", range(12))
def test_subtree_as_of_a_date_equals_a_recount_through_the_recorded_moves(db, users, seed):
    rnd = random.Random(seed)
    root = Unit.objects.add_root({"name": "Gốc", "kind": UnitKind.CENTRAL, "valid_from": D0})
    provinces = [
        Unit.objects.add_child(
            root, {"name": f"Tỉnh {i}", "kind": UnitKind.PROVINCE, "valid_from": D0}
        )
        for i in range(3)
    ]
    bases = [
        Unit.objects.add_child(
            rnd.choice(provinces), {"name": f"Xã {i}", "kind": UnitKind.BASE, "valid_from": D0}
        )
        for i in range(6)
    ]
    for i in range(8):
        Unit.objects.add_child(
            Unit.objects.get(pk=rnd.choice(bases).pk),
            {"name": f"Chi hội {i}", "kind": UnitKind.BRANCH, "valid_from": D0},
        )
    day = D0
    dates = [day]
    for _ in range(rnd.randint(1, 7)):
        day += datetime.timedelta(days=rnd.randint(1, 200))
        dates.append(day)
        movers = list(Unit.objects.filter(kind__in=[UnitKind.BASE, UnitKind.BRANCH]))
        unit = rnd.choice(movers)
        targets = provinces if unit.kind == UnitKind.BASE else bases
        target = Unit.objects.get(pk=rnd.choice(targets).pk)
        # Already there, or an impossible move: skip it.
        with contextlib.suppress(ValidationError):
            move_unit(actor=users.superuser, unit=unit, new_parent=target, on=day)
    assert UnitChange.objects.filter(kind=UnitChange.Kind.MOVE).exists()
    everyone = list(Unit.objects.all())
    for on in [*dates, day + datetime.timedelta(days=1), D0 - datetime.timedelta(days=1)]:
        # Each unit's parent on that date, rebuilt move by move (org.selectors.parent_on).
        parents = {u.pk: getattr(parent_on(u, on), "pk", None) for u in everyone}
        for unit in everyone:
            got = set(Unit.objects.filter(subtree_q_on(unit, on)).values_list("pk", flat=True))
            assert got == _recount(unit, on, parents), (seed, unit.name, on)
