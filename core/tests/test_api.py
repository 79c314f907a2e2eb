import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from core import audit
from core.models import AuditEvent


@pytest.fixture
def events(tree, users):
    """One event on each of b1, br1a, b2, p2 and one without a unit, one minute apart."""
    start = timezone.now() - datetime.timedelta(hours=1)
    made = {}
    with transaction.atomic():
        for minute, (key, unit, action) in enumerate(
            [
                ("b1", tree.b1, "org.unit.rename"),
                ("br1a", tree.br1a, "accounts.role.assign"),
                ("b2", tree.b2, "accounts.role.assign"),
                ("p2", tree.p2, "org.unit.rename"),
                ("none", None, "accounts.user.create"),
            ]
        ):
            event = audit.record(actor=users.central_admin, action=action, unit=unit)
            event.at = start + datetime.timedelta(minutes=minute)
            event.save(update_fields=["at"])
            made[key] = event.pk
    return made


def ids(response):
    return [item["id"] for item in response.json()["items"]]


def test_it_lists_a_units_subtree_newest_first(api_get, tree, users, events):
    r = api_get(users.base_manager, "/api/v1/audit", unit=tree.b1.pk)
    assert r.status_code == 200
    assert ids(r) == [events["br1a"], events["b1"]]
    first = r.json()["items"][0]
    assert first["action"] == "accounts.role.assign"
    assert first["actor"] == "tw_admin"
    assert first["unit_id"] == tree.br1a.pk
    assert first["unit_name"] == "Chi hội tổ dân phố 1"


def test_it_lists_everything_the_user_manages_without_a_unit(api_get, tree, users, events):
    r = api_get(users.province_manager, "/api/v1/audit")
    assert ids(r) == [events["b2"], events["br1a"], events["b1"]]


def test_it_lists_every_event_for_a_superuser(api_get, users, events):
    r = api_get(users.superuser, "/api/v1/audit", limit=1000)
    everything = list(AuditEvent.objects.order_by("-at", "-id").values_list("pk", flat=True))
    assert ids(r) == everything
    assert events["none"] in everything and events["p2"] in everything


def test_it_filters_by_action_prefix(client, tree, users, events):
    client.force_login(users.province_manager)
    r = client.get("/api/v1/audit", {"action": "accounts.role"})
    assert ids(r) == [events["b2"], events["br1a"]]
    r = client.get("/api/v1/audit", {"action": "org.", "unit": tree.b1.pk})
    assert ids(r) == [events["b1"]]


@pytest.mark.parametrize("who", ["base_viewer", "base_editor"])
def test_it_forbids_a_unit_audit_below_manager(client, tree, users, events, who):
    client.force_login(getattr(users, who))
    r = client.get("/api/v1/audit", {"unit": tree.b1.pk})
    assert r.status_code == 403
    assert "quyền quản lý" in r.json()["detail"]


def test_it_lists_nothing_to_a_user_who_manages_nothing(client, users, events):
    client.force_login(users.base_viewer)
    assert client.get("/api/v1/audit").json() == {"items": [], "count": 0}


def test_it_hides_a_sibling_units_audit(client, tree, users, events):
    client.force_login(users.sibling)
    r = client.get("/api/v1/audit", {"unit": tree.b1.pk})
    assert r.status_code == 404
    assert r.json() == {"detail": "Không tìm thấy."}


def test_it_hides_the_audit_of_a_unit_above_the_user(client, tree, users, events):
    client.force_login(users.base_manager)
    assert client.get("/api/v1/audit", {"unit": tree.p1.pk}).status_code == 404


def test_it_paginates_the_audit_trail(client, tree, users, events):
    client.force_login(users.province_manager)
    r = client.get("/api/v1/audit", {"limit": 1, "offset": 1})
    assert r.json()["count"] == 3
    assert ids(r) == [events["br1a"]]


def test_it_refuses_anonymous_audit(client, tree, events):
    r = client.get("/api/v1/audit", {"unit": tree.b1.pk})
    assert r.status_code == 401


def test_it_refuses_post_to_audit(client, users):
    client.force_login(users.superuser)
    assert client.post("/api/v1/audit").status_code == 405


def test_it_publishes_the_audit_path_in_openapi(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/audit"]) == {"get"}
