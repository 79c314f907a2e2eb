import datetime

from org.models import Unit, UnitKind


def ids(response):
    return [item["id"] for item in response.json()["items"]]


# GET /api/v1/units


def test_it_lists_the_users_top_units(api_get, tree, users):
    r = api_get(users.base_manager, "/api/v1/units")
    assert r.status_code == 200
    assert r.json()["count"] == 1
    [b1] = r.json()["items"]
    assert b1["id"] == tree.b1.pk
    assert b1["name"] == "Hội Chữ thập đỏ phường Hải Châu"
    assert b1["kind"] == "base"
    assert b1["base_type"] == "ward"
    assert b1["numchild"] == 2
    # p1 is outside the user's scope: not even its id is given away.
    assert b1["parent_id"] is None


def test_it_lists_the_root_for_a_superuser(api_get, tree, users):
    r = api_get(users.superuser, "/api/v1/units")
    assert ids(r) == [tree.central.pk]


def test_it_lists_nothing_for_a_user_without_roles(api_get, users):
    r = api_get(users.nobody, "/api/v1/units")
    assert r.status_code == 200
    assert r.json() == {"items": [], "count": 0}


def test_it_lists_children_of_a_visible_parent(api_get, tree, users):
    r = api_get(users.base_manager, "/api/v1/units", parent=tree.b1.pk)
    assert r.status_code == 200
    assert ids(r) == [tree.br1a.pk, tree.br1b.pk]
    assert {item["parent_id"] for item in r.json()["items"]} == {tree.b1.pk}


def test_it_lists_children_of_any_unit_for_a_superuser(api_get, tree, users):
    r = api_get(users.superuser, "/api/v1/units", parent=tree.central.pk)
    assert ids(r) == [tree.p1.pk, tree.p2.pk]


def test_it_hides_children_of_a_sibling_unit(client, tree, users):
    client.force_login(users.sibling)
    r = client.get("/api/v1/units", {"parent": tree.b1.pk})
    assert r.status_code == 404
    assert r.json() == {"detail": "Không tìm thấy."}


def test_it_hides_children_of_the_users_own_parent(client, tree, users):
    client.force_login(users.base_manager)
    assert client.get("/api/v1/units", {"parent": tree.p1.pk}).status_code == 404


def test_it_leaves_out_ceased_units_unless_asked(client, tree, users):
    Unit.objects.filter(pk=tree.br1b.pk).update(valid_to=datetime.date(2025, 6, 30))
    client.force_login(users.base_manager)
    assert ids(client.get("/api/v1/units", {"parent": tree.b1.pk})) == [tree.br1a.pk]
    r = client.get("/api/v1/units", {"parent": tree.b1.pk, "include_ceased": "true"})
    assert ids(r) == [tree.br1a.pk, tree.br1b.pk]
    assert r.json()["items"][1]["valid_to"] == "2025-06-30"


def test_it_refuses_anonymous_unit_lists(client, tree):
    r = client.get("/api/v1/units", {"parent": tree.b1.pk})
    assert r.status_code == 401
    assert "đăng nhập" in r.json()["detail"]


def test_it_refuses_other_methods_on_unit_lists(client, users):
    client.force_login(users.base_manager)
    assert client.delete("/api/v1/units").status_code == 405
    assert client.put("/api/v1/units").status_code == 405


def test_it_paginates_unit_lists(client, tree, users):
    client.force_login(users.superuser)
    r = client.get("/api/v1/units", {"parent": tree.central.pk, "limit": 1, "offset": 1})
    assert r.json()["count"] == 2
    assert ids(r) == [tree.p2.pk]


def test_it_pages_by_100_by_default_and_at_most_1000(client, tree, users):
    Unit.objects.load_bulk(
        [{"data": {"name": f"Tổ hội {i:03}", "kind": UnitKind.GROUP}} for i in range(105)],
        parent=tree.br1a,
    )
    client.force_login(users.base_manager)
    r = client.get("/api/v1/units", {"parent": tree.br1a.pk})
    assert r.json()["count"] == 105
    assert len(r.json()["items"]) == 100
    r = client.get("/api/v1/units", {"parent": tree.br1a.pk, "offset": 100})
    assert [i["name"] for i in r.json()["items"]] == [f"Tổ hội {i:03}" for i in range(100, 105)]
    assert client.get("/api/v1/units", {"limit": 1000}).status_code == 200
    assert client.get("/api/v1/units", {"limit": 1001}).status_code == 422


# GET /api/v1/units/{id}


def test_it_shows_a_unit_with_visible_breadcrumbs(api_get, tree, users):
    r = api_get(users.base_manager, f"/api/v1/units/{tree.br1a.pk}")
    assert r.status_code == 200
    data = r.json()
    assert data["id"] == tree.br1a.pk
    assert data["name"] == "Chi hội tổ dân phố 1"
    assert data["parent_id"] == tree.b1.pk
    assert data["depth"] == 4
    assert "path" not in data
    assert data["breadcrumbs"] == [
        {"id": tree.b1.pk, "name": "Hội Chữ thập đỏ phường Hải Châu"},
        {"id": tree.br1a.pk, "name": "Chi hội tổ dân phố 1"},
    ]


