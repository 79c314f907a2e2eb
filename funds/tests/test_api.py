import datetime
import json

import pytest

from funds import selectors, services
from funds.models import Entry, FundSettings

D = datetime.date
API = "/api/v1"

# (method, path template, body, permission needed)
ENDPOINTS = [
    ("get", "/units/{unit}/fund/entries?start=2025-01-01&end=2025-12-31", None, "view"),
    ("get", "/units/{unit}/fund/balance?on=2025-12-31", None, "view"),
    ("get", "/units/{unit}/fund/totals?start=2025-01-01&end=2025-12-31", None, "view"),
    ("get", "/units/{unit}/fund/donors", None, "view"),
    ("get", "/units/{unit}/fund/pledges?on=2025-03-31", None, "view"),
    ("post", "/units/{unit}/fund/entries",
     {"on": "2025-02-01", "amount": 1000, "direction": "in", "category": "other"}, "edit"),
    ("post", "/fund/entries/{entry}/reverse", {"on": "2025-02-01", "note": "Nhầm"}, "edit"),
    ("post", "/units/{unit}/fund/donors",
     {"kind": "organisation", "name": "UBND xã", "organisation_kind": "agency"}, "edit"),
    ("post", "/units/{unit}/fund/pledges",
     {"donor_id": "{donor}", "amount": 100000, "frequency": "one_off", "start": "2025-01-01"},
     "edit"),
    ("post", "/units/{unit}/fund/transfers",
     {"to_unit_id": "{parent}", "on": "2025-02-01", "amount": 1000}, "manage"),
    ("post", "/units/{unit}/fund/close", {"through": "2025-01-31"}, "manage"),
]  # fmt: skip


def _fill(value, ids):
    if isinstance(value, str):
        for k, v in ids.items():
            if value == "{" + k + "}":
                return v
            value = value.replace("{" + k + "}", str(v))
        return value
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def _send(client, method, path, body, headers=None):
    headers = headers or {}
    if method == "get":
        return client.get(API + path, **headers)
    return client.post(API + path, json.dumps(body), content_type="application/json", **headers)


@pytest.mark.parametrize(("method", "path", "body", "perm"), ENDPOINTS)
def test_it_scopes_every_fund_endpoint(client, bearer, tree, users, fund, method, path, body, perm):
    ids = {"unit": tree.b1.pk, "entry": fund.entry.pk, "donor": fund.org_donor.pk,
           "parent": tree.p1.pk}  # fmt: skip
    path, body = _fill(path, ids), _fill(body, ids)
    assert _send(client, method, path, body).status_code == 401
    assert _send(client, method, path, body, bearer(users.sibling)).status_code == 404
    lower = {"edit": users.base_viewer, "manage": users.base_editor}
    if perm in lower:
        r = _send(client, method, path, body, bearer(lower[perm]))
        assert r.status_code == 403, r.content
    allowed = {"view": users.base_viewer, "edit": users.base_editor, "manage": users.base_manager}
    r = _send(client, method, path, body, bearer(allowed[perm]))
    assert r.status_code == (200 if method == "get" else 201) or (
        path.endswith("/close") and r.status_code == 200
    ), r.content
    wrong = client.delete(API + path.split("?")[0], **bearer(users.base_manager))
    assert wrong.status_code == 405


def test_it_lists_entries_and_balance(client, bearer, tree, users, fund):
    h = bearer(users.base_viewer)
    r = client.get(f"{API}/units/{tree.b1.pk}/fund/entries", {"start": "2025-01-01",
                                                              "end": "2025-12-31"}, **h)  # fmt: skip
    items = r.json()["items"]
    assert [(e["amount"], e["direction"], e["donor"]["kind"]) for e in items] == [
        (1_500_000, "in", "person")
    ]
    assert items[0]["has_attachment"] is True
    r = client.get(f"{API}/units/{tree.p1.pk}/fund/balance", {"on": "2025-12-31",
                                                              "subtree": "true"}, **h)  # fmt: skip
    assert r.status_code == 404  # the viewer of b1 does not see p1
    r = client.get(f"{API}/units/{tree.b1.pk}/fund/balance", {"on": "2025-12-31"}, **h)
    assert r.json()["balance"] == 1_500_000


def test_it_refuses_invalid_writes_with_422(client, bearer, tree, users, fund):
    h = bearer(users.base_manager)
    services.close_period(actor=users.base_manager, unit=tree.b1, through=D(2025, 1, 31))
    r = client.post(f"{API}/units/{tree.b1.pk}/fund/entries",
                    json.dumps({"on": "2025-01-31", "amount": 1, "direction": "in",
                                "category": "other"}),
                    content_type="application/json", **h)  # fmt: skip
    assert r.status_code == 422 and "khoá" in r.json()["detail"]
    r = client.post(f"{API}/units/{tree.b1.pk}/fund/transfers",
                    json.dumps({"to_unit_id": tree.b2.pk, "on": "2025-02-01", "amount": 1}),
                    content_type="application/json", **h)  # fmt: skip
    assert r.status_code == 422
    r = client.post(f"{API}/units/{tree.b1.pk}/fund/entries",
                    json.dumps({"on": "2025-02-01", "amount": 0, "direction": "in",
                                "category": "other"}),
                    content_type="application/json", **h)  # fmt: skip
    assert r.status_code == 422
    assert Entry.objects.count() == 1


def test_it_transfers_and_reverses_over_the_api(client, bearer, tree, users, fund):
    h = bearer(users.base_manager)
    r = client.post(f"{API}/units/{tree.b1.pk}/fund/transfers",
                    json.dumps({"to_unit_id": tree.p1.pk, "on": "2025-02-01", "amount": 300_000,
                                "category": "relief"}),
                    content_type="application/json", **h)  # fmt: skip
    assert r.status_code == 201
    body = r.json()
    assert body["out_entry"]["transfer_id"] == body["in_entry"]["transfer_id"]
    assert selectors.balance(tree.p1, D(2025, 2, 1)) == 300_000
    r = client.post(f"{API}/fund/entries/{body['out_entry']['id']}/reverse",
                    json.dumps({"on": "2025-02-02", "note": "Nhầm"}),
                    content_type="application/json", **h)  # fmt: skip
    assert r.status_code == 201 and r.json()["reverses_id"] == body["out_entry"]["id"]
    assert selectors.balance(tree.p1, D(2025, 2, 2)) == 0
    r = client.post(f"{API}/units/{tree.b1.pk}/fund/close",
                    json.dumps({"through": "2025-02-28"}),
                    content_type="application/json", **h)  # fmt: skip
    assert r.json()["closed_through"] == "2025-02-28"
    assert FundSettings.objects.get(unit=tree.b1).closed_through == D(2025, 2, 28)


def test_it_reports_pledges_received_against_expected(client, bearer, tree, users, fund):
    r = client.get(f"{API}/units/{tree.b1.pk}/fund/pledges", {"on": "2025-03-31"},
                   **bearer(users.base_viewer))  # fmt: skip
    (p,) = r.json()
    assert (p["expected"], p["received"], p["outstanding"]) == (600_000, 1_500_000, 0)
