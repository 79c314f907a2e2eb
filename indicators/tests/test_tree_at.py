"""One rule for the tree as of a date: the figures' roll-up (indicators.figures.TreeAt, in Python)
and the registers' as-of filter (org.selectors.subtree_q_on, in SQL) put the same units in every
subtree, before, between and after a split, a move and a merge."""

import datetime

from indicators.figures import TreeAt
from org.models import Unit, UnitKind
from org.selectors import subtree_q_on
from org.services.reorg import merge_units, move_unit, split_unit

SPLIT, MOVE, MERGE = datetime.date(2024, 3, 1), datetime.date(2024, 6, 1), datetime.date(2025, 1, 1)
DAY = datetime.timedelta(days=1)


def _subtrees_sql(on: datetime.date) -> dict[str, set[str]]:
    units = list(Unit.objects.all())
    return {
        u.name: set(Unit.objects.filter(subtree_q_on(u, on)).values_list("name", flat=True))
        for u in units
    }


def _subtrees_python(on: datetime.date) -> dict[str, set[str]]:
    units = list(Unit.objects.all())
    tree = TreeAt(on)
    tree.load_all()
    return {u.name: {x.name for x in units if tree.holds(u.pk, x.pk)} for u in units}


def test_the_figures_tree_and_the_registers_filter_agree_across_a_reorganisation(tree, users):
    actor = users.superuser
    br3 = Unit.objects.add_child(
        Unit.objects.get(pk=tree.b1.pk), {"name": "Chi hội 3", "kind": UnitKind.BRANCH}
    )
    # b1 splits in two (its three branches shared out), one branch then moves to b3 in the
    # other province, and b2 merges with the first half of b1 into a new base.
    b1 = Unit.objects.get(pk=tree.b1.pk)
    half_a, half_b = split_unit(
        actor=actor,
        unit=b1,
        parts=[
            {"name": "Nửa A", "children": [tree.br1a]},
            {"name": "Nửa B", "children": [tree.br1b, br3]},
        ],
        on=SPLIT,
    )
    move_unit(actor=actor, unit=Unit.objects.get(pk=br3.pk), new_parent=tree.b3, on=MOVE)
    merged = merge_units(
        actor=actor,
        sources=[Unit.objects.get(pk=half_a.pk), Unit.objects.get(pk=tree.b2.pk)],
        name="Hợp nhất",
        on=MERGE,
    )
    dates = [SPLIT - DAY, SPLIT, MOVE - DAY, MOVE, MERGE - DAY, MERGE, MERGE + 30 * DAY]
    for on in dates:
        assert _subtrees_python(on) == _subtrees_sql(on), on

    # And what each says is the tree as it stood (not only the two agreeing).
    before = _subtrees_sql(SPLIT - DAY)
    assert {tree.br1a.name, tree.br1b.name, "Chi hội 3"} <= before[tree.b1.name]
    between = _subtrees_sql(MOVE - DAY)
    assert "Chi hội 3" in between["Nửa B"] and "Chi hội 3" not in between[tree.b3.name]
    after = _subtrees_sql(MERGE)
    assert tree.br1a.name in after[merged.name] and "Chi hội 3" in after[tree.p2.name]
    assert "Chi hội 3" not in _subtrees_sql(MOVE - DAY)[tree.p2.name]
