"""The blood API: a drive from creation to outcomes, the refusal with its reason and date, the
sensitive fields for editors only, the roster, rules; scope (404 outside, 403 without edit)."""

import datetime
import json

from blood import services
from blood.models import Registration
from core.models import AuditEvent

from .conftest import donate

D = datetime.date


def _post(client, url, headers, payload):
    return client.post(url, json.dumps(payload), content_type="application/json", **headers)


def test_a_drive_through_the_api(users, tree, client, bearer, person_factory):
    h = bearer(users.base_editor)
    r = _post(client, f"/api/v1/units/{tree.b1.pk}/blood/drives", h, {
        "date": "2025-03-02", "site": "Cung Thể thao Tiên Sơn", "centre": "Bệnh viện C",
        "campaign": "pink_spring", "target_units": 500,
    })  # fmt: skip
    assert r.status_code == 201, r.content
    drive_id = r.json()["id"]
    p = person_factory()
    r = _post(client, f"/api/v1/blood/drives/{drive_id}/registrations", h,
              {"person_id": p.pk, "weight_kg": "60", "health": {"ill_now": False}})  # fmt: skip
    assert r.status_code == 201, r.content
    reg_id = r.json()["id"]
    r = _post(client, f"/api/v1/blood/drives/{drive_id}/outcomes", h, {"items": [
        {"registration": reg_id, "outcome": "donated", "volume_ml": 450, "kind": "whole"}
    ]})  # fmt: skip
    assert r.json() == {"recorded": 1}
    got = client.get(f"/api/v1/blood/drives/{drive_id}", **h).json()
    assert (got["donated"], got["ml"], got["registered"]) == (1, 450, 1)
    regs = client.get(f"/api/v1/blood/drives/{drive_id}/registrations", **h).json()
    assert regs[0]["weight_kg"] == "60.0" and regs[0]["health"] == {"ill_now": False}
    viewer = client.get(f"/api/v1/blood/drives/{drive_id}/registrations",
                        **bearer(users.base_viewer)).json()  # fmt: skip
    assert viewer[0]["weight_kg"] is None and viewer[0]["health"] is None
    assert viewer[0]["volume_ml"] == 450


def test_a_refusal_through_the_api_says_why_and_from_when(
    users, client, bearer, person_factory, drive_factory
):
    p = person_factory()
    donate(users.base_editor, drive_factory(date=D(2025, 1, 5)), p)
    later = drive_factory(date=D(2025, 3, 1))
    h = bearer(users.base_editor)
    r = _post(client, f"/api/v1/blood/drives/{later.pk}/registrations", h,
              {"person_id": p.pk, "weight_kg": "60"})  # fmt: skip
    assert r.status_code == 422
    assert "30/03/2025" in json.dumps(r.json(), ensure_ascii=False)
    check = client.get(f"/api/v1/blood/donors/{p.pk}/eligibility", {"on": "2025-03-01"}, **h)
    assert check.json()["from_date"] == "2025-03-30" and not check.json()["ok"]
    r = _post(client, f"/api/v1/blood/drives/{later.pk}/registrations", h,
              {"person_id": p.pk, "weight_kg": "60", "override_reason": "Trường hợp khẩn cấp"})  # fmt: skip
    assert r.status_code == 201
    assert AuditEvent.objects.filter(action="blood.registration.override").exists()


def test_scope_and_rights(users, tree, client, bearer, person_factory, drive_factory):
    d = drive_factory()
    p = person_factory()
    services.register(actor=users.base_editor, drive=d, person=p, weight_kg="60")
    sibling = bearer(users.sibling)
    for url in (
        f"/api/v1/blood/drives/{d.pk}",
        f"/api/v1/blood/drives/{d.pk}/registrations",
        f"/api/v1/blood/donors/{p.pk}",
    ):
        assert client.get(url, **sibling).status_code == 404, url
    viewer = bearer(users.base_viewer)
    r = _post(client, f"/api/v1/blood/drives/{d.pk}/outcomes", viewer,
              {"items": [{"registration": 1, "outcome": "absent"}]})  # fmt: skip
    assert r.status_code == 403
    assert client.get(f"/api/v1/units/{tree.b1.pk}/blood/roster", **viewer).status_code == 403
    donor = client.get(f"/api/v1/blood/donors/{p.pk}", **viewer).json()
    assert donor["blood_group"] is None and donor["phone"] is None
    assert client.get(f"/api/v1/blood/drives/{d.pk}").status_code == 401
    assert Registration.objects.count() == 1


def test_roster_and_rules_through_the_api(users, tree, client, bearer, person_factory):
    p = person_factory(phone="0905111222")
    services.update_donor(actor=users.base_editor, person=p, abo="O", rh="-", on_call=True)
    h = bearer(users.province_manager)
    got = client.get(f"/api/v1/units/{tree.p1.pk}/blood/roster", {"abo": "O", "rh": "-"}, **h)
    assert [(d["full_name"], d["blood_group"], d["phone"]) for d in got.json()] == [
        ("Nguyễn Văn An", "O-", "0905111222")
    ]
    assert client.get(f"/api/v1/units/{tree.p1.pk}/blood/roster", {"abo": "A"}, **h).json() == []
    r = _post(client, f"/api/v1/units/{tree.p1.pk}/blood/rules", h,
              {"effective_from": "2026-01-01", "whole_blood_days": 90, "source": "QĐ tỉnh"})  # fmt: skip
    assert r.status_code == 201
    rules = client.get(f"/api/v1/units/{tree.b1.pk}/blood/rules", **h).json()
    assert [x["whole_blood_days"] for x in rules] == [90, 84]
    r = _post(client, f"/api/v1/units/{tree.p1.pk}/blood/rules", bearer(users.base_editor),
              {"effective_from": "2026-01-01", "source": "x"})  # fmt: skip
    assert r.status_code == 404
