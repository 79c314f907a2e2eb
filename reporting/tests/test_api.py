"""The reporting API: forms, a report's values with sources, typing, submit / approve / return /
reopen, completeness, what waits; scoped and audited."""

import json

from core.models import AuditEvent
from org.models import PeriodLock

from .conftest import YEAR

BASE = "/api/v1/units/{}/reports/rc-annual/" + str(YEAR)


def _post(client, headers, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json", **headers)


def test_the_forms_a_unit_fills(tree, users, forms, client, bearer):
    r = client.get(f"/api/v1/units/{tree.b1.pk}/report-forms", **bearer(users.base_viewer))
    codes = {f["code"]: f for f in r.json()}
    assert set(codes) == {"rc-annual", "rc-half"}
    items = {i["code"]: i for i in codes["rc-annual"]["items"]}
    assert items["members"]["computed"] and not items["relief_people"]["computed"]
    assert any(x["op"] == "jump" for x in codes["rc-annual"]["rules"])
    r = client.get(f"/api/v1/units/{tree.br1a.pk}/report-forms", **bearer(users.base_viewer))
    assert r.json() == []  # branches fill none


def test_type_submit_approve_return_reopen(tree, users, forms, client, bearer):
    editor, province = bearer(users.base_editor), bearer(users.province_manager)
    url = BASE.format(tree.b1.pk)
    body = client.get(url, **editor).json()
    assert body["status"] == "none" and body["id"] is None
    r = _post(
        client,
        bearer(users.base_viewer),
        f"{url}/values",
        {"values": [{"code": "relief_people", "value": 3}]},
    )
    assert r.status_code == 403
    r = _post(client, editor, f"{url}/values", {"values": [{"code": "relief_people", "value": 3, "note": "Tết"},
                                                        {"code": "members", "value": 12}]})  # fmt: skip
    values = {v["code"]: v for v in r.json()["values"]}
    assert (
        values["relief_people"]["value"],
        values["relief_people"]["source"],
        values["relief_people"]["note"],
    ) == (
        3,
        "reported",
        "Tết",
    )
    assert values["members"]["typed"] == 12 and values["members"]["source"] == "reported"
    r = _post(
        client, editor, f"{url}/values", {"values": [{"code": "members_female", "value": 13}]}
    )
    assert r.json()["problems"][0]["severity"] == "error"
    r = _post(client, editor, f"{url}/submit")
    assert r.status_code == 422 and "Hội viên nữ" in r.json()["detail"]
    _post(client, editor, f"{url}/values", {"values": [{"code": "members_female", "value": None}]})
    assert _post(client, editor, f"{url}/submit").json()["status"] == "submitted"
    assert _post(client, editor, f"{url}/approve").status_code == 403
    waiting = client.get("/api/v1/reports/waiting", **province).json()
    assert [w["unit_id"] for w in waiting] == [tree.b1.pk]
    r = _post(client, province, f"{url}/approve", {"comment": "Đạt"})
    assert (r.json()["step"], r.json()["next_approver_id"]) == (1, tree.central.pk)
    assert PeriodLock.objects.filter(unit=tree.b1, reopened_at__isnull=True).count() == 1
    assert (
        _post(
            client, editor, f"{url}/values", {"values": [{"code": "relief_people", "value": 4}]}
        ).status_code
        == 422
    )
    r = _post(client, province, f"{url}/reopen", {"comment": "Bổ sung"})
    assert r.json()["status"] == "reopened"
    assert not PeriodLock.objects.filter(unit=tree.b1, reopened_at__isnull=True).exists()
    assert _post(client, editor, f"{url}/submit").json()["status"] == "submitted"
    r = _post(client, province, f"{url}/return", {"comment": "Thiếu số liệu quỹ"})
    assert (r.json()["status"], r.json()["comment"]) == ("returned", "Thiếu số liệu quỹ")
    actions = set(
        AuditEvent.objects.filter(action__startswith="reporting.").values_list("action", flat=True)
    )
    assert actions >= {"reporting.open", "reporting.value", "reporting.submit", "reporting.approve",
                       "reporting.reopen", "reporting.return"}  # fmt: skip


def test_completeness_and_scope(tree, users, forms, client, bearer):
    _post(client, bearer(users.base_editor), BASE.format(tree.b1.pk) + "/submit")
    r = client.get(BASE.format(tree.p1.pk) + "/completeness", **bearer(users.province_manager))
    body = r.json()
    assert body["total"] == 2 and body["late"] + body["on_time"] == 1
    assert {u["unit_id"]: u["status"] for u in body["units"]} == {
        tree.b1.pk: "submitted",
        tree.b2.pk: "none",
    }
    assert client.get(BASE.format(tree.b1.pk), **bearer(users.sibling)).status_code == 404
    assert (
        client.get(
            BASE.format(tree.p1.pk) + "/completeness", **bearer(users.other_province)
        ).status_code
        == 404
    )
    assert (
        _post(client, bearer(users.sibling), BASE.format(tree.b1.pk) + "/approve").status_code
        == 404
    )
    assert (
        client.get(
            BASE.format(tree.b1.pk).replace("2025", "2025-H1"), **bearer(users.base_editor)
        ).status_code
        == 404
    )
