"""POST /api/v1/units/{id}/rename|move|merge|split|cease (org.api_reorg)."""

import datetime

import pytest

from accounts.services import issue_api_token
from org.models import Unit, UnitChange, UnitSuccession

BEFORE = datetime.date(2025, 6, 30)
ACTIONS = {
    "rename": {"name": "Tên mới", "on": "2025-07-01"},
    "move": {"new_parent": 999_999, "on": "2025-07-01"},  # the path unit is checked first
    "merge": {"others": [], "name": "Hội mới", "on": "2025-07-01"},
    "split": {"parts": [{"name": "Một"}, {"name": "Hai"}], "on": "2025-07-01"},
    "cease": {"on": "2025-07-01", "reason": "Giải thể"},
}


@pytest.fixture
def post(client):
    def do(user, path, body):
        headers = {}
        if user is not None:
            _token, raw = issue_api_token(actor=user, user=user)
            headers["Authorization"] = f"Bearer {raw}"
        return client.post(f"/api/v1{path}", body, content_type="application/json", headers=headers)

    return do


def fresh(unit):
    unit.refresh_from_db()
    return unit


@pytest.mark.parametrize("action", ACTIONS)
def test_it_refuses_anonymous_callers(post, tree, action):
    r = post(None, f"/units/{tree.br1a.pk}/{action}", ACTIONS[action])
    assert r.status_code == 401


@pytest.mark.parametrize("action", ACTIONS)
def test_it_hides_units_of_a_sibling(post, tree, users, action):
    r = post(users.sibling, f"/units/{tree.br1a.pk}/{action}", ACTIONS[action])
    assert r.status_code == 404
    assert fresh(tree.br1a).valid_to is None


@pytest.mark.parametrize("action", ACTIONS)
def test_it_forbids_a_manager_without_admin_on_the_parent(post, tree, users, action):
    r = post(users.province_manager, f"/units/{tree.b1.pk}/{action}", ACTIONS[action])
    assert r.status_code == 403
    assert not UnitChange.objects.exists()


@pytest.mark.parametrize("action", ACTIONS)
def test_it_rejects_other_methods(client, tree, users, action):
    _token, raw = issue_api_token(actor=users.central_admin, user=users.central_admin)
    r = client.get(
        f"/api/v1/units/{tree.b1.pk}/{action}", headers={"Authorization": f"Bearer {raw}"}
    )
    assert r.status_code == 405


def test_it_renames(post, tree, users):
    r = post(users.central_admin, f"/units/{tree.b2.pk}/rename", ACTIONS["rename"])
    assert r.status_code == 200
    assert r.json()["name"] == "Tên mới"
    assert fresh(tree.b2).name_on(BEFORE) == "Hội Chữ thập đỏ xã Hòa Vang"


def test_it_explains_a_refused_reorganisation(post, tree, users):
    body = {"name": "Hội Chữ thập đỏ xã Hòa Vang", "on": "2025-07-01"}
    r = post(users.central_admin, f"/units/{tree.b2.pk}/rename", body)
    assert r.status_code == 422
    assert r.json() == {"detail": "Tên mới trùng với tên hiện tại."}


def test_it_moves_only_under_units_the_user_administers(post, tree, make_user):
    province_admin = make_user("tinh_qt", tree.p1, "admin")
    r = post(
        province_admin,
        f"/units/{tree.br1a.pk}/move",
        {"new_parent": tree.b3.pk, "on": "2025-07-01"},
    )
    assert r.status_code == 404
    r = post(
        province_admin,
        f"/units/{tree.br1a.pk}/move",
        {"new_parent": tree.b2.pk, "on": "2025-07-01"},
    )
    assert r.status_code == 200
    assert fresh(tree.br1a).path.startswith(tree.b2.path)


def test_it_merges_into_a_new_unit(post, tree, users):
    body = {"others": [tree.b2.pk], "name": "Hội hợp nhất", "on": "2025-07-01"}
    r = post(users.central_admin, f"/units/{tree.b1.pk}/merge", body)
    assert r.status_code == 200
    new = Unit.objects.get(pk=r.json()["id"])
    assert (new.name, new.valid_from) == ("Hội hợp nhất", datetime.date(2025, 7, 1))
    assert Unit.objects.get_parent(new) == tree.p1
    assert set(UnitSuccession.objects.values_list("predecessor_id", flat=True)) == {
        tree.b1.pk,
        tree.b2.pk,
    }


def test_it_merges_others_into_the_unit_itself(post, tree, users):
    body = {"others": [tree.b2.pk], "into": tree.b1.pk, "on": "2025-07-01"}
    r = post(users.central_admin, f"/units/{tree.b1.pk}/merge", body)
    assert r.status_code == 200
    assert r.json()["id"] == tree.b1.pk
    assert fresh(tree.b2).valid_to == BEFORE


def test_it_splits_and_returns_the_new_units(post, tree, users):
    body = {
        "parts": [
            {"name": "Đông", "children": [tree.br1a.pk]},
            {"name": "Tây", "children": [tree.br1b.pk]},
        ],
        "on": "2025-07-01",
    }
    r = post(users.central_admin, f"/units/{tree.b1.pk}/split", body)
    assert r.status_code == 200
    assert [u["name"] for u in r.json()] == ["Đông", "Tây"]
    assert fresh(tree.b1).valid_to == BEFORE


def test_it_refuses_a_split_leaving_children_behind(post, tree, users):
    body = {
        "parts": [{"name": "Đông", "children": [tree.br1a.pk]}, {"name": "Tây"}],
        "on": "2025-07-01",
    }
    r = post(users.central_admin, f"/units/{tree.b1.pk}/split", body)
    assert r.status_code == 422
    assert "Chi hội tổ dân phố 2" in r.json()["detail"]


def test_it_hides_split_children_outside_the_scope(post, tree, make_user):
    province_admin = make_user("tinh_qt", tree.p1, "admin")
    body = {
        "parts": [
            {"name": "Đông", "children": [tree.br1a.pk, tree.br1b.pk]},
            {"name": "Tây", "children": [tree.b3.pk]},
        ],
        "on": "2025-07-01",
    }
    r = post(province_admin, f"/units/{tree.b1.pk}/split", body)
    assert r.status_code == 404
    assert fresh(tree.b1).valid_to is None


def test_it_ceases_a_unit_without_children(post, tree, users):
    r = post(users.central_admin, f"/units/{tree.br2a.pk}/cease", ACTIONS["cease"])
    assert r.status_code == 200
    assert r.json()["valid_to"] == "2025-06-30"
    r = post(users.central_admin, f"/units/{tree.b1.pk}/cease", ACTIONS["cease"])
    assert r.status_code == 422
