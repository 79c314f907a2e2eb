"""The projects API: a birth and its pass-on, the chain as a tree, scope (404 outside, 403 without
edit), houses with a fund tranche, a group loan, an event whose people served only editors see."""

import json

from projects import services
from projects.models import Repayment

from .factories import D, households


def _post(client, headers, url, data):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def test_birth_pass_on_and_chain_through_the_api(users, tree, client, bearer):
    ed = users.base_editor
    h1, h2 = households(ed, tree.b1, 2)
    cow = services.acquire_cow(actor=ed, unit=tree.b1, tag="A1", acquired_on=D(2024, 1, 2))
    services.give_cow(actor=ed, animal=cow, household=h1, on=D(2024, 1, 3))
    auth = bearer(ed)
    r = _post(client, auth, f"/api/v1/projects/animals/{cow.pk}/births", {"born_on": "2024-06-01", "sex": "F", "tag": "A2"})  # fmt: skip
    assert r.status_code == 201, r.content
    calf = r.json()
    assert calf["owed_by_placement_id"] is not None
    r = _post(client, auth, f"/api/v1/projects/animals/{calf['id']}/pass-on", {"on": "2024-11-30"})
    assert (
        r.status_code == 422
        and "chỉ chuyển khi đủ 6 tháng (từ ngày 01/12/2024)" in r.json()["detail"]
    )
    r = _post(client, auth, f"/api/v1/projects/animals/{calf['id']}/pass-on", {"on": "2024-12-01"})
    assert r.status_code == 422 and "Danh sách chờ" in r.json()["detail"]
    r = _post(client, auth, f"/api/v1/units/{tree.b1.pk}/projects/waiting", {"household_id": h2.pk, "since": "2024-02-01"})  # fmt: skip
    assert r.status_code == 201
    r = _post(client, auth, f"/api/v1/projects/animals/{calf['id']}/pass-on", {"on": "2024-12-01"})
    assert r.status_code == 201 and r.json()["household_id"] == h2.pk
    r = client.get(f"/api/v1/projects/animals/{cow.pk}/chain", **auth)
    body = r.json()
    assert body["counts"]["households_reached"] == 2 and body["counts"]["households_owning"] == 1
    assert body["tree"]["children"][0]["placements"][0]["household_id"] == h2.pk
    steps = client.get(f"/api/v1/projects/households/{h1.pk}/cows", **auth).json()["steps"]
    assert steps == []
    # Scope: a sibling base sees nothing; a viewer cannot write.
    assert client.get(f"/api/v1/projects/animals/{cow.pk}/chain", **bearer(users.sibling)).status_code == 404  # fmt: skip
    r = _post(client, bearer(users.base_viewer), f"/api/v1/projects/animals/{cow.pk}/births", {"born_on": "2025-06-01", "sex": "F"})  # fmt: skip
    assert r.status_code == 403


def test_houses_groups_and_events_through_the_api(users, tree, client, bearer):
    ed = users.base_editor
    [h] = households(ed, tree.b1, 1)
    auth = bearer(ed)
    base = f"/api/v1/units/{tree.b1.pk}/projects"
    house = _post(client, auth, f"{base}/houses", {"household_id": h.pk, "kind": "new", "location": "Thôn 2", "on": "2025-01-01"}).json()  # fmt: skip
    assert _post(client, auth, f"/api/v1/projects/houses/{house['id']}/advance", {"on": "2025-01-02"}).json()["status"] == "approved"  # fmt: skip
    t = _post(client, auth, f"/api/v1/projects/houses/{house['id']}/tranches", {"kind": "start", "on": "2025-01-03", "amount": 10_000_000})  # fmt: skip
    assert t.status_code == 201 and t.json()["fund_entry_id"]
    assert _post(client, auth, f"/api/v1/projects/tranches/{t.json()['id']}/cancel", {"on": "2025-01-04", "reason": "Nhầm"}).status_code == 200  # fmt: skip
    g = _post(client, auth, f"{base}/groups", {"name": "Tổ vốn", "founded_on": "2025-01-01"}).json()
    m = _post(client, auth, f"/api/v1/projects/groups/{g['id']}/members", {"person_id": h.person_id, "joined_on": "2025-01-01"}).json()  # fmt: skip
    _post(
        client,
        auth,
        f"/api/v1/projects/groups/{g['id']}/contributions",
        {"on": "2025-01-02", "amount": 3_000_000},
    )
    loan = _post(client, auth, f"/api/v1/projects/groups/{g['id']}/loans", {"member_id": m["id"], "on": "2025-01-03", "amount": 2_000_000, "due": "2025-03-01"}).json()  # fmt: skip
    r = _post(
        client,
        auth,
        f"/api/v1/projects/loans/{loan['id']}/repayments",
        {"on": "2025-02-01", "amount": 500_000},
    )
    assert r.json()["owed"] == 1_500_000
    groups = client.get(f"{base}/groups", **auth).json()
    assert groups[0]["outstanding"] == 1_500_000 and groups[0]["overdue"] == 1_500_000
    gurl = f"/api/v1/projects/groups/{g['id']}"
    r = _post(client, auth, f"{gurl}/members/{m['id']}/leave", {"on": "2025-02-02"})
    assert r.status_code == 422 and "còn nợ tổ 1.500.000" in r.json()["detail"]
    r = _post(client, auth, f"{gurl}/loans/{loan['id']}/cancel", {"reason": "Ghi nhầm"})
    assert r.status_code == 422 and "trả nợ" in r.json()["detail"]
    paid = Repayment.objects.get(loan_id=loan["id"])
    r = _post(client, auth, f"{gurl}/repayments/{paid.pk}/cancel", {"reason": "Ghi nhầm số tiền"})
    assert r.json()["balance"]["outstanding"] == 2_000_000
    assert _post(client, auth, f"{gurl}/loans/{loan['id']}/cancel", {"reason": "Ghi nhầm"}).status_code == 200  # fmt: skip
    r = _post(client, auth, f"{gurl}/members/{m['id']}/leave", {"on": "2025-02-02"})
    assert r.json()["left_on"] == "2025-02-02"
    assert (
        _post(client, auth, f"{gurl}/gifts/1/cancel", {"reason": "x"}).status_code == 422
    )  # not a kind
    assert _post(client, auth, f"{gurl}/loans/999999/cancel", {"reason": "x"}).status_code == 404
    viewer = bearer(users.base_viewer)
    assert _post(client, viewer, f"{gurl}/repayments/{paid.pk}/cancel", {"reason": "x"}).status_code == 403  # fmt: skip
    e = _post(client, auth, f"{base}/events", {"kind": "checkup", "on": "2025-04-01", "place": "Trạm y tế", "count": 500,
                                               "values": [{"source": "partner", "amount": 150_000_000}],
                                               "served": [{"beneficiary_id": h.pk}, {"full_name": "Lò Văn Sáu"}]})  # fmt: skip
    assert e.status_code == 201 and e.json()["value"] == 150_000_000
    assert client.get(f"/api/v1/projects/events/{e.json()['id']}", **bearer(users.base_viewer)).json()["served"] is None  # fmt: skip
    assert (
        len(client.get(f"/api/v1/projects/events/{e.json()['id']}", **auth).json()["served"]) == 2
    )
