import json

import pytest

from dues.models import DuesExemption, DuesPayment, DuesPolicy

from .factories import exempt, members, pay


@pytest.fixture
def data(tree):
    ms = members(tree.br1a, 10)
    return {"ms": ms, "payment": pay(ms[0]), "exemption": exempt(ms[1])}


def send(client, method, url, body, headers):
    return client.generic(method, url, json.dumps(body), content_type="application/json", **headers)


def test_it_scopes_every_read_endpoint(tree, users, data, client, bearer):
    u = tree.br1a.pk
    urls = [
        f"/api/v1/units/{u}/dues/policy?year=2025",
        f"/api/v1/units/{u}/dues/ticklist?year=2025&on=2025-12-31",
        f"/api/v1/units/{u}/dues/payments?year=2025",
        f"/api/v1/units/{u}/dues/exemptions?year=2025",
        f"/api/v1/units/{u}/dues/collection-rates?year=2025&on=2025-12-31",
        f"/api/v1/units/{u}/dues/remittance?year=2025&on=2025-12-31",
    ]
    viewer, sibling = bearer(users.base_viewer), bearer(users.sibling)
    for url in urls:
        assert client.get(url).status_code == 401, url
        assert client.get(url, **viewer).status_code == 200, url
        assert client.get(url, **sibling).status_code == 404, url
        assert client.delete(url, **viewer).status_code == 405, url


def test_it_answers_rates_and_ticklist(tree, users, data, client, bearer):
    h = bearer(users.base_viewer)
    r = client.get(
        f"/api/v1/units/{tree.b1.pk}/dues/collection-rates?year=2025&on=2025-12-31", **h
    ).json()
    assert r["total"] == {
        "unit": {"id": tree.b1.pk, "name": tree.b1.name},
        "members": 10,
        "exempt": 1,
        "paid": 1,
        "due": 9,
        "rate": 1 / 9,
    }
    assert [c["unit"]["id"] for c in r["children"]] == [tree.br1a.pk, tree.br1b.pk]
    rows = client.get(
        f"/api/v1/units/{tree.br1a.pk}/dues/ticklist?year=2025&on=2025-12-31", **h
    ).json()
    assert sorted(r["status"] for r in rows).count("unpaid") == 8
    paid = next(r for r in rows if r["status"] == "paid")
    assert paid["receipt"] == "2025-00001" and paid["amount"] == 12_000


def test_it_records_a_ticklist_over_the_api(tree, users, data, client, bearer):
    url = f"/api/v1/units/{tree.br1a.pk}/dues/ticklist"
    body = {
        "year": 2025,
        "paid_on": "2025-04-01",
        "membership_ids": [m.pk for m in data["ms"][2:5]],
    }
    assert send(client, "POST", url, body, {}).status_code == 401
    assert send(client, "POST", url, body, bearer(users.base_viewer)).status_code == 403
    assert send(client, "POST", url, body, bearer(users.sibling)).status_code == 404
    r = send(client, "POST", url, body, bearer(users.base_editor))
    assert r.status_code == 201
    assert (r.json()["count"], r.json()["total"]) == (3, 36_000)
    assert [p["receipt_no"] for p in r.json()["payments"]] == sorted([2, 3, 4])
    again = send(client, "POST", url, body, bearer(users.base_editor))
    assert again.status_code == 422
    (other,) = members(tree.br2a, 1)
    body["membership_ids"] = [other.pk]
    assert send(client, "POST", url, body, bearer(users.base_editor)).status_code == 404


def test_it_creates_and_cancels_a_payment_over_the_api(tree, users, data, client, bearer):
    url = f"/api/v1/units/{tree.br1a.pk}/dues/payments"
    body = {
        "membership_id": data["ms"][4].pk,
        "year": 2025,
        "paid_on": "2025-04-01",
        "amount": 20_000,
    }
    assert send(client, "POST", url, body, bearer(users.base_viewer)).status_code == 403
    assert send(client, "POST", url, body, bearer(users.sibling)).status_code == 404
    r = send(client, "POST", url, body, bearer(users.base_editor))
    assert r.status_code == 201 and r.json()["amount"] == 20_000
    cancel = f"/api/v1/dues/payments/{r.json()['id']}/cancel"
    assert send(client, "POST", cancel, {"reason": "x"}, {}).status_code == 401
    assert send(client, "POST", cancel, {"reason": "x"}, bearer(users.sibling)).status_code == 404
    assert (
        send(client, "POST", cancel, {"reason": "x"}, bearer(users.base_viewer)).status_code == 403
    )
    assert client.get(cancel, **bearer(users.base_editor)).status_code == 405
    r = send(client, "POST", cancel, {"reason": "Thu nhầm"}, bearer(users.base_editor))
    assert r.status_code == 200 and r.json()["cancel_reason"] == "Thu nhầm"
    assert DuesPayment.objects.live().count() == 1


def test_it_grants_and_revokes_exemptions_over_the_api(tree, users, data, client, bearer):
    url = f"/api/v1/units/{tree.br1a.pk}/dues/exemptions"
    body = {
        "membership_id": data["ms"][6].pk,
        "year": 2025,
        "decision_ref": "QĐ 9",
        "decided_on": "2025-05-01",
    }
    assert send(client, "POST", url, body, bearer(users.base_editor)).status_code == 403
    assert send(client, "POST", url, body, bearer(users.sibling)).status_code == 404
    assert send(client, "POST", url, body, bearer(users.base_manager)).status_code == 422  # cap 1
    revoke = f"/api/v1/dues/exemptions/{data['exemption'].pk}/revoke"
    assert (
        send(client, "POST", revoke, {"reason": "Sai"}, bearer(users.base_editor)).status_code
        == 403
    )
    assert send(client, "POST", revoke, {"reason": "Sai"}, bearer(users.sibling)).status_code == 404
    assert (
        send(client, "POST", revoke, {"reason": "Sai"}, bearer(users.base_manager)).status_code
        == 200
    )
    assert send(client, "POST", url, body, bearer(users.base_manager)).status_code == 201
    assert DuesExemption.objects.live().get().membership == data["ms"][6]


def test_it_sets_the_policy_over_the_api(tree, users, client, bearer, make_user):
    province_viewer = make_user("tinh_xem", tree.p1, "viewer")
    body = {"year": 2025, "amount": 24_000, "categories": ["member"]}
    url = f"/api/v1/units/{tree.p1.pk}/dues/policy"
    assert send(client, "PUT", url, body, {}).status_code == 401
    assert send(client, "PUT", url, body, bearer(province_viewer)).status_code == 403
    assert send(client, "PUT", url, body, bearer(users.base_manager)).status_code == 404
    assert send(client, "PUT", url, body, bearer(users.other_province)).status_code == 404
    assert (
        send(
            client,
            "PUT",
            f"/api/v1/units/{tree.b1.pk}/dues/policy",
            body,
            bearer(users.base_manager),
        ).status_code
        == 422
    )
    r = send(client, "PUT", url, body, bearer(users.province_manager))
    assert r.status_code == 200 and r.json()["set_at"]["id"] == tree.p1.pk
    assert DuesPolicy.objects.get().amount == 24_000
    got = client.get(
        f"/api/v1/units/{tree.br1a.pk}/dues/policy?year=2025", **bearer(users.base_viewer)
    )
    assert got.json()["amount"] == 24_000
