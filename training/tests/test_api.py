"""The training API: every resource, scope (404 outside, 403 without edit), refusals as 422."""

import datetime

import pytest
from django.utils import timezone

from members.tests.factories import make_member, make_person
from training.models import Certificate, VolunteerHours

from .factories import course, presets

D = datetime.date
API = "/api/v1"


@pytest.fixture
def editor(users, bearer):
    return bearer(users.base_editor)


def _post(client, url, body, headers):
    return client.post(API + url, body, content_type="application/json", **headers)


def test_a_class_from_opening_to_certificates(users, tree, client, editor, bearer):
    presets()
    p = make_person(users.base_editor, tree.b1, "Đinh Thị Hạnh", year=1999)
    r = _post(client, f"/units/{tree.b1.pk}/training/classes",
              {"course_id": course().pk, "starts_on": "2025-05-10", "ends_on": "2025-05-11",
               "cost": 500000, "cost_source": "fund"}, editor)  # fmt: skip
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    assert r.json()["fund_entry_id"]
    r = _post(client, f"/training/classes/{cid}/participants", {"person_ids": [p.pk]}, editor)
    assert r.status_code == 201
    part = r.json()[0]["id"]
    r = _post(client, f"/training/classes/{cid}/participants", {"person_ids": [p.pk]}, editor)
    assert r.status_code == 422 and "Đinh Thị Hạnh" in r.json()["detail"]
    r = _post(client, f"/training/classes/{cid}/attendance",
              {"day": "2025-05-10", "present_ids": [part]}, editor)  # fmt: skip
    assert r.json()[0]["days_present"] == 1
    r = _post(client, f"/training/classes/{cid}/certificates", {"issued_on": "2025-05-12",
              "participant_ids": [part]}, editor)  # fmt: skip
    assert r.status_code == 422 and "kết quả Đạt" in r.json()["detail"]
    _post(client, f"/training/classes/{cid}/results",
          {"results": [{"participant_id": part, "result": "passed", "score": 8}]}, editor)  # fmt: skip
    r = _post(client, f"/training/classes/{cid}/certificates", {"issued_on": "2025-05-12"}, editor)
    assert r.status_code == 201 and r.json()[0]["valid_until"] == "2027-05-11"
    cert_id = r.json()[0]["id"]
    r = _post(
        client, f"/training/certificates/{cert_id}/renew", {"issued_on": "2025-06-01"}, editor
    )
    assert r.status_code == 201 and r.json()["renews_id"] == cert_id
    viewer = bearer(users.base_viewer)
    assert client.get(API + f"/training/certificates/{cert_id}", **viewer).status_code == 200
    r = _post(client, f"/training/certificates/{cert_id}/revoke", {"on": "2025-06-02",
              "reason": "Sai"}, viewer)  # fmt: skip
    assert r.status_code == 403
    sibling = bearer(users.sibling)
    for url in (f"/training/certificates/{cert_id}", f"/training/classes/{cid}",
                f"/training/classes/{cid}/participants"):  # fmt: skip
        assert client.get(API + url, **sibling).status_code == 404
    assert Certificate.objects.count() == 2


def test_an_activity_with_hours_over_the_api(users, tree, client, editor, bearer):
    presets()
    v = make_member(users.base_editor, tree.br1a, "Tạ Văn Tâm", sex="M", category="volunteer")
    today = timezone.localdate().isoformat()  # the volunteers' status is as of today
    body = {
        "kind": "relief",
        "on": today,
        "hours": [{"person_id": v.person_id, "hours": 12}],
    }
    r = _post(client, f"/units/{tree.br1a.pk}/training/activities", body, editor)
    assert r.status_code == 201 and r.json()["volunteers"] == 1
    body["hours"][0]["hours"] = 13
    r = _post(client, f"/units/{tree.br1a.pk}/training/activities", body, editor)
    assert r.status_code == 422 and "Quá 24 giờ" in r.json()["detail"]
    outsider = make_person(users.other_province, tree.b3, "Người Ngoài Phạm Vi", year=1990)
    body["hours"] = [{"person_id": outsider.pk, "hours": 2}]
    assert (
        _post(client, f"/units/{tree.br1a.pk}/training/activities", body, editor).status_code == 404
    )
    r = client.get(API + f"/units/{tree.b1.pk}/training/volunteers", **editor)
    assert r.json()["volunteers"][0]["hours"] in ("12", "12.0", 12)
    assert r.json()["volunteers"][0]["active"] and r.json()["active"] == 1
    assert VolunteerHours.objects.count() == 1
    assert client.get(
        API + f"/units/{tree.b1.pk}/training/activities", **bearer(users.sibling)
    ).status_code == 404  # fmt: skip
