"""schemathesis over the whole API (/api/v1/openapi.json): no request may end in a server error.

Every operation gets valid and invalid inputs (schemathesis' coverage phase: boundaries, huge
numbers, wrong types, missing fields; then a few random ones), once as a superuser and once with
a base viewer's token, against a small association with people, memberships, receipts, fund
entries, a plan and an import. Ids in paths and bodies that come out small are swapped for ids
that exist, so that requests reach the handlers instead of stopping at a 404; large ones are kept
(the database must never see a number it cannot hold).

Deterministic: a fixed seed, derandomised Hypothesis, no example database; a few examples per
operation, so that the run takes about a minute on two cores.
"""

import datetime
import json
import os

import hypothesis
import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from schemathesis.core import NOT_SET

from accounts.services import issue_api_token
from dues.tests.factories import exempt, pay
from dues.tests.factories import members as more_members
from funds import services as funds
from funds.models import Category, Direction, DonorKind, Frequency
from imports import services as imports
from indicators import services as indicators
from members import services as members
from members.tests.factories import make_member
from sohoi.api import api

# A little more than the coverage phase's own cases: boundaries and wrong types are all there;
# the random phase adds these many per operation and caller.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", 4))

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20260101,
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
            "no-shrink": True,
        },
        "phases": {
            "examples": {"enabled": False},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
    }
)


def _openapi() -> dict:
    return api.get_openapi_schema()


schema = schemathesis.openapi.from_dict(_openapi(), config=CONFIG)


@pytest.fixture
def world(tree, users):
    """Some of everything on b1 (and a fund transfer to its province), with the ids of each kind."""
    actor = users.base_manager
    people, memberships = [], []
    for i, unit in enumerate([tree.b1, tree.br1a, tree.br1b, tree.b1]):
        m = make_member(actor, unit, f"Nguyễn Văn Thử {i}", sex="M" if i % 2 else "F")
        people.append(m.person)
        memberships.append(m)
    left = members.end_membership(
        actor=actor,
        membership=memberships[3],
        on=datetime.date(2024, 6, 1),
        reason="resigned",
    )
    cadre = members.appoint_cadre(
        actor=actor,
        person=people[0],
        unit=tree.b1,
        position="chair",
        started_on=datetime.date(2022, 1, 1),
    )
    more_members(tree.br1b, 10)  # an exemption needs ten who pay
    payment = pay(memberships[0], actor=actor)
    exemption = exempt(memberships[1], actor=actor)
    donor = funds.create_donor(actor=actor, unit=tree.b1, kind=DonorKind.PERSON, person=people[0])
    pledge = funds.create_pledge(
        actor=actor, donor=donor, unit=tree.b1, amount=100_000,
        frequency=Frequency.MONTHLY, start=datetime.date(2025, 1, 1),
    )  # fmt: skip
    entry = funds.record_entry(
        actor=actor, unit=tree.b1, on=datetime.date(2025, 2, 1), amount=500_000,
        direction=Direction.IN, category=Category.DONATION, donor=donor, pledge=pledge,
    )  # fmt: skip
    out, inc = funds.transfer_between_units(
        actor=users.province_manager, from_unit=tree.b1, to_unit=tree.p1, amount=100_000,
        on=datetime.date(2025, 3, 1),
    )  # fmt: skip
    plan = indicators.create_plan(
        actor=users.province_manager, unit=tree.b1, number="01/KH", title="Kế hoạch năm",
        issued_on=datetime.date(2025, 1, 5), start_year=2025, end_year=2025,
    )  # fmt: skip
    csv = "Họ và tên,Năm sinh,Giới tính\nTrần Thị Nhập,1990,Nữ\n".encode()
    job = imports.create_job(
        actor=actor, unit=tree.b1, kind="member",
        upload=SimpleUploadedFile("ds.csv", csv, content_type="text/csv"),
    )  # fmt: skip
    units = [tree.b1, tree.br1a, tree.p1, tree.central, tree.br1b, tree.b2, tree.b3]
    return {
        "unit": [u.pk for u in units],
        "person": [p.pk for p in people],
        "membership": [m.pk for m in [*memberships, left]],
        "cadre": [cadre.pk],
        "payment": [payment.pk],
        "exemption": [exemption.pk],
        "entry": [entry.pk, out.pk, inc.pk],
        "donor": [donor.pk],
        "pledge": [pledge.pk],
        "plan": [plan.pk],
        "job": [job.pk],
    }


