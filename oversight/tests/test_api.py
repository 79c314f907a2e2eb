"""The oversight API: scope, the inspection flow, scoring and commendations."""

from oversight.models import Assessment

from .factories import D, visit


def test_inspection_flow_over_the_api(users, tree, client, bearer):
    pm = bearer(users.province_manager)
    r = client.post(f"/api/v1/units/{tree.p1.pk}/oversight/plans", {
        "number": "10/KH-CTĐ", "issued_on": "2025-04-18", "year": 2025, "content": "Kiểm tra",
        "unit_ids": [tree.b1.pk], "team": [{"name": "Phạm Thị Dung", "role": "Trưởng đoàn"}],
    }, content_type="application/json", **pm)  # fmt: skip
    assert r.status_code == 201, r.content
    plan = r.json()
    r = client.post(f"/api/v1/units/{tree.b1.pk}/oversight/visits", {
        "on": "2025-10-16", "plan_id": plan["id"], "figures": {"members": 100},
        "attendees": [{"name": "Nguyễn Văn An", "organisation": "party", "role": "Bí thư"}],
        "checks": [{"item": "books", "answer": "yes"}], "strengths": "Tốt",
    }, content_type="application/json", **pm)  # fmt: skip
    assert r.status_code == 201, r.content
    v = r.json()
    assert v["figures"]["members"] == 100 and v["attendees"][0]["organisation"] == "party"
    r = client.post(f"/api/v1/oversight/visits/{v['id']}/recommendations",
                    {"text": "Cập nhật sổ", "owner_id": tree.b1.pk, "due": "2025-11-30"},
                    content_type="application/json", **pm)  # fmt: skip
    rec = r.json()
    assert r.status_code == 201 and rec["state"] == "overdue"
    be = bearer(users.base_editor)
    r = client.post(f"/api/v1/oversight/recommendations/{rec['id']}/follow-ups",
                    {"on": "2025-11-20", "note": "Xong", "done": True}, content_type="application/json", **be)  # fmt: skip
    assert r.status_code == 422  # done needs evidence
    r = client.post(f"/api/v1/oversight/recommendations/{rec['id']}/follow-ups",
                    {"on": "2025-11-20", "note": "Xong", "evidence": "Sổ ngày 20/11", "done": True},
                    content_type="application/json", **be)  # fmt: skip
    assert r.status_code == 201 and r.json()["state"] == "done"
    sib = bearer(users.sibling)
    assert client.get(f"/api/v1/oversight/visits/{v['id']}", **sib).status_code == 404
    assert client.get(f"/api/v1/oversight/plans/{plan['id']}", **sib).status_code == 404
    r = client.get(f"/api/v1/units/{tree.b1.pk}/oversight/recommendations", {"state": "done"}, **be)
    assert [x["id"] for x in r.json()] == [rec["id"]]
    cancel = f"/api/v1/oversight/visits/{v['id']}/cancel"
    assert client.post(cancel, {"reason": "x"}, content_type="application/json", **sib).status_code == 404  # fmt: skip
    assert client.post(cancel, {"reason": "x"}, content_type="application/json", **be).status_code == 403  # fmt: skip
    r = client.post(cancel, {"reason": "Ghi nhầm ngày"}, content_type="application/json", **pm)
    assert (r.json()["cancelled"], r.json()["cancel_reason"]) == (True, "Ghi nhầm ngày")
    r = client.post(f"/api/v1/oversight/plans/{plan['id']}/cancel", {"reason": "Lùi"},
                    content_type="application/json", **pm)  # fmt: skip
    assert (r.json()["cancelled"], r.json()["visit_ids"]) == (True, [])


def test_scoring_over_the_api(users, tree, client, bearer):
    pm = bearer(users.province_manager)
    r = client.post(f"/api/v1/units/{tree.p1.pk}/oversight/sheets", {"year": 2025, "preset": True},
                    content_type="application/json", **pm)  # fmt: skip
    sheet = r.json()
    assert r.status_code == 201 and len(sheet["classes"]) == 5
    assert client.post(f"/api/v1/oversight/sheets/{sheet['id']}/score", **pm).json() == {
        "scored": 2
    }
    a = Assessment.objects.get(sheet_id=sheet["id"], unit=tree.b1)
    manual = [c for c in sheet["criteria"] if c["method"] == "manual" and not any(x["parent_id"] == c["id"] for x in sheet["criteria"])]  # fmt: skip
    be = bearer(users.base_editor)
    for c in manual:
        r = client.put(f"/api/v1/oversight/assessments/{a.pk}/scores/{c['id']}", {"points": 5, "evidence": "Văn bản"},
                       content_type="application/json", **be)  # fmt: skip
        assert r.status_code == 200, r.content
    assert (
        client.post(f"/api/v1/oversight/assessments/{a.pk}/submit", **be).json()["status"]
        == "submitted"
    )
    assert client.post(f"/api/v1/oversight/assessments/{a.pk}/final", **be).status_code == 403
    r = client.post(f"/api/v1/oversight/assessments/{a.pk}/review", {"criterion_id": manual[0]["id"], "points": 3, "comment": "Thiếu"},
                    content_type="application/json", **pm)  # fmt: skip
    score = next(s for s in r.json()["scores"] if s["criterion_id"] == manual[0]["id"])
    assert score["changes"][0]["comment"] == "Thiếu" and score["self_points"] == "5.0"
    rows = client.get(
        f"/api/v1/units/{tree.p1.pk}/oversight/sheets/{sheet['id']}/ranking", **pm
    ).json()
    assert rows[0]["unit_id"] == tree.b1.pk and rows[0]["rank"] == 1
    back = f"/api/v1/oversight/assessments/{a.pk}/return"
    r = client.post(back, {"reason": "Thiếu"}, content_type="application/json", **be)
    assert r.status_code == 403
    r = client.post(back, {"reason": "Bổ sung minh chứng"}, content_type="application/json", **pm)
    assert (r.json()["status"], r.json()["return_reason"]) == ("draft", "Bổ sung minh chứng")
    r = client.post(back, {"reason": "Lần nữa"}, content_type="application/json", **pm)
    assert r.status_code == 422 and "đã gửi" in r.json()["detail"]


def test_commendations_over_the_api(users, tree, client, bearer):
    pm = bearer(users.province_manager)
    r = client.post(f"/api/v1/units/{tree.b1.pk}/oversight/commendations", {
        "year": 2025, "field": "year", "level": "province", "form": "certificate", "proposed_on": "2025-06-01",
    }, content_type="application/json", **pm)  # fmt: skip
    assert r.status_code == 201
    c = r.json()
    r = client.post(f"/api/v1/oversight/commendations/{c['id']}/decide",
                    {"number": "15/QĐ-CTĐ", "on": "2025-06-10", "issuer": "Hội CTĐ thành phố"},
                    content_type="application/json", **pm)  # fmt: skip
    assert r.json()["status"] == "decided"
    assert (
        client.get(
            f"/api/v1/units/{tree.b1.pk}/oversight/commendations", **bearer(users.sibling)
        ).status_code
        == 404
    )
    visit(users.province_manager, tree.b1, on=D(2025, 10, 16))
