"""The summary report over the API: figures with codes and sources, the files; scope."""

import io

import docx
import pytest
from django.utils import translation

from reports import services
from reports.periods import parse_period

from .conftest import YEAR, report_values


@pytest.fixture(autouse=True)
def _vi():
    with translation.override("vi"):
        yield


def _path(unit, tail=""):
    return f"/api/v1/units/{unit.pk}/summary-reports/{YEAR}{tail}"


def test_the_report_as_json_has_every_figure_with_its_code_and_source(tree, users, client, bearer):
    report_values(tree.b1, blood_drives=2, blood_units=1085)
    r = client.get(_path(tree.p1), **bearer(users.province_manager))
    assert r.status_code == 200
    body = r.json()
    figs = {f["code"]: f for f in body["figures"]}
    assert figs["blood_units"]["value"] == 1085 and figs["blood_units"]["source"] == "mixed"
    assert figs["blood_units"]["reported_below"] == 1
    assert figs["volunteers"]["fdrs"] == "KPI_PeopleVol_Tot"
    assert body["saved"] is False and body["versions"] == []
    blood = next(s for s in body["sections"] if s["key"] == "blood")
    assert "1.085 đơn vị máu" in blood["text"]
    services.start_report(actor=users.province_manager, unit=tree.p1, period=parse_period("2025"))
    body = client.get(_path(tree.p1), **bearer(users.province_manager)).json()
    assert body["saved"] is True and body["versions"][0]["author"] == "tinh_ql"


def test_the_files_over_the_api(tree, users, client, bearer):
    report_values(tree.p1, blood_drives=2, blood_units=1085)
    h = bearer(users.province_manager)
    d = docx.Document(io.BytesIO(client.get(_path(tree.p1, "/docx"), **h).content))
    assert any("1.085 đơn vị máu" in p.text for p in d.paragraphs)
    assert client.get(_path(tree.p1, "/pdf"), **h).content.startswith(b"%PDF")
    r = client.get(_path(tree.p1, "/table"), {"codes": "members", "bases": True}, **h)
    assert "spreadsheetml" in r["Content-Type"]
    csv_text = client.get(_path(tree.p1, "/fdrs"), **h).content.decode("utf-8-sig")
    assert csv_text.startswith("code,indicator,sex,age_band,value")
    r = client.get(_path(tree.p1, "/fdrs"), {"format": "xlsx"}, **h)
    assert "spreadsheetml" in r["Content-Type"]


@pytest.mark.parametrize("tail", ["", "/docx", "/pdf", "/table", "/fdrs"])
def test_outside_the_scope_is_404(tree, users, client, bearer, tail):
    assert client.get(_path(tree.b1, tail), **bearer(users.sibling)).status_code == 404
    assert client.get(_path(tree.p1, tail), **bearer(users.other_province)).status_code == 404
    bad = f"/api/v1/units/{tree.p1.pk}/summary-reports/2025-H3{tail}"
    assert client.get(bad, **bearer(users.province_manager)).status_code == 404