def test_it_hides_the_parent_of_a_top_unit(client, tree, users):
    client.force_login(users.base_manager)
    data = client.get(f"/api/v1/units/{tree.b1.pk}").json()
    assert data["parent_id"] is None
    assert [c["id"] for c in data["breadcrumbs"]] == [tree.b1.pk]


def test_it_shows_every_ancestor_to_a_superuser(api_get, tree, users):
    data = api_get(users.superuser, f"/api/v1/units/{tree.br2a.pk}").json()
    assert data["parent_id"] == tree.b2.pk
    assert [c["id"] for c in data["breadcrumbs"]] == [
        tree.central.pk,
        tree.p1.pk,
        tree.b2.pk,
        tree.br2a.pk,
    ]


def test_it_hides_a_sibling_units_detail(client, tree, users):
    client.force_login(users.sibling)
    r = client.get(f"/api/v1/units/{tree.br1a.pk}")
    assert r.status_code == 404
    assert r.json() == {"detail": "Không tìm thấy."}


def test_it_answers_404_for_a_missing_unit(client, users):
    client.force_login(users.superuser)
    assert client.get("/api/v1/units/999999").status_code == 404


def test_it_refuses_anonymous_unit_detail(client, tree):
    assert client.get(f"/api/v1/units/{tree.b1.pk}").status_code == 401


def test_it_refuses_delete_on_unit_detail(client, tree, users):
    client.force_login(users.superuser)
    assert client.delete(f"/api/v1/units/{tree.b1.pk}").status_code == 405


# GET /api/v1/units/search


def test_it_finds_units_without_accents(api_get, tree, users):
    r = api_get(users.province_manager, "/api/v1/units/search", q="hoa vang")
    assert r.status_code == 200
    assert ids(r) == [tree.b2.pk]
    assert r.json()["items"][0]["name"] == "Hội Chữ thập đỏ xã Hòa Vang"
    assert r.json()["items"][0]["parent_id"] == tree.p1.pk


def test_it_finds_units_whatever_the_tone_mark_placement(client, tree, users):
    client.force_login(users.province_manager)
    # Old-style "Hoà" (mark on the a) matches the stored "Hòa".
    assert ids(client.get("/api/v1/units/search", {"q": "HOÀ vang"})) == [tree.b2.pk]


def test_it_searches_only_within_the_users_scope(client, tree, users):
    client.force_login(users.base_manager)
    assert ids(client.get("/api/v1/units/search", {"q": "hoa vang"})) == []
    r = client.get("/api/v1/units/search", {"q": "chi hoi"})
    assert ids(r) == [tree.br1a.pk, tree.br1b.pk]


def test_it_searches_everything_for_a_superuser(api_get, tree, users):
    r = api_get(users.superuser, "/api/v1/units/search", q="phuong")
    # Shallower units first, then tree order.
    assert ids(r) == [tree.b1.pk, tree.b3.pk]


def test_it_searches_within_a_root(api_get, tree, users):
    r = api_get(users.central_admin, "/api/v1/units/search", q="chi hoi", root=tree.b2.pk)
    assert ids(r) == [tree.br2a.pk]


def test_it_hides_a_sibling_root_in_search(client, tree, users):
    client.force_login(users.sibling)
    r = client.get("/api/v1/units/search", {"q": "chi hoi", "root": tree.b1.pk})
    assert r.status_code == 404


def test_it_rejects_an_empty_search(client, users):
    client.force_login(users.superuser)
    assert client.get("/api/v1/units/search").status_code == 422
    r = client.get("/api/v1/units/search", {"q": "  "})
    assert r.status_code == 422
    assert r.json() == {"detail": "Hãy nhập từ khoá tìm kiếm."}


def test_it_paginates_search_results(client, tree, users):
    client.force_login(users.superuser)
    r = client.get("/api/v1/units/search", {"q": "chi hoi", "limit": 2, "offset": 1})
    assert r.json()["count"] == 3
    assert ids(r) == [tree.br1b.pk, tree.br2a.pk]


def test_it_refuses_anonymous_search(client, tree):
    assert client.get("/api/v1/units/search", {"q": "hoa vang"}).status_code == 401


def test_it_refuses_post_to_search(client, users):
    client.force_login(users.superuser)
    assert client.post("/api/v1/units/search").status_code == 405


def test_it_publishes_the_unit_paths_in_openapi(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/units"]) == {"get", "post"}
    assert set(paths["/api/v1/units/search"]) == {"get"}
    assert set(paths["/api/v1/units/{unit_id}"]) == {"get"}
