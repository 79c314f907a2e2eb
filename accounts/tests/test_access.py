"""Who sees what: scopes, permission levels and the 404 access helper."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.access import (
    get_unit_for_user,
    has_perm_on,
    role_level_on,
    scope_paths,
    scope_q,
    top_units,
)
from accounts.models import RoleAssignment
from org.models import Unit


def _fresh(user):
    """A new instance: scopes are cached on the user object."""
    return get_user_model().objects.get(pk=user.pk)


def _visible(user, perm="view"):
    return set(Unit.objects.visible_to(user, perm).values_list("pk", flat=True))


def _pks(*units):
    return {u.pk for u in units}


def test_it_shows_a_base_user_the_base_and_its_branches_only(tree, users):
    assert _visible(users.base_viewer) == _pks(tree.b1, tree.br1a, tree.br1b)


def test_it_shows_a_province_manager_all_bases_of_the_province_only(tree, users):
    assert _visible(users.province_manager) == _pks(
        tree.p1, tree.b1, tree.b2, tree.br1a, tree.br1b, tree.br2a
    )


def test_it_shows_a_central_admin_everything(tree, users):
    assert _visible(users.central_admin) == set(Unit.objects.values_list("pk", flat=True))


def test_it_shows_a_superuser_everything_without_any_role(tree, users):
    assert not RoleAssignment.objects.filter(user=users.superuser).exists()
    assert _visible(users.superuser) == set(Unit.objects.values_list("pk", flat=True))
    assert scope_paths(users.superuser) is None
    assert has_perm_on(users.superuser, tree.b3, "admin")
    assert role_level_on(users.superuser, tree.b3) == 4


def test_it_shows_nothing_to_a_user_without_roles(tree, users):
    assert _visible(users.nobody) == set()
    assert scope_paths(users.nobody) == []
    assert not has_perm_on(users.nobody, tree.b1)
    assert role_level_on(users.nobody, tree.b1) == 0


def test_it_shows_nothing_to_an_anonymous_user(tree):
    anonymous = AnonymousUser()
    assert _visible(anonymous) == set()
    assert scope_paths(anonymous) == []
    assert not has_perm_on(anonymous, tree.central)
    assert role_level_on(anonymous, tree.central) == 0
    assert list(top_units(anonymous)) == []


def test_it_shows_nothing_to_an_inactive_user(tree, users):
    for user in (users.base_manager, users.superuser):
        user.is_active = False
        user.save(update_fields=["is_active"])
        user = _fresh(user)
        assert _visible(user) == set()
        assert not has_perm_on(user, tree.b1)
        assert role_level_on(user, tree.b1) == 0
        assert list(top_units(user)) == []


def test_it_limits_a_viewer_to_viewing(tree, users):
    assert has_perm_on(users.base_viewer, tree.br1a, "view")
    assert not has_perm_on(users.base_viewer, tree.br1a, "edit")
    assert _visible(users.base_viewer, "edit") == set()


def test_it_grants_each_role_the_permissions_at_or_below_its_level(tree, users):
    expected = {
        users.base_viewer: {"view"},
        users.base_editor: {"view", "edit"},
        users.base_manager: {"view", "edit", "manage"},
        users.central_admin: {"view", "edit", "manage", "admin"},
    }
    for user, perms in expected.items():
        granted = {p for p in ("view", "edit", "manage", "admin") if has_perm_on(user, tree.b1, p)}
        assert granted == perms, user.username


def test_it_covers_the_whole_subtree_with_one_role(tree, users):
    for unit in (tree.b1, tree.br1a, tree.br1b):
        assert has_perm_on(users.base_manager, unit, "manage")
        assert role_level_on(users.base_manager, unit) == 3
    for unit in (tree.central, tree.p1, tree.b2, tree.br2a, tree.b3):
        assert not has_perm_on(users.base_manager, unit)
        assert role_level_on(users.base_manager, unit) == 0


def test_it_builds_a_filter_for_related_paths(tree, users):
    from accounts.models import RoleAssignment

    rows = RoleAssignment.objects.filter(scope_q(users.province_manager, "unit__path"))
    holders = set(rows.values_list("user__username", flat=True))
    assert holders == {"tinh_ql", "coso_ql", "coso_nhap", "coso_xem", "coso_khac"}


def test_it_keeps_only_the_highest_paths_of_nested_roles(tree, make_user):
    user = make_user("chong_cheo", tree.p1, "viewer")
    RoleAssignment.objects.create(user=user, unit=tree.b1, role="manager")
    RoleAssignment.objects.create(user=user, unit=tree.br1a, role="editor")
    assert scope_paths(user, "view") == [tree.p1.path]
    assert scope_paths(user, "edit") == [tree.b1.path]
    assert scope_paths(user, "manage") == [tree.b1.path]
    assert scope_paths(user, "admin") == []


def test_it_gives_overlapping_roles_the_highest_level_per_unit(tree, make_user):
    user = make_user("xem_tinh_ql_coso", tree.p1, "viewer")
    RoleAssignment.objects.create(user=user, unit=tree.b1, role="manager")
    assert role_level_on(user, tree.p1) == 1
    assert role_level_on(user, tree.b2) == 1
    assert role_level_on(user, tree.br2a) == 1
    assert role_level_on(user, tree.b1) == 3
    assert role_level_on(user, tree.br1a) == 3
    assert has_perm_on(user, tree.br1b, "manage")
    assert not has_perm_on(user, tree.b2, "edit")
    assert not has_perm_on(user, tree.b3)
    assert _visible(user) == _pks(tree.p1, tree.b1, tree.b2, tree.br1a, tree.br1b, tree.br2a)
    assert _visible(user, "manage") == _pks(tree.b1, tree.br1a, tree.br1b)
    assert list(top_units(user)) == [tree.p1]


def test_it_grants_nothing_through_a_role_on_a_ceased_unit(tree, make_user):
    user = make_user("don_vi_cu", tree.b1, "manager")
    Unit.objects.filter(pk=tree.b1.pk).update(valid_to=datetime.date(2025, 6, 30))
    user = _fresh(user)
    assert _visible(user) == set()
    assert not has_perm_on(user, tree.br1a)
    assert role_level_on(user, tree.b1) == 0
    assert list(top_units(user)) == []


def test_it_starts_the_navigator_at_the_highest_units(tree, users, make_user):
    assert list(top_units(users.base_manager)) == [tree.b1]
    assert list(top_units(users.province_manager)) == [tree.p1]
    assert list(top_units(users.superuser)) == [tree.central]
    twice = make_user("hai_tinh", tree.p2, "viewer")
    RoleAssignment.objects.create(user=twice, unit=tree.p1, role="viewer")
    RoleAssignment.objects.create(user=twice, unit=tree.br1a, role="editor")
    assert list(top_units(twice)) == sorted([tree.p1, tree.p2], key=lambda u: u.path)


def test_it_returns_a_unit_within_scope(tree, users):
    assert get_unit_for_user(users.base_viewer, tree.br1a.pk) == tree.br1a
    assert get_unit_for_user(users.base_viewer, str(tree.b1.pk)) == tree.b1
    assert get_unit_for_user(users.base_editor, tree.b1.pk, perm="edit") == tree.b1


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("sibling", "b1"),  # the sibling base
        ("sibling", "br1a"),
        ("base_manager", "br2a"),  # a branch of the sibling base
        ("base_manager", "b3"),  # another province
        ("other_province", "br2a"),
        ("nobody", "br2a"),
    ],
)
def test_it_raises_404_outside_scope(tree, users, name, unit):
    with pytest.raises(Http404):
        get_unit_for_user(getattr(users, name), getattr(tree, unit).pk)


def test_it_raises_404_above_the_users_unit(tree, users):
    for unit in (tree.p1, tree.central):
        with pytest.raises(Http404):
            get_unit_for_user(users.base_manager, unit.pk)


def test_it_raises_404_without_the_needed_permission(tree, users):
    with pytest.raises(Http404):
        get_unit_for_user(users.base_viewer, tree.b1.pk, perm="edit")


def test_it_raises_404_for_anonymous_and_inactive_users(tree, users):
    with pytest.raises(Http404):
        get_unit_for_user(AnonymousUser(), tree.b1.pk)
    users.base_manager.is_active = False
    users.base_manager.save(update_fields=["is_active"])
    with pytest.raises(Http404):
        get_unit_for_user(_fresh(users.base_manager), tree.b1.pk)


@pytest.mark.parametrize(
    "garbage",
    ["abc", "", " ", "1.5", "1; DROP TABLE org_unit", None, [], {}, -1, 0, 2**63, "9" * 30],
)
def test_it_raises_404_for_garbage_ids(tree, users, garbage):
    with pytest.raises(Http404):
        get_unit_for_user(users.superuser, garbage)


def test_it_raises_404_for_a_missing_id(tree, users):
    missing = Unit.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    with pytest.raises(Http404):
        get_unit_for_user(users.superuser, missing)
