"""Every unit page and every unit endpoint is 404 for a user of a sibling unit.

The URL patterns are enumerated from the resolver, so a page or endpoint added later is covered
without touching this file: a new ``<int:pk>`` route that forgets its access helper fails here.
"""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from sohoi.api import api


def _walk(patterns, prefix=""):
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route


def _unit_routes():
    routes = []
    for route in _walk(get_resolver().url_patterns):
        if route.startswith("api/v1/"):
            continue
        if "<int:pk>" in route:
            extra = set(re.findall(r"<(?:\w+:)?(\w+)>", route)) - {"pk"}
            if not extra:
                routes.append(route)
    return sorted(set(routes))


def _api_unit_routes():
    schema = api.get_openapi_schema()
    return sorted(
        (method.upper(), path)
        for path, methods in schema["paths"].items()
        if "{unit_id}" in path
        for method in methods
    )


# A valid body for each unsafe endpoint, so that the scope check is what answers (not body
# validation). An endpoint added without a sample here fails the test below.
ON = "2025-07-01"
SAMPLE_BODIES = {
    "/api/v1/units/{unit_id}/rename": {"name": "Tên mới", "on": ON},
    "/api/v1/units/{unit_id}/move": {"new_parent": None, "on": ON},
    "/api/v1/units/{unit_id}/merge": {"others": [], "on": ON},
    "/api/v1/units/{unit_id}/split": {
        "parts": [{"name": "A", "children": []}, {"name": "B", "children": []}],
        "on": ON,
    },
    "/api/v1/units/{unit_id}/cease": {"on": ON, "reason": "Sáp nhập"},
    "/api/v1/units/{unit_id}/reports/{form}/{key}/values": {"values": []},
    "/api/v1/units/{unit_id}/reports/{form}/{key}/submit": {},
    "/api/v1/units/{unit_id}/reports/{form}/{key}/approve": {"comment": ""},
    "/api/v1/units/{unit_id}/reports/{form}/{key}/return": {"comment": "Sai"},
    "/api/v1/units/{unit_id}/reports/{form}/{key}/reopen": {"comment": "Sai"},
    "/api/v1/units/{unit_id}/people": {"full_name": "Nguyễn Thị Hòa", "sex": "F"},
    "/api/v1/units/{unit_id}/memberships": {"person_id": 1, "category": "member", "joined_on": ON},
    "/api/v1/units/{unit_id}/cadres": {"person_id": 1, "position": "chair", "started_on": ON},
    "/api/v1/units/{unit_id}/dues/policy": {
        "year": 2025,
        "amount": 12000,
        "categories": ["member"],
    },
    "/api/v1/units/{unit_id}/dues/ticklist": {"year": 2025, "paid_on": ON, "membership_ids": [1]},
    "/api/v1/units/{unit_id}/dues/payments": {"membership_id": 1, "year": 2025, "paid_on": ON},
    "/api/v1/units/{unit_id}/dues/exemptions": {
        "membership_id": 1,
        "year": 2025,
        "decision_ref": "01/QĐ",
        "decided_on": ON,
    },
    "/api/v1/units/{unit_id}/clubs": {"name": "CLB Sơ cứu", "type": "interest", "founded_on": ON},
    "/api/v1/units/{unit_id}/fund/entries": {
        "on": ON,
        "amount": 100000,
        "direction": "in",
        "category": "donation",
    },
    "/api/v1/units/{unit_id}/fund/transfers": {"to_unit_id": 1, "on": ON, "amount": 100000},
    "/api/v1/units/{unit_id}/fund/close": {"through": ON},
    "/api/v1/units/{unit_id}/fund/donors": {"kind": "organisation", "name": "Công ty A"},
    "/api/v1/units/{unit_id}/fund/pledges": {
        "donor_id": 1,
        "amount": 20000,
        "frequency": "monthly",
        "start": ON,
    },
    "/api/v1/units/{unit_id}/plans": {
        "number": "01/NQ",
        "issued_on": ON,
        "title": "Nghị quyết",
        "start_year": 2025,
        "end_year": 2025,
    },
    "/api/v1/units/{unit_id}/denominators": {"year": 2025, "values": {}},
    "/api/v1/units/{unit_id}/blood/drives": {
        "date": ON,
        "site": "Nhà văn hoá",
        "centre": "Bệnh viện",
        "campaign": "red_sunday",
    },
    "/api/v1/units/{unit_id}/blood/rules": {"effective_from": ON, "source": "QĐ"},
    "/api/v1/units/{unit_id}/aid/categories": {"name": "Hộ có người tâm thần"},
    "/api/v1/units/{unit_id}/aid/beneficiaries": {
        "since": ON,
        "full_name": "Nguyễn Thị Hoa",
        "birth_year": 1950,
        "sex": "F",
    },
    "/api/v1/units/{unit_id}/aid/assistance": {
        "person_id": 1,
        "on": ON,
        "cash": 100000,
        "description": "Gạo",
        "source": "fund",
    },
    "/api/v1/units/{unit_id}/aid/campaigns": {
        "name": "Tết Nhân ái",
        "kind": "tet",
        "start": ON,
        "end": ON,
    },
    "/api/v1/units/{unit_id}/training/courses": {
        "code": "X1",
        "name": "Khoá",
        "kind": "other",
        "hours": 8,
    },
    "/api/v1/units/{unit_id}/training/classes": {"course_id": 1, "starts_on": ON, "ends_on": ON},
    "/api/v1/units/{unit_id}/training/activities": {
        "kind": "relief",
        "on": ON,
        "hours": [{"person_id": 1, "hours": 4}],
    },
    "/api/v1/units/{unit_id}/oversight/plans": {
        "number": "10/KH-CTĐ",
        "issued_on": ON,
        "year": 2025,
        "content": "Kiểm tra",
        "all_bases": True,
    },
    "/api/v1/units/{unit_id}/oversight/visits": {"on": ON},
    "/api/v1/units/{unit_id}/oversight/sheets": {"year": 2025, "preset": True},
    "/api/v1/units/{unit_id}/oversight/commendations": {
        "year": 2025,
        "field": "year",
        "level": "province",
        "form": "certificate",
        "proposed_on": ON,
    },
    "/api/v1/units/{unit_id}/projects/cow-rule": {"calf_number": 1, "since": ON},
    "/api/v1/units/{unit_id}/projects/animals": {"acquired_on": ON},
    "/api/v1/units/{unit_id}/projects/waiting": {"household_id": 1, "since": ON},
    "/api/v1/units/{unit_id}/projects/houses": {
        "household_id": 1,
        "kind": "new",
        "location": "Thôn 1",
        "on": ON,
    },
    "/api/v1/units/{unit_id}/projects/groups": {"name": "Tổ vốn", "founded_on": ON},
    "/api/v1/units/{unit_id}/projects/events": {
        "kind": "checkup",
        "on": ON,
        "place": "Trạm y tế",
        "count": 1,
    },
}
# Endpoints that take a file upload (multipart) instead of JSON.
MULTIPART = {"/api/v1/units/{unit_id}/imports"}


