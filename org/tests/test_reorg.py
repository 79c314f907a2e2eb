"""Reorganisation services: rename, move, merge, split, cease, and the history they keep."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import RoleAssignment
from core import audit
from core.models import AuditEvent
from org import selectors
from org.models import ALLOWED_CHILDREN, Unit, UnitChange, UnitKind, UnitSuccession
from org.services import cease_unit, merge_units, move_unit, rename_unit, split_unit

ON = datetime.date(2025, 7, 1)
BEFORE = ON - datetime.timedelta(days=1)


@pytest.fixture
def admin(tree, make_user):
    return make_user("tw_admin", tree.central, "admin")


def fresh(unit):
    unit.refresh_from_db()
    return unit


def audit_event_on(unit, action="test.event"):
    with transaction.atomic():
        return audit.record(actor=None, action=action, unit=fresh(unit))


def assert_tree_valid():
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    paths = dict(Unit.objects.values_list("path", "depth"))
    for path, depth in paths.items():
        assert depth == len(path) // Unit.steplen
        if depth > 1:
            assert path[: -Unit.steplen] in paths, f"{path} has no parent"


def assert_audit_paths_follow_units():
    stale = [
        (e.pk, e.unit_path, e.unit.path)
        for e in AuditEvent.objects.filter(unit__isnull=False).select_related("unit")
        if e.unit_path != e.unit.path
    ]
    assert stale == []


# --- rename -----------------------------------------------------------------------------------


def test_it_renames_and_keeps_the_old_name_for_past_dates(tree, admin):
    change = rename_unit(actor=admin, unit=tree.b2, name="Hội Chữ thập đỏ xã Hòa Tiến", on=ON)
    b2 = fresh(tree.b2)
    assert b2.name == "Hội Chữ thập đỏ xã Hòa Tiến"
    assert b2.search_key == "hoi chu thap do xa hoa tien"
    assert (change.kind, change.old_name, change.new_name, change.on) == (
        UnitChange.Kind.RENAME,
        "Hội Chữ thập đỏ xã Hòa Vang",
        "Hội Chữ thập đỏ xã Hòa Tiến",
        ON,
    )
    assert b2.name_on(BEFORE) == "Hội Chữ thập đỏ xã Hòa Vang"
    assert b2.name_on(ON) == "Hội Chữ thập đỏ xã Hòa Tiến"
    event = AuditEvent.objects.get(action="org.unit.rename")
    assert event.unit == b2
    assert event.actor == admin
    assert event.data["old_name"] == "Hội Chữ thập đỏ xã Hòa Vang"


def test_it_reads_names_across_several_renames(tree, admin):
    rename_unit(actor=None, unit=tree.b2, name="Tên thứ hai", on=datetime.date(2020, 1, 1))
    rename_unit(actor=None, unit=tree.b2, name="Tên thứ ba", on=ON)
    b2 = fresh(tree.b2)
    assert b2.name_on(datetime.date(2019, 12, 31)) == "Hội Chữ thập đỏ xã Hòa Vang"
    assert b2.name_on(datetime.date(2024, 1, 1)) == "Tên thứ hai"
    assert b2.name_on(ON) == "Tên thứ ba"


@pytest.mark.parametrize(
    ("name", "on", "message"),
    [
        ("  ", ON, "không được để trống"),
        ("Hội Chữ thập đỏ xã Hòa Vang", ON, "trùng với tên hiện tại"),
        ("Tên mới", timezone.localdate() + datetime.timedelta(days=1), "sau ngày hôm nay"),
        ("Tên mới", datetime.date(1899, 12, 31), "bắt đầu hoạt động"),
    ],
)
def test_it_refuses_bad_renames(tree, name, on, message):
    with pytest.raises(ValidationError, match=message):
        rename_unit(actor=None, unit=tree.b2, name=name, on=on)
    assert not UnitChange.objects.exists()
    assert fresh(tree.b2).name == "Hội Chữ thập đỏ xã Hòa Vang"


def test_it_refuses_a_rename_dated_before_the_last_one(tree):
    rename_unit(actor=None, unit=tree.b2, name="Tên thứ hai", on=ON)
    with pytest.raises(ValidationError, match="không thể ghi thay đổi trước ngày đó"):
        rename_unit(actor=None, unit=tree.b2, name="Tên thứ ba", on=BEFORE)


# --- move -------------------------------------------------------------------------------------


def test_it_moves_a_subtree_and_records_the_old_parent(tree, admin):
    old_b1_path = tree.b1.path
    change = move_unit(actor=admin, unit=tree.b1, new_parent=tree.p2, on=ON)
    b1, br1a = fresh(tree.b1), fresh(tree.br1a)
    assert b1.path.startswith(fresh(tree.p2).path)
    assert b1.path != old_b1_path
    assert br1a.path.startswith(b1.path)
    assert (change.kind, change.old_parent, change.new_parent) == ("move", tree.p1, tree.p2)
    assert selectors.parent_on(b1, BEFORE) == tree.p1
    assert selectors.parent_on(b1, ON) == tree.p2
    assert selectors.parent_on(br1a, BEFORE) == b1  # children travel with their parent
    assert fresh(tree.p1).numchild == 1
    assert fresh(tree.p2).numchild == 2
    event = AuditEvent.objects.get(action="org.unit.move")
    assert event.unit_path == b1.path
    assert event.data["old_path"] == old_b1_path
    assert_tree_valid()


def test_it_rewrites_audit_paths_of_the_moved_subtree_only(tree, admin):
    on_b1 = audit_event_on(tree.b1)
    on_br1a = audit_event_on(tree.br1a)
    on_b2 = audit_event_on(tree.b2)
    on_p1 = audit_event_on(tree.p1)
    move_unit(actor=admin, unit=tree.b1, new_parent=tree.p2, on=ON)
    for event in (on_b1, on_br1a, on_b2, on_p1):
        event.refresh_from_db()
    assert on_b1.unit_path == fresh(tree.b1).path
    assert on_br1a.unit_path == fresh(tree.br1a).path
    assert on_b2.unit_path == tree.b2.path
    assert on_p1.unit_path == tree.p1.path
    # The subtree's trail now shows under its new province, and no longer under the old one.
    assert AuditEvent.objects.filter(unit_path__startswith=fresh(tree.p2).path).count() == 3
    assert not AuditEvent.objects.filter(
        unit_path__startswith=tree.p1.path, unit__in=[tree.b1, tree.br1a]
    ).exists()
    assert_audit_paths_follow_units()


def test_it_refuses_to_move_a_unit_into_its_own_subtree(tree):
    with pytest.raises(ValidationError, match="chính nó hoặc đơn vị cấp dưới"):
        move_unit(actor=None, unit=tree.p1, new_parent=tree.b1, on=ON)
    with pytest.raises(ValidationError, match="chính nó hoặc đơn vị cấp dưới"):
        move_unit(actor=None, unit=tree.b1, new_parent=tree.b1, on=ON)


def test_it_refuses_a_move_the_tree_shape_forbids(tree):
    with pytest.raises(ValidationError, match="Không thể đặt Hội cơ sở dưới Hội cơ sở"):
        move_unit(actor=None, unit=tree.b1, new_parent=tree.b2, on=ON)
    with pytest.raises(ValidationError, match="đã thuộc"):
        move_unit(actor=None, unit=tree.b1, new_parent=tree.p1, on=ON)
    assert not UnitChange.objects.exists()


def test_it_refuses_to_move_under_a_ceased_unit(tree):
    cease_unit(actor=None, unit=tree.br2a, on=ON, reason="Sáp nhập thôn")
    with pytest.raises(ValidationError, match="đã ngừng hoạt động"):
        move_unit(actor=None, unit=tree.br1a, new_parent=tree.br2a, on=ON)
    with pytest.raises(ValidationError, match="đã ngừng hoạt động"):
        move_unit(actor=None, unit=tree.br2a, new_parent=tree.b1, on=ON)


# --- merge ------------------------------------------------------------------------------------


def test_it_merges_two_units_into_a_new_one(tree, admin):
    c = merge_units(
        actor=admin,
        sources=[tree.b1, tree.b2],
        name="Hội Chữ thập đỏ phường Hải Châu mới",
        on=ON,
    )
    b1, b2, c = fresh(tree.b1), fresh(tree.b2), fresh(c)
    assert (c.kind, c.valid_from, c.base_type) == (UnitKind.BASE, ON, "")
    assert Unit.objects.get_parent(c) == tree.p1
    assert b1.valid_to == b2.valid_to == BEFORE
    assert [u.pk for u in Unit.objects.get_children(c)] == [
        tree.br1a.pk,
        tree.br1b.pk,
        tree.br2a.pk,
    ]
    # Ceased units keep their history: they are still there for dates when they existed.
    before = set(selectors.units_existing_on(tree.p1, BEFORE))
    after = set(selectors.units_existing_on(tree.p1, ON))
    assert {b1, b2} <= before and c not in before
    assert c in after and not {b1, b2} & after
    assert {fresh(tree.br1a), fresh(tree.br2a)} <= before & after
    links = UnitSuccession.objects.filter(successor=c)
    assert {(s.predecessor_id, s.kind, s.on) for s in links} == {
        (b1.pk, "merge", ON),
        (b2.pk, "merge", ON),
    }
    assert set(selectors.predecessors_of(c)) == {b1, b2}
    assert set(selectors.successors_of(b1)) == {c}
    # Children moved by the merge remember where they were.
    assert selectors.parent_on(fresh(tree.br2a), BEFORE) == b2
    assert selectors.parent_on(fresh(tree.br2a), ON) == c
    event = AuditEvent.objects.get(action="org.unit.merge")
    assert event.unit == c
    assert event.data["created"] is True
    assert {s["id"] for s in event.data["sources"]} == {b1.pk, b2.pk}
    assert set(event.data["children_moved"]) == {tree.br1a.pk, tree.br1b.pk, tree.br2a.pk}
    assert_tree_valid()


def test_it_merges_a_unit_into_an_existing_one(tree, admin):
    audit_event_on(tree.br1a)
    c = merge_units(actor=admin, sources=[tree.b1], into=tree.b2, on=ON)
    assert c == tree.b2
    assert fresh(tree.b1).valid_to == BEFORE
    assert fresh(tree.b2).valid_to is None
    assert fresh(tree.b2).valid_from == datetime.date(1900, 1, 1)
    assert set(Unit.objects.get_children(fresh(tree.b2))) == {tree.br1a, tree.br1b, tree.br2a}
    assert UnitSuccession.objects.get().predecessor == tree.b1
    assert_audit_paths_follow_units()
    assert_tree_valid()


def test_it_moves_role_assignments_and_keeps_the_higher_role(tree, make_user):
    make_user("chi_b1", tree.b1, "editor")
    higher_on_b1 = make_user("cao_hon", tree.b1, "manager")
    RoleAssignment.objects.create(user=higher_on_b1, unit=tree.b2, role="viewer")
    lower_on_b1 = make_user("thap_hon", tree.b1, "viewer")
    RoleAssignment.objects.create(user=lower_on_b1, unit=tree.b2, role="manager")
    on_both_sources = make_user("ca_hai", tree.b1, "editor")
    RoleAssignment.objects.create(user=on_both_sources, unit=tree.b3, role="admin")
    # b3 sits under p2: move it next to b1 first so the three can merge into b2.
    move_unit(actor=None, unit=tree.b3, new_parent=tree.p1, on=datetime.date(2025, 1, 1))

    merge_units(actor=None, sources=[tree.b1, tree.b3], into=tree.b2, on=ON)

    roles = {
        (a.user.username, a.unit_id): a.role for a in RoleAssignment.objects.select_related("user")
    }
    assert roles == {
        ("chi_b1", tree.b2.pk): "editor",
        ("cao_hon", tree.b2.pk): "manager",
        ("thap_hon", tree.b2.pk): "manager",
        ("ca_hai", tree.b2.pk): "admin",
    }
    event = AuditEvent.objects.get(action="org.unit.merge")
    results = {(r["user"], r["result"]) for r in event.data["roles"]}
    assert ("cao_hon", "raised") in results
    assert ("thap_hon", "kept_existing") in results
    assert ("chi_b1", "moved") in results


def test_it_refuses_merging_units_of_different_kinds(tree):
    with pytest.raises(ValidationError, match="cùng cấp"):
        merge_units(actor=None, sources=[tree.b1, tree.br2a], name="X", on=ON)
    with pytest.raises(ValidationError, match="cùng cấp"):
        merge_units(actor=None, sources=[tree.b1], into=tree.p2, on=ON)
    assert fresh(tree.b1).valid_to is None
    assert not UnitSuccession.objects.exists()


def test_it_refuses_merging_a_ceased_unit(tree):
    cease_unit(actor=None, unit=tree.br1b, on=ON, reason="Giải thể")
    with pytest.raises(ValidationError, match="đã ngừng hoạt động"):
        merge_units(actor=None, sources=[tree.br1a, tree.br1b], name="Chi hội mới", on=ON)


def test_it_refuses_a_merge_on_or_before_a_source_began(tree):
    young = Unit.objects.add_child(
        tree.p1, {"name": "Hội mới lập", "kind": UnitKind.BASE, "valid_from": ON}
    )
    with pytest.raises(ValidationError, match="bắt đầu hoạt động"):
        merge_units(actor=None, sources=[young, tree.b1], name="Hội hợp nhất", on=ON)
    assert fresh(young).valid_to is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sources": ["b1"], "name": "Một mình"}, "ít nhất hai đơn vị"),
        ({"sources": ["b1", "b2"], "into": "b1"}, "không được nằm trong các đơn vị bị hợp nhất"),
        ({"sources": ["b1", "b2"], "name": " "}, "không được để trống"),
        ({"sources": ["b1", "b2"], "into": "b3", "name": "Cả hai"}, "không chọn cả hai"),
        ({"sources": ["b1", "b2"], "name": "Dưới b1", "parent": "b1"}, "bị hợp nhất"),
        ({"sources": ["b1", "b2"], "name": "Dưới hội cơ sở", "parent": "b3"}, "Không thể đặt"),
    ],
)
def test_it_refuses_malformed_merges(tree, kwargs, message):
    args = {
        k: getattr(tree, v) if isinstance(v, str) and k in {"into", "parent"} else v
        for k, v in kwargs.items()
    }
    args["sources"] = [getattr(tree, name) for name in kwargs["sources"]]
    with pytest.raises(ValidationError, match=message):
        merge_units(actor=None, on=ON, **args)
    assert not UnitSuccession.objects.exists()
    assert Unit.objects.count() == 9


# --- split ------------------------------------------------------------------------------------


def test_it_splits_a_unit_and_hands_each_child_to_one_part(tree, admin):
    audit_event_on(tree.br1b)
    east, west = split_unit(
        actor=admin,
        unit=tree.b1,
        parts=[
            {"name": "Hội Chữ thập đỏ phường Hải Châu Đông", "children": [tree.br1a]},
            {"name": "Hội Chữ thập đỏ phường Hải Châu Tây", "children": [tree.br1b]},
        ],
        on=ON,
    )
    b1 = fresh(tree.b1)
    assert b1.valid_to == BEFORE
    for part in (east, west):
        part.refresh_from_db()
        assert (part.kind, part.base_type, part.valid_from) == ("base", "ward", ON)
        assert Unit.objects.get_parent(part) == tree.p1
    assert list(Unit.objects.get_children(east)) == [fresh(tree.br1a)]
    assert list(Unit.objects.get_children(west)) == [fresh(tree.br1b)]
    assert set(selectors.successors_of(b1)) == {east, west}
    assert set(selectors.predecessors_of(east)) == {b1}
    assert set(UnitSuccession.objects.values_list("kind", flat=True)) == {"split"}
    assert b1 in selectors.units_existing_on(tree.p1, BEFORE)
    assert b1 not in selectors.units_existing_on(tree.p1, ON)
    event = AuditEvent.objects.get(action="org.unit.split")
    assert [p["children"] for p in event.data["parts"]] == [[tree.br1a.pk], [tree.br1b.pk]]
    assert_audit_paths_follow_units()
    assert_tree_valid()


def test_it_refuses_a_split_that_leaves_a_child_behind(tree):
    with pytest.raises(ValidationError) as exc:
        split_unit(
            actor=None,
            unit=tree.b1,
            parts=[{"name": "Phần một", "children": [tree.br1a]}, {"name": "Phần hai"}],
            on=ON,
        )
    assert exc.value.messages == [
        "Chưa giao các đơn vị cấp dưới sau cho đơn vị mới nào: Chi hội tổ dân phố 2."
    ]
    assert fresh(tree.b1).valid_to is None
    assert Unit.objects.count() == 9


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ([{"name": "Một", "children": ["br1a", "br1b"]}], "ít nhất hai"),
        ([{"name": "Một", "children": ["br1a", "br1b"]}, {"name": "Một"}], "khác nhau"),
        ([{"name": "Một", "children": ["br1a", "br1b"]}, {"name": ""}], "để trống"),
        (
            [{"name": "Một", "children": ["br1a", "br1b"]}, {"name": "Hai", "children": ["br1a"]}],
            "nhiều đơn vị mới",
        ),
        (
            [{"name": "Một", "children": ["br1a", "br1b"]}, {"name": "Hai", "children": ["br2a"]}],
            "không phải đơn vị cấp dưới",
        ),
    ],
)
def test_it_refuses_malformed_splits(tree, parts, message):
    parts = [p | {"children": [getattr(tree, c) for c in p.get("children", [])]} for p in parts]
    with pytest.raises(ValidationError, match=message):
        split_unit(actor=None, unit=tree.b1, parts=parts, on=ON)
    assert Unit.objects.count() == 9


def test_it_follows_successions_across_a_merge_then_a_split(tree):
    c = merge_units(actor=None, sources=[tree.b1, tree.b2], name="C", on=datetime.date(2025, 1, 1))
    d, e = split_unit(
        actor=None,
        unit=c,
        parts=[
            {"name": "D", "children": [tree.br1a, tree.br1b]},
            {"name": "E", "children": [tree.br2a]},
        ],
        on=ON,
    )
    assert set(selectors.successors_of(tree.b1)) == {c, d, e}
    assert set(selectors.predecessors_of(d)) == {c, tree.b1, tree.b2}
    assert set(selectors.predecessors_of(tree.b1)) == set()
    # On each date the province shows the units of that time.
    names_on = {
        day: {u.name for u in selectors.units_existing_on(tree.p1, day).filter(kind="base")}
        for day in (datetime.date(2024, 12, 31), datetime.date(2025, 3, 1), ON)
    }
    assert names_on == {
        datetime.date(2024, 12, 31): {tree.b1.name, tree.b2.name},
        datetime.date(2025, 3, 1): {"C"},
        ON: {"D", "E"},
    }
    assert selectors.parent_on(fresh(tree.br2a), datetime.date(2024, 12, 31)) == tree.b2
    assert selectors.parent_on(fresh(tree.br2a), datetime.date(2025, 3, 1)) == c
    assert selectors.parent_on(fresh(tree.br2a), ON) == e


# --- cease ------------------------------------------------------------------------------------


def test_it_ceases_a_unit_without_current_children(tree, admin):
    cease_unit(actor=admin, unit=tree.br2a, on=ON, reason="Thôn sáp nhập")
    br2a = fresh(tree.br2a)
    assert br2a.valid_to == BEFORE
    assert br2a.existed_on(BEFORE) and not br2a.existed_on(ON)
    event = AuditEvent.objects.get(action="org.unit.cease")
    assert event.data["reason"] == "Thôn sáp nhập"
    # b2's only child has ceased, so b2 may now cease too.
    cease_unit(actor=admin, unit=tree.b2, on=ON, reason="Giải thể")
    assert fresh(tree.b2).valid_to == BEFORE


def test_it_refuses_to_cease_a_unit_with_current_children(tree):
    with pytest.raises(ValidationError, match="còn đơn vị cấp dưới đang hoạt động"):
        cease_unit(actor=None, unit=tree.b2, on=ON, reason="Giải thể")
    with pytest.raises(ValidationError, match="lý do"):
        cease_unit(actor=None, unit=tree.br2a, on=ON, reason="  ")
    assert fresh(tree.b2).valid_to is None
    assert fresh(tree.br2a).valid_to is None


# --- property: any sequence of moves keeps the tree valid -------------------------------------


def _extra_units(tree):
    extra = [
        (tree.p1, "Đội tình nguyện tỉnh", UnitKind.TEAM),
        (tree.b3, "Chi hội khu phố 1", UnitKind.BRANCH),
        (tree.br1a, "Tổ hội số 1", UnitKind.GROUP),
        (tree.br2a, "Câu lạc bộ hiến máu", UnitKind.CLUB),
        (tree.p2, "Hội Chữ thập đỏ xã Tịnh Khê", UnitKind.BASE),
    ]
    for parent, name, kind in extra:
        Unit.objects.add_child(fresh(parent), {"name": name, "kind": kind})


def _targets(unit, units):
    """Units ``unit`` may move under now: the shape allows it and it is not its own subtree."""
    parent_path = unit.path[: -Unit.steplen]
    return [
        t
        for t in units
        if unit.kind in ALLOWED_CHILDREN[t.kind]
        and not t.path.startswith(unit.path)
        and t.path != parent_path
    ]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), steps=st.integers(1, 8))
def test_it_keeps_the_tree_valid_through_any_sequence_of_moves(tree, data, steps):
    with transaction.atomic():
        _extra_units(tree)
        units = list(Unit.objects.order_by("pk"))
        original_parent = {u.pk: Unit.objects.get_parent(u) for u in units}
        for u in units:
            audit_event_on(u)
        for _step in range(steps):
            units = list(Unit.objects.order_by("pk"))
            movable = [u for u in units if u.depth > 1 and _targets(u, units)]
            unit = data.draw(st.sampled_from(movable))
            target = data.draw(st.sampled_from(_targets(unit, units)))
            move_unit(actor=None, unit=unit, new_parent=target, on=ON)
        assert UnitChange.objects.count() == steps
        assert_tree_valid()
        assert_audit_paths_follow_units()
        for u in units:
            assert selectors.parent_on(fresh(u), BEFORE) == original_parent[u.pk]
        transaction.set_rollback(True)
