"""Adding a unit under another: web page and API. Needs 'manage' on the parent."""

from django.urls import reverse

from core.models import AuditEvent
from org.models import AdminArea, Unit


def _url(unit):
    return reverse("org:unit_create", args=[unit.pk])


def test_it_lets_a_manager_add_a_branch(tree, users, login):
    client = login(users.base_manager)
    r = client.post(
        _url(tree.b1),
        {"name": "Chi hội  tổ dân phố 7", "kind": "branch", "valid_from": "2025-07-01"},
    )
    child = Unit.objects.get(name="Chi hội tổ dân phố 7")
    assert r.status_code == 302 and r["Location"] == reverse("org:unit", args=[child.pk])
    assert child.path.startswith(tree.b1.path) and child.depth == tree.b1.depth + 1
    assert str(child.valid_from) == "2025-07-01"
    event = AuditEvent.objects.get(action="org.unit.create", object_id=str(child.pk))
    assert event.actor == users.base_manager


def test_it_offers_only_the_kinds_allowed_under_the_parent(tree, users, login):
    client = login(users.base_manager)
    r = client.get(_url(tree.b1))
    assert r.status_code == 200
    kinds = [value for value, _label in r.context["form"].fields["kind"].choices]
    assert kinds == ["branch", "team", "club"]
    r = client.post(
        _url(tree.b1), {"name": "Tỉnh lạ", "kind": "province", "valid_from": "2025-07-01"}
    )
    assert r.status_code == 200
    assert "kind" in r.context["form"].errors
    assert not Unit.objects.filter(name="Tỉnh lạ").exists()


def test_it_checks_the_administrative_code(tree, users, login):
    AdminArea.objects.create(
        code="20194",
        name="Phường Hải Châu",
        level="commune",
        division_type="phường",
        province_code="48",
    )
    client = login(users.province_manager)
    bad = {
        "name": "Hội X",
        "kind": "base",
        "base_type": "ward",
        "admin_code": "99999",
        "valid_from": "2025-07-01",
    }
    r = client.post(_url(tree.p1), bad)
    assert r.status_code == 200 and "admin_code" in r.context["form"].errors
    r = client.post(_url(tree.p1), bad | {"admin_code": "20194"})
    assert r.status_code == 302
    assert Unit.objects.get(name="Hội X").admin_code == "20194"


def test_it_shows_the_service_refusal_as_a_form_error(tree, users, login):
    client = login(users.base_manager)
    r = client.post(
        _url(tree.b1),
        {"name": "Chi hội 9", "kind": "branch", "base_type": "ward", "valid_from": "2025-07-01"},
    )
    assert r.status_code == 200
    assert "Chỉ Hội cơ sở mới có loại hội cơ sở." in r.content.decode()


def test_it_hides_the_page_outside_scope_and_refuses_lower_roles(tree, users, login, client):
    r = client.get(_url(tree.b1))
    assert r.status_code == 302 and reverse("login") in r["Location"]
    assert login(users.sibling).get(_url(tree.b1)).status_code == 404
    assert login(users.base_editor).get(_url(tree.b1)).status_code == 403
    assert login(users.base_manager).put(_url(tree.b1)).status_code == 405


def test_it_shows_the_add_button_to_managers_only(tree, users, login):
    assert (
        b'data-testid="add-unit"'
        in login(users.base_manager).get(reverse("org:unit", args=[tree.b1.pk])).content
    )
    assert (
        b'data-testid="add-unit"'
        not in login(users.base_viewer).get(reverse("org:unit", args=[tree.b1.pk])).content
    )


def test_it_creates_a_unit_over_the_api(client, tree, users, bearer):
    r = client.post(
        "/api/v1/units",
        {"parent": tree.b1.pk, "name": "CLB Hiến máu", "kind": "club"},
        content_type="application/json",
        **bearer(users.base_manager),
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["name"] == "CLB Hiến máu" and body["parent_id"] == tree.b1.pk
    assert Unit.objects.get(pk=body["id"]).path.startswith(tree.b1.path)


def test_it_refuses_api_creation_outside_scope_or_below_manage(client, tree, users, bearer):
    payload = {"parent": tree.b1.pk, "name": "Chi hội Z", "kind": "branch"}
    post = lambda user: client.post(  # noqa: E731
        "/api/v1/units", payload, content_type="application/json", **bearer(user)
    )
    assert client.post("/api/v1/units", payload, content_type="application/json").status_code == 401
    assert post(users.sibling).status_code == 404
    assert post(users.base_editor).status_code == 403
    r = client.post(
        "/api/v1/units",
        payload | {"kind": "province"},
        content_type="application/json",
        **bearer(users.base_manager),
    )
    assert r.status_code == 422
    assert "Không thể đặt" in r.json()["detail"]
    assert not Unit.objects.filter(name="Chi hội Z").exists()


def test_it_checks_the_administrative_code_over_the_api_too(client, tree, users, bearer):
    r = client.post(
        "/api/v1/units",
        {"parent": tree.p1.pk, "name": "Hội Y", "kind": "base", "admin_code": "zzz"},
        content_type="application/json",
        **bearer(users.province_manager),
    )
    assert r.status_code == 422
    assert "Không có đơn vị hành chính mã zzz" in r.json()["detail"]


def test_it_starts_an_api_unit_today_unless_told(client, tree, users, bearer):
    from django.utils import timezone

    r = client.post(
        "/api/v1/units",
        {"parent": tree.b1.pk, "name": "CLB Sơ cấp cứu", "kind": "club"},
        content_type="application/json",
        **bearer(users.base_manager),
    )
    assert r.json()["valid_from"] == timezone.localdate().isoformat()
