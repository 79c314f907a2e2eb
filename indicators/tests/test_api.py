"""API: catalogue, values, targets, plans, denominators; scope and roles."""

import datetime

from core.models import AuditEvent
from indicators import figures, services
from indicators.models import Denominator, Plan
from members.tests.factories import make_member

D = datetime.date


def test_it_lists_the_catalogue(tree, users, api_get):
    r = api_get(users.base_viewer, "/api/v1/indicators")
    assert r.status_code == 200
    codes = {i["code"]: i for i in r.json()}
    assert codes["volunteers"]["fdrs"] == "KPI_PeopleVol_Tot"
    assert codes["member_ratio"]["rollup"] == "ratio"


def test_it_answers_values_with_children_and_targets(tree, users, api_get):
    make_member(users.superuser, tree.br1a, joined=D(2023, 3, 1))
    figures.refresh_all()
    services.create_plan(actor=users.superuser, unit=tree.p1, number="1", issued_on=D(2024, 1, 1),
                         title="KH", start_year=2024, end_year=2024,
                         targets=[{"indicator": "members", "low": 1, "unit": tree.b1}])  # fmt: skip
    r = api_get(users.province_manager, f"/api/v1/units/{tree.p1.pk}/indicators",
                year=2024, codes="members,growth_pct", children="true")  # fmt: skip
    assert r.status_code == 200
    body = r.json()
    assert body["on"] == "2024-12-31"
    assert {v["indicator"]: v["value"] for v in body["unit"]["values"]} == {
        "members": 1,
        "growth_pct": 0.0,
    }
    b1 = next(c for c in body["children"] if c["unit"]["id"] == tree.b1.pk)
    members = next(v for v in b1["values"] if v["indicator"] == "members")
    assert members["status"] == "green" and members["target"]["plan_number"] == "1"


def test_it_answers_targets_and_plans_of_a_unit(tree, users, api_get):
    services.create_plan(actor=users.superuser, unit=tree.p1, number="9", issued_on=D(2024, 1, 1),
                         title="KH", start_year=2024, end_year=2026,
                         targets=[{"indicator": "member_ratio", "low": 2}])  # fmt: skip
    r = api_get(users.base_viewer, f"/api/v1/units/{tree.b1.pk}/targets", year=2025)
    assert [t["indicator"] for t in r.json()] == ["member_ratio"]
    r = api_get(users.base_viewer, f"/api/v1/units/{tree.b1.pk}/plans")
    assert [p["number"] for p in r.json()] == ["9"]


def test_it_hides_units_outside_the_scope(tree, users, api_get):
    from django.test import Client

    for path in ("indicators", "targets", "plans"):
        assert api_get(users.sibling, f"/api/v1/units/{tree.b1.pk}/{path}").status_code == 404
        assert Client().get(f"/api/v1/units/{tree.b1.pk}/{path}").status_code == 401


def test_it_creates_a_plan_for_a_manager_and_refuses_a_viewer(tree, users, client, bearer):
    payload = {"number": "3-NQ", "issued_on": "2024-02-01", "title": "Nghị quyết", "start_year": 2024,
               "end_year": 2024, "targets": [{"indicator": "growth_pct", "low": "1", "high": "2",
                                              "unit_id": tree.br1a.pk}]}  # fmt: skip
    url = f"/api/v1/units/{tree.b1.pk}/plans"
    r = client.post(url, payload, content_type="application/json", **bearer(users.base_viewer))
    assert r.status_code == 403
    r = client.post(url, payload, content_type="application/json", **bearer(users.sibling))
    assert r.status_code == 404
    r = client.post(url, payload, content_type="application/json", **bearer(users.base_manager))
    assert r.status_code == 201
    assert r.json()["targets"][0]["unit"]["id"] == tree.br1a.pk
    assert Plan.objects.count() == 1
    assert AuditEvent.objects.filter(action="indicators.plan.create").exists()
    r = client.delete(url, **bearer(users.base_manager))
    assert r.status_code == 405


def test_it_sets_denominators_for_an_editor(tree, users, client, bearer):
    url = f"/api/v1/units/{tree.b1.pk}/denominators"
    body = {"year": 2022, "values": {"population": 900}}
    r = client.put(url, body, content_type="application/json", **bearer(users.base_viewer))
    assert r.status_code == 403
    r = client.put(url, body, content_type="application/json", **bearer(users.base_editor))
    assert r.status_code == 200 and r.json()["changed"] == {"population": 900}
    assert Denominator.objects.get().value == 900
    r = client.put(url, {"year": 2023, "values": {"population": 1}}, content_type="application/json",
                   **bearer(users.base_editor))  # fmt: skip
    assert r.status_code == 422  # fixed for the term 2022–2027
