"""Reorganisation pages and the unit history page.

Access: reorganising a unit needs the 'admin' role on its parent. Outside the user's scope the unit
is 404; a user who can see the unit but lacks that role (a manager, or the unit's own admin) gets
403.
"""

import datetime

import pytest
from django.urls import reverse

from core.models import AuditEvent
from org.models import Unit, UnitChange, UnitSuccession
from org.services import merge_units

ON = datetime.date(2025, 7, 1)
REORG_PAGES = ["rename", "move", "merge", "split", "cease"]


def url(name, unit, **query):
    base = reverse(f"org:{name}", args=[unit.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def fresh(unit):
    unit.refresh_from_db()
    return unit


@pytest.fixture
def province_admin(tree, make_user):
    return make_user("tinh_qt", tree.p1, "admin")


# --- access, for every page -------------------------------------------------------------------


@pytest.mark.parametrize("name", [*REORG_PAGES, "history"])
def test_it_sends_anonymous_users_to_login(client, tree, name):
    r = client.get(url(name, tree.b1))
    assert r.status_code == 302
    assert r.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", [*REORG_PAGES, "history"])
def test_it_hides_a_sibling_units_pages(login, tree, users, name):
    # users.sibling manages b2: b1 and its branches do not exist for them.
    client = login(users.sibling)
    assert client.get(url(name, tree.br1a)).status_code == 404
    if name != "history":
        assert client.post(url(name, tree.br1a), {}).status_code == 404
        assert fresh(tree.br1a).valid_to is None


@pytest.mark.parametrize("name", REORG_PAGES)
def test_it_forbids_reorganising_without_admin_on_the_parent(login, tree, users, make_user, name):
    # A province manager sees b1 but is not admin of p1.
    assert login(users.province_manager).get(url(name, tree.b1)).status_code == 403
    # b1's own admin cannot reshape b1 itself, only the units below it.
    base_admin = make_user("coso_qt", tree.b1, "admin")
    client = login(base_admin)
    assert client.get(url(name, tree.b1)).status_code == 403
    assert client.get(url(name, tree.br1a)).status_code == 200


@pytest.mark.parametrize("name", REORG_PAGES)
def test_it_rejects_other_methods(login, tree, users, name):
    client = login(users.central_admin)
    assert client.put(url(name, tree.b1)).status_code == 405
    assert client.delete(url(name, tree.b1)).status_code == 405


def test_it_accepts_only_get_on_history(login, tree, users):
    assert login(users.base_viewer).post(url("history", tree.b1)).status_code == 405


@pytest.mark.parametrize("name", REORG_PAGES)
def test_it_shows_each_form_to_an_admin_of_the_parent(login, tree, province_admin, name):
    r = login(province_admin).get(url(name, tree.b1))
    assert r.status_code == 200
    assert b'data-testid="reorg-form"' in r.content
    assert "Hội Chữ thập đỏ phường Hải Châu" in r.content.decode()


def test_it_shows_no_form_for_a_ceased_unit(login, tree, users):
    merge_units(actor=None, sources=[tree.b1], into=tree.b2, on=ON)
    r = login(users.central_admin).get(url("rename", tree.b1))
    assert r.status_code == 200
    assert b'data-testid="unit-ceased"' in r.content
    assert b'data-testid="reorg-form"' not in r.content


# --- rename -----------------------------------------------------------------------------------


def test_it_renames_through_the_form(login, tree, province_admin):
    r = login(province_admin).post(
        url("rename", tree.b2), {"name": "Hội Chữ thập đỏ xã Hòa Tiến", "on": "2025-07-01"}
    )
    assert r.status_code == 302
    assert r.url == url("history", tree.b2)
    assert fresh(tree.b2).name == "Hội Chữ thập đỏ xã Hòa Tiến"
    assert AuditEvent.objects.get(action="org.unit.rename").actor == province_admin


def test_it_shows_service_errors_on_the_form(login, tree, province_admin):
    r = login(province_admin).post(
        url("rename", tree.b2), {"name": "Hội Chữ thập đỏ xã Hòa Vang", "on": "2025-07-01"}
    )
    assert r.status_code == 200
    assert "Tên mới trùng với tên hiện tại." in r.content.decode()
    assert not UnitChange.objects.exists()


# --- move -------------------------------------------------------------------------------------


def test_it_moves_through_the_form(login, tree, users):
    r = login(users.central_admin).post(
        url("move", tree.b1), {"new_parent": tree.p2.pk, "on": "2025-07-01"}
    )
    assert r.status_code == 302
    assert fresh(tree.b1).path.startswith(tree.p2.path)


def test_it_offers_only_move_targets_where_the_user_is_admin(login, tree, province_admin):
    client = login(province_admin)
    page = client.get(url("move", tree.br1a)).content.decode()
    assert f'value="{tree.b2.pk}"' in page  # b2 is under p1: allowed
    assert f'value="{tree.b3.pk}"' not in page  # b3 is in another province
    r = client.post(url("move", tree.br1a), {"new_parent": tree.b3.pk, "on": "2025-07-01"})
    assert r.status_code == 200
    assert fresh(tree.br1a).path.startswith(tree.b1.path)


# --- merge ------------------------------------------------------------------------------------


def test_it_merges_into_a_new_unit_through_the_form(login, tree, province_admin):
    r = login(province_admin).post(
        url("merge", tree.b1),
        {
            "others": [tree.b2.pk],
            "into": "",
            "name": "Hội Chữ thập đỏ phường Hải Châu",
            "parent": tree.p1.pk,
            "on": "2025-07-01",
        },
    )
    assert r.status_code == 302
    new = Unit.objects.get(valid_from=ON)
    assert r.url == url("history", new)
    assert set(UnitSuccession.objects.values_list("predecessor_id", flat=True)) == {
        tree.b1.pk,
        tree.b2.pk,
    }
    assert fresh(tree.b1).valid_to == fresh(tree.b2).valid_to == datetime.date(2025, 6, 30)


def test_it_merges_other_units_into_this_one(login, tree, province_admin):
    r = login(province_admin).post(
        url("merge", tree.b1),
        {"others": [tree.b2.pk], "into": tree.b1.pk, "parent": tree.p1.pk, "on": "2025-07-01"},
    )
    assert r.status_code == 302
    assert fresh(tree.b1).valid_to is None
    assert fresh(tree.b2).valid_to == datetime.date(2025, 6, 30)
    assert fresh(tree.br2a).path.startswith(tree.b1.path)


def test_it_refuses_to_merge_a_unit_alone(login, tree, province_admin):
    r = login(province_admin).post(
        url("merge", tree.b1),
        {"into": "", "name": "Một mình", "parent": tree.p1.pk, "on": "2025-07-01"},
    )
    assert r.status_code == 200
    assert "Cần ít nhất hai đơn vị để hợp nhất." in r.content.decode()
    assert fresh(tree.b1).valid_to is None


def test_it_offers_only_same_kind_siblings_to_merge_with(login, tree, users):
    page = login(users.central_admin).get(url("merge", tree.b1)).content.decode()
    assert f'value="{tree.b2.pk}"' in page
    assert f'name="others" value="{tree.b3.pk}"' not in page  # another province's base


# --- split ------------------------------------------------------------------------------------


def test_it_splits_through_the_form(login, tree, province_admin):
    r = login(province_admin).post(
        url("split", tree.b1, parts=2),
        {
            "name_1": "Hội Chữ thập đỏ phường Hải Châu Đông",
            "name_2": "Hội Chữ thập đỏ phường Hải Châu Tây",
            f"child_{tree.br1a.pk}": "1",
            f"child_{tree.br1b.pk}": "2",
            "on": "2025-07-01",
        },
    )
    assert r.status_code == 302
    east = Unit.objects.get(name="Hội Chữ thập đỏ phường Hải Châu Đông")
    west = Unit.objects.get(name="Hội Chữ thập đỏ phường Hải Châu Tây")
    assert fresh(tree.br1a).path.startswith(east.path)
    assert fresh(tree.br1b).path.startswith(west.path)
    assert fresh(tree.b1).valid_to == datetime.date(2025, 6, 30)


def test_it_sends_the_direct_members_to_the_chosen_part(login, tree, province_admin):
    from members.models import Membership
    from members.services import admit_member
    from people.services import create_person

    p = create_person(
        actor=province_admin, unit=tree.b1, full_name="Lê Thị Lan", sex="F", birth_year=1980
    )
    admit_member(
        actor=province_admin,
        person=p,
        unit=tree.b1,
        category="member",
        joined_on=datetime.date(2020, 1, 1),
    )
    r = login(province_admin).post(
        url("split", tree.b1, parts=2),
        {
            "name_1": "Một",
            "name_2": "Hai",
            f"child_{tree.br1a.pk}": "1",
            f"child_{tree.br1b.pk}": "2",
            "members_to": "2",
            "on": "2025-07-01",
        },
    )
    assert r.status_code == 302
    current = Membership.objects.get(person=p, ended_on__isnull=True)
    assert current.unit.name == "Hai" and current.joined_on == datetime.date(2025, 7, 1)


def test_it_names_children_left_without_a_part(login, tree, province_admin):
    r = login(province_admin).post(
        url("split", tree.b1, parts=3),
        {
            "name_1": "Một",
            "name_2": "Hai",
            "name_3": "Ba",
            f"child_{tree.br1a.pk}": "1",
            f"child_{tree.br1b.pk}": "",
            "on": "2025-07-01",
        },
    )
    assert r.status_code == 200
    assert (
        "Chưa giao các đơn vị cấp dưới sau cho đơn vị mới nào: Chi hội tổ dân phố 2."
        in r.content.decode()
    )
    assert fresh(tree.b1).valid_to is None
    assert not Unit.objects.filter(name="Một").exists()


# --- cease ------------------------------------------------------------------------------------


def test_it_ceases_through_the_form(login, tree, province_admin):
    r = login(province_admin).post(
        url("cease", tree.br2a), {"on": "2025-07-01", "reason": "Thôn sáp nhập"}
    )
    assert r.status_code == 302
    assert fresh(tree.br2a).valid_to == datetime.date(2025, 6, 30)


def test_it_refuses_to_cease_a_unit_with_current_children(login, tree, province_admin):
    r = login(province_admin).post(
        url("cease", tree.b2), {"on": "2025-07-01", "reason": "Giải thể"}
    )
    assert r.status_code == 200
    assert "còn đơn vị cấp dưới đang hoạt động" in r.content.decode()


# --- history ----------------------------------------------------------------------------------


def test_it_lists_changes_and_links_visible_predecessors(login, tree, users, make_user):
    c = merge_units(actor=None, sources=[tree.b1, tree.b2], name="Hội hợp nhất", on=ON)
    page = login(users.central_admin).get(url("history", c)).content.decode()
    assert f'href="{url("history", tree.b1)}"' in page
    assert f'href="{url("history", tree.b2)}"' in page
    assert 'data-testid="reorg-actions"' in page
    # A user of the new unit sees where it came from, without links into units outside its scope.
    c_viewer = make_user("c_xem", c, "viewer")
    r = login(c_viewer).get(url("history", c))
    page = r.content.decode()
    assert r.status_code == 200
    assert "Hội Chữ thập đỏ phường Hải Châu" in page
    assert f'href="{url("history", tree.b1)}"' not in page
    assert 'data-testid="reorg-actions"' not in page


def test_it_shows_a_ceased_units_successor_and_moves(login, tree, users):
    c = merge_units(actor=None, sources=[tree.b1, tree.b2], name="Hội hợp nhất", on=ON)
    page = login(users.central_admin).get(url("history", tree.br2a)).content.decode()
    # br2a was carried from b2 to the new unit: the move is in its history.
    assert "Chuyển đơn vị cấp trên" in page
    assert "Hội Chữ thập đỏ xã Hòa Vang" in page
    page = login(users.central_admin).get(url("history", tree.b2)).content.decode()
    assert f'href="{url("history", c)}"' in page
    assert "ngừng hoạt động sau ngày 30/06/2025" in page
