"""Input cleaning at the boundary (core.inputs): control characters refused in forms and API
bodies, dropped from searches; every text bounded in length and every number in range, so that
the database never sees what it cannot hold (a 500 on PostgreSQL before)."""

import importlib
import inspect
import json
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse

from core.inputs import CleanInputsMixin, first_control, strip_controls
from members.tests.factories import make_member
from people.models import Person
from sohoi.api import api

NUL, ESC, DEL, NEL, RLO, LRI = "\x00", "\x1b", "\x7f", "\x85", "\u202e", "\u2066"
BIG = 2**63  # one past the largest 64-bit integer

API = "/api/v1"


def send(client, method, url, body, headers):
    return client.generic(method, url, json.dumps(body), content_type="application/json", **headers)


def control_errors(response) -> list[dict]:
    return [e for e in response.json()["detail"] if e["type"] == "control_character"]


# --- The helper ----------------------------------------------------------------------------------


@pytest.mark.parametrize("char", [NUL, ESC, DEL, NEL, RLO, LRI, "\u202a", "\u2069", "\ud800"])
def test_it_finds_control_characters(char):
    assert first_control(f"Nguyễn{char} Văn A") == char
    assert first_control(f"Nguyễn{char} Văn A", multiline=True) == char


def test_it_allows_tabs_and_line_breaks_only_in_multiline_text():
    assert first_control("dòng 1\r\ndòng 2\tcột", multiline=True) is None
    assert first_control("dòng 1\ndòng 2") == "\n"
    assert first_control("Nguyễn Thị Hoà, 12 Lê Duẩn — “Hải Châu”") is None


def test_a_search_drops_control_characters():
    assert strip_controls(f"ng{NUL}uy{RLO}en\tthi{ESC}") == "nguyen thi"


# --- API: control characters ---------------------------------------------------------------------


@pytest.mark.parametrize("char", [NUL, ESC, RLO])
@pytest.mark.parametrize("field", ["full_name", "address_detail", "occupation"])
def test_it_refuses_control_characters_in_a_new_person(client, tree, users, bearer, char, field):
    body = {"full_name": "Nguyễn Văn An", "sex": "M", "birth_year": 1990}
    body[field] = f"Nguyễn{char} Văn An"
    response = send(
        client, "POST", f"{API}/units/{tree.b1.pk}/people", body, bearer(users.base_editor)
    )
    assert response.status_code == 422
    (error,) = control_errors(response)
    assert error["loc"][-1] == field
    assert f"Trường “{field}” không được chứa ký tự điều khiển (U+{ord(char):04X})." == error["msg"]
    assert not Person.objects.exists()


def test_it_refuses_a_nul_in_a_fund_entry_note(client, tree, users, bearer):
    body = {
        "on": "2025-03-01",
        "amount": 100_000,
        "direction": "in",
        "category": "donation",
        "note": f"Ủng hộ{NUL}",
    }
    response = send(
        client, "POST", f"{API}/units/{tree.b1.pk}/fund/entries", body, bearer(users.base_editor)
    )
    assert response.status_code == 422
    (error,) = control_errors(response)
    assert error["loc"][-1] == "note"


def test_it_allows_line_breaks_in_a_fund_entry_note_but_not_in_a_name(client, tree, users, bearer):
    headers = bearer(users.base_editor)
    note = {"on": "2025-03-01", "amount": 1, "direction": "in", "category": "donation"}
    response = send(
        client, "POST", f"{API}/units/{tree.b1.pk}/fund/entries", note | {"note": "a\nb"}, headers
    )
    assert not any(e["type"] == "control_character" for e in response.json().get("detail", []))
    body = {"full_name": "Nguyễn\nVăn An", "sex": "M", "birth_year": 1990}
    response = send(client, "POST", f"{API}/units/{tree.b1.pk}/people", body, headers)
    assert response.status_code == 422
    assert control_errors(response)[0]["loc"][-1] == "full_name"


def test_it_searches_people_as_if_the_control_characters_were_not_there(
    client, tree, users, bearer
):
    make_member(None, tree.b1, "Nguyễn Thị Hoà")
    response = client.get(f"{API}/people", {"q": f"ho{NUL}a{RLO}"}, **bearer(users.base_viewer))
    assert response.status_code == 200
    assert [p["full_name"] for p in response.json()["items"]] == ["Nguyễn Thị Hoà"]