# Names of ids in paths and bodies -> the kind of row they name.
ID_KINDS = {
    "unit_id": "unit", "to_unit_id": "unit", "parent": "unit", "new_parent": "unit",
    "into": "unit", "others": "unit", "children": "unit", "root": "unit", "branch": "unit",
    "unit": "unit", "person_id": "person", "membership_id": "membership",
    "membership_ids": "membership", "cadre_id": "cadre", "payment_id": "payment",
    "exemption_id": "exemption", "entry_id": "entry", "donor_id": "donor",
    "pledge_id": "pledge", "job_id": "job",
}  # fmt: skip


def _known(value, ids):
    """A small generated id becomes one that exists; anything else is sent as generated."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 4:
        return str(ids[int(value) % len(ids)])
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 1000:
        return value
    return ids[value % len(ids)]


def _with_known_ids(container, world) -> None:
    if not isinstance(container, dict):
        return
    for name, value in list(container.items()):
        kind = ID_KINDS.get(name)
        if kind is None:
            continue
        if isinstance(value, list):
            container[name] = [_known(v, world[kind]) for v in value]
        else:
            container[name] = _known(value, world[kind])
    for part in container.get("parts", []) if isinstance(container.get("parts"), list) else []:
        _with_known_ids(part, world)


def _query(query) -> dict:
    out = {}
    for name, value in (query or {}).items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, list):
            value = [str(v).lower() if isinstance(v, bool) else v for v in value]
        out[name] = value
    return out


def send(client: Client, case, token: str, world):
    """``case`` through Django's test client (the test's transaction, exceptions re-raised)."""
    _with_known_ids(case.path_parameters, world)
    if isinstance(case.body, dict):
        _with_known_ids(case.body, world)
    kwargs = {
        "query_params": _query(case.query),
        "headers": {"Authorization": f"Bearer {token}"},
    }
    method = case.method.lower()
    body = case.body
    if body is NOT_SET:
        return client.generic(method.upper(), case.formatted_path, **kwargs)
    if case.media_type and case.media_type.startswith("multipart/"):
        data = {}
        for name, value in (body if isinstance(body, dict) else {}).items():
            if value is None:
                continue  # a form has no null: the field is left out
            if isinstance(value, bytes):
                value = SimpleUploadedFile(f"{name}.csv", value, content_type="text/csv")
            data[name] = value
        return client.generic(
            method.upper(),
            case.formatted_path,
            data=encode_multipart(BOUNDARY, data),
            content_type=MULTIPART_CONTENT,
            **kwargs,
        )
    return client.generic(
        method.upper(),
        case.formatted_path,
        data=body if isinstance(body, bytes | str) else json.dumps(body),
        content_type="application/json",
        **kwargs,
    )


@pytest.fixture(params=["superuser", "base_viewer"])
def token(request, users):
    # A base viewer's write is refused before its body is read past the input checks, which the
    # superuser's run already sends: the viewer runs the reads only (half the run's time saved,
    # the whole API being some 150 operations).
    method = request.node.name.split("[", 1)[1].split(" ", 1)[0]
    if request.param == "base_viewer" and method != "GET":
        pytest.skip("a viewer's writes: refused at the door, the superuser's run covers the inputs")
    user = getattr(users, request.param)
    _token, raw = issue_api_token(actor=user, user=user)
    return raw


# The whole API takes minutes (some 150 operations); it runs once per `make test`, on PostgreSQL,
# the stricter database (32-bit integer columns, types checked). SCHEMATHESIS_ON_SQLITE=1 runs it
# on SQLite too.
ON_SQLITE = os.environ.get("SCHEMATHESIS_ON_SQLITE") == "1"


@pytest.fixture(autouse=True)
def _on_postgresql_only():
    from django.db import connection

    if connection.vendor == "sqlite" and not ON_SQLITE:
        pytest.skip(
            "schemathesis runs in the PostgreSQL pass (SCHEMATHESIS_ON_SQLITE=1 to run here)"
        )


@schema.parametrize()
@hypothesis.settings(
    suppress_health_check=list(hypothesis.HealthCheck),
    deadline=None,
)
def test_it_answers_without_server_error(case, token, world):
    client = Client(raise_request_exception=True)
    response = send(client, case, token, world)
    assert response.status_code < 500, (case.method, case.formatted_path, response.content[:500])