UNIT_ROUTES = _unit_routes()
API_ROUTES = _api_unit_routes()


def test_it_found_the_unit_routes():
    # Guard against the enumeration silently finding nothing.
    assert {"u/<int:pk>/", "u/<int:pk>/audit/", "u/<int:pk>/users/"} <= set(UNIT_ROUTES)
    assert ("GET", "/api/v1/units/{unit_id}") in API_ROUTES


@pytest.mark.parametrize("route", UNIT_ROUTES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_hides_every_unit_page_from_a_sibling(route, method, tree, users, login):
    client = login(users.sibling)
    for unit in (tree.b1, tree.br1a):
        url = "/" + route.replace("<int:pk>", str(unit.pk))
        response = getattr(client, method)(url)
        # 405 is fine too: the method is refused before anything is looked up or shown.
        assert response.status_code in (404, 405), (url, response.status_code)


@pytest.mark.parametrize(("method", "path"), API_ROUTES)
def test_it_hides_every_unit_endpoint_from_a_sibling(method, path, tree, users, client, bearer):
    body = {}
    url = path.replace("{unit_id}", str(tree.b1.pk))
    url = url.replace("{form}", "rc-annual").replace("{key}", "2025")  # reporting's
    if path in MULTIPART:
        upload = SimpleUploadedFile("hoi_vien.csv", "Họ và tên\nNguyễn Thị Hòa\n".encode())
        response = client.post(url, {"file": upload}, **bearer(users.sibling))
        assert response.status_code == 404, (method, url, response.status_code, response.content)
        return
    if method != "GET":
        assert path in SAMPLE_BODIES, f"add a sample body for {method} {path}"
        body = dict(SAMPLE_BODIES[path])
        if "new_parent" in body:
            body["new_parent"] = tree.p1.pk
    response = client.generic(
        method, url, json.dumps(body), content_type="application/json", **bearer(users.sibling)
    )
    assert response.status_code == 404, (method, url, response.status_code, response.content)