def test_it_searches_units_with_a_nul(client, tree, users, bearer):
    response = client.get(
        f"{API}/units/search", {"q": f"hai{NUL} chau"}, **bearer(users.base_viewer)
    )
    assert response.status_code == 200
    assert [u["id"] for u in response.json()["items"]] == [tree.b1.pk]


# --- API: numbers out of range -------------------------------------------------------------------


def _operations():
    for path, ops in api.get_openapi_schema()["paths"].items():
        for method, op in ops.items():
            yield method, path, op


PAGINATED = sorted(
    path
    for method, path, op in _operations()
    if method == "get" and any(p["name"] == "offset" for p in op.get("parameters", []))
)


def test_there_are_paginated_lists():
    assert len(PAGINATED) >= 9


@pytest.mark.parametrize("path", PAGINATED)
def test_it_refuses_an_offset_out_of_range_on_every_list(client, tree, users, bearer, path):
    url = path.replace("{unit_id}", str(tree.b1.pk))
    # (q for the one list that needs it; the others ignore it)
    response = client.get(url, {"offset": str(BIG), "q": "hoi"}, **bearer(users.superuser))
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"][-1] == "offset"
    assert error["msg"] == "Trường “offset” phải nhỏ hơn hoặc bằng 1000000000."


def test_it_refuses_a_year_out_of_range_for_indicators(client, tree, users, bearer):
    response = client.get(
        f"{API}/units/{tree.b1.pk}/indicators", {"year": "10000"}, **bearer(users.base_viewer)
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Trường “year” phải nhỏ hơn hoặc bằng 2100."


def test_it_refuses_an_id_out_of_range_in_the_ticklist(client, tree, users, bearer):
    body = {"year": 2025, "paid_on": "2025-03-01", "membership_ids": [BIG]}
    response = send(
        client, "POST", f"{API}/units/{tree.b1.pk}/dues/ticklist", body, bearer(users.base_editor)
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-2:] == ["membership_ids", 0]


def test_it_refuses_an_id_out_of_range_among_a_splits_children(client, tree, users, bearer):
    body = {
        "on": "2025-01-01",
        "parts": [{"name": "Phần 1", "children": [BIG]}, {"name": "Phần 2", "children": []}],
    }
    response = send(
        client, "POST", f"{API}/units/{tree.b1.pk}/split", body, bearer(users.central_admin)
    )
    assert response.status_code == 422
    assert "children" in response.json()["detail"][0]["loc"]


def test_it_refuses_an_id_out_of_range_in_a_path(client, tree, users, bearer):
    response = client.get(f"{API}/units/{BIG}", **bearer(users.superuser))
    assert response.status_code == 422


def _leaves(schema, components, seen=()):
    """(schema) of every scalar reachable from ``schema``, following $ref, anyOf, items."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return
        yield from _leaves(components[name], components, (*seen, name))
        return
    for key in ("anyOf", "oneOf", "allOf"):
        subs = schema.get(key, [])
        if any(sub.get("type") == "number" for sub in subs):
            # A decimal, written as a number or a string: bounded by its digits.
            subs = [sub for sub in subs if sub.get("type") != "string"]
        for sub in subs:
            yield from _leaves(sub, components, seen)
    if "items" in schema:
        yield from _leaves(schema["items"], components, seen)
    for sub in schema.get("properties", {}).values():
        yield from _leaves(sub, components, seen)
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _leaves(schema["additionalProperties"], components, seen)
    if schema.get("type") in ("string", "integer"):
        yield schema


def test_every_api_input_is_bounded():
    """Every text an API operation takes has a length bound and the control-character rule,
    every whole number a range: the rule holds for endpoints added later too."""
    document = api.get_openapi_schema()
    components = document.get("components", {}).get("schemas", {})
    unbounded = []
    for method, path, op in _operations():
        inputs = [p["schema"] for p in op.get("parameters", [])]
        for content in op.get("requestBody", {}).get("content", {}).values():
            inputs.append(content["schema"])
        for schema in inputs:
            for leaf in _leaves(schema, components):
                if leaf["type"] == "integer":
                    ok = ("minimum" in leaf and "maximum" in leaf) or "enum" in leaf
                elif "enum" in leaf or leaf.get("format") in ("date", "time", "binary"):
                    ok = True
                else:
                    checked = {"pattern", "format", "x-control-characters"} & set(leaf)
                    ok = "maxLength" in leaf and bool(checked)
                if not ok:
                    unbounded.append((method.upper(), path, leaf))
    assert unbounded == []


# --- Forms and pages -----------------------------------------------------------------------------


def _project_forms():
    root = Path(settings.BASE_DIR)
    for path in sorted(root.glob("*/forms*.py")) + sorted(root.glob("*/views*.py")):
        if ".venv" in path.parts:
            continue
        module = importlib.import_module(f"{path.parent.name}.{path.stem}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_form_of_the_project_cleans_its_inputs():
    found = list(_project_forms())
    assert len(found) > 30
    assert [
        f"{c.__module__}.{c.__name__}" for c in found if not issubclass(c, CleanInputsMixin)
    ] == []


@pytest.mark.parametrize("char", [NUL, ESC, RLO])
def test_the_new_person_page_refuses_control_characters(users, tree, login, char):
    data = {
        "full_name": f"Trần Thị{char} Hoà", "sex": "F", "birth_year": "1985", "category": "member",
        "member_unit": str(tree.br1a.pk), "joined_on": "2024-05-01", "purpose": "Quản lý hội viên",
        "given_on": "2024-05-01", "method": "written",
    }  # fmt: skip
    response = login(users.base_editor).post(reverse("people:new", args=[tree.b1.pk]), data)
    assert response.status_code == 200
    assert f"Không được chứa ký tự điều khiển (U+{ord(char):04X})" in response.content.decode()
    assert not Person.objects.exists()


def test_a_note_may_have_line_breaks_but_no_nul():
    from funds.forms import EntryForm

    assert "note" not in EntryForm({"note": "dòng 1\r\ndòng 2"}).errors
    assert EntryForm({"note": f"dòng{NUL}"}).errors["note"] == [
        "Không được chứa ký tự điều khiển (U+0000), thường lẫn vào khi sao chép từ nơi khác: "
        "hãy xoá rồi gõ lại."
    ]


def test_a_register_search_with_a_nul_finds_as_without(users, tree, login):
    make_member(None, tree.b1, "Nguyễn Thị Hoà")
    response = login(users.base_viewer).get(
        reverse("members:register", args=[tree.b1.pk]), {"q": f"hoa{NUL}"}
    )
    assert response.status_code == 200
    assert "Nguyễn Thị Hoà" in response.content.decode()


def test_a_page_answers_a_number_out_of_range_with_a_form_error(users, tree, login):
    url = reverse("indicators:denominators", args=[tree.b1.pk])
    response = login(users.base_editor).post(url, {f"{tree.b1.pk}-population": str(BIG)})
    assert response.status_code == 200
    assert "9223372036854775807" in response.content.decode()


def test_a_form_text_field_without_a_bound_gets_one():
    from indicators.forms import PlanForm

    form = PlanForm({"note": "x" * 10_001}, indicators=[])
    assert form.fields["note"].max_length == 10_000
    assert "note" in form.errors


def test_a_page_answers_a_selection_out_of_range_with_404(users, tree, login):
    m = make_member(None, tree.br1a, "Nguyễn Thị Hoà")
    client = login(users.base_editor)
    url = reverse("members:bulk", args=[tree.b1.pk])
    response = client.post(url, {"ids": [str(m.pk), str(BIG)], "action": "end"})
    assert response.status_code == 404
    url = reverse("dues:ticklist", args=[tree.b1.pk])
    response = client.post(url, {"ids": [str(BIG)], "year": "2025", "paid_on": "2025-03-01"})
    assert response.status_code == 404


def test_no_two_api_schemas_share_a_name():
    """The OpenAPI document keys its schemas by class name: two of one name describe each other's
    endpoints (clients and schemathesis then read the wrong fields and bounds)."""
    from collections import defaultdict

    from django.apps import apps
    from ninja import Schema

    ours = {
        c.name
        for c in apps.get_app_configs()
        if ".venv" not in c.path and "site-packages" not in c.path
    }
    found: set[type] = set()
    todo = [Schema]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    names: dict[str, set[str]] = defaultdict(set)
    for cls in found:
        if cls.__module__.split(".")[0] in ours:
            names[cls.__name__].add(cls.__module__)
    assert {n: sorted(m) for n, m in names.items() if len(m) > 1} == {}
    assert len(names) > 100  # the API's schemas were found
