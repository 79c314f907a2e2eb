"""Pages: dashboard, xlsx export, denominators (form and import), plans, targets, book review."""

import datetime
import io

import pytest
import xlsxwriter
from django.urls import reverse
from python_calamine import CalamineWorkbook

from core.models import AuditEvent
from indicators import figures, services
from indicators.models import Denominator, Plan, Target
from members.tests.factories import make_member

D = datetime.date


@pytest.fixture
def counted(tree, users):
    make_member(users.superuser, tree.br1a, joined=D(2023, 3, 1))
    make_member(users.superuser, tree.br2a, joined=D(2023, 3, 1))
    figures.refresh_all()


def _url(name, unit, *args):
    return reverse(f"indicators:{name}", args=[unit.pk, *args])


def test_it_shows_the_dashboard_with_child_units_and_chart_data(tree, users, login, counted):
    r = login(users.province_manager).get(_url("dashboard", tree.p1), {"year": 2024})
    assert r.status_code == 200
    html = r.content.decode()
    assert f'data-testid="row-{tree.b1.pk}"' in html
    assert f'data-testid="row-{tree.b2.pk}"' in html
    assert 'id="indicator-chart-data"' in html
    assert "<script>" not in html  # strict CSP: data only, no inline script
    rows = r.context["table"]
    assert [c.value for c in rows[0][1] if c.indicator.code == "members"] == [1]


def test_it_sorts_the_child_units_by_an_indicator(tree, users, login, counted):
    make_member(users.superuser, tree.br2a, joined=D(2023, 4, 1))
    figures.refresh_dirty()
    c = login(users.province_manager)
    asc = c.get(_url("dashboard", tree.p1), {"year": 2024, "sort": "members", "dir": "asc"})
    desc = c.get(_url("dashboard", tree.p1), {"year": 2024, "sort": "members", "dir": "desc"})
    assert [r.unit.pk for r, _c in asc.context["table"]] == [tree.b1.pk, tree.b2.pk]
    assert [r.unit.pk for r, _c in desc.context["table"]] == [tree.b2.pk, tree.b1.pk]


def test_it_lists_units_meeting_and_not_meeting_a_target(tree, users, login, counted):
    services.create_plan(actor=users.superuser, unit=tree.p1, number="01", issued_on=D(2024, 1, 1),
                         title="KH", start_year=2024, end_year=2024,
                         targets=[{"indicator": "members", "low": 1, "unit": tree.b1},
                                  {"indicator": "members", "low": 5, "unit": tree.b2}])  # fmt: skip
    r = login(users.province_manager).get(_url("dashboard", tree.p1), {"year": 2024})
    [(ind, met, not_met, *_names)] = r.context["with_targets"]
    assert ind.code == "members"
    assert [x.unit.pk for x in met] == [tree.b1.pk]
    assert [x.unit.pk for x in not_met] == [tree.b2.pk]


def test_it_exports_the_table_as_xlsx(tree, users, login, counted):
    r = login(users.province_manager).get(_url("export", tree.p1), {"year": 2024})
    assert r.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(r.content)).get_sheet_by_index(0).to_python()
    names = [row[0] for row in rows[3:]]
    assert tree.b1.name in names and tree.b2.name in names


@pytest.mark.parametrize("name", ["dashboard", "export", "denominators", "plans"])
def test_it_hides_pages_from_anonymous_and_siblings(tree, users, login, client, name):
    r = client.get(_url(name, tree.b1))
    assert r.status_code == 302 and "login" in r["Location"]
    assert login(users.sibling).get(_url(name, tree.b1)).status_code == 404


@pytest.mark.parametrize("name", ["dashboard", "export"])
def test_it_refuses_other_methods_on_read_pages(tree, users, login, name):
    assert login(users.base_manager).post(_url(name, tree.b1)).status_code == 405


def test_it_saves_denominators_from_the_page_with_an_audit_event(tree, users, login):
    c = login(users.base_editor)
    r = c.post(_url("denominators", tree.b1) + "?year=2022",
               {f"{tree.b1.pk}-population": "1200", f"{tree.br1a.pk}-households": "80"})  # fmt: skip
    assert r.status_code == 302
    assert Denominator.objects.get(unit=tree.b1, kind="population", year=2022).value == 1200
    assert Denominator.objects.get(unit=tree.br1a, kind="households").value == 80
    assert AuditEvent.objects.filter(action="indicators.denominators.set").count() == 2


def test_it_refuses_denominators_to_a_viewer(tree, users, login):
    r = login(users.base_viewer).post(_url("denominators", tree.b1) + "?year=2022",
                                      {f"{tree.b1.pk}-population": "1"})  # fmt: skip
    assert r.status_code == 403
    assert not Denominator.objects.exists()


def _sheet(rows):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for i, row in enumerate(rows):
        sheet.write_row(i, 0, row)
    book.close()
    out.seek(0)
    out.name = "mau-so.xlsx"
    return out


def test_it_imports_denominators_from_the_template(tree, users, login):
    c = login(users.base_editor)
    template = c.get(_url("denominators_template", tree.b1), {"year": 2022})
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(template.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[1][0] == tree.b1.pk
    upload = _sheet([rows[0], [tree.b1.pk, "x", 2022, 5000, 1200, "", 7]])
    r = c.post(_url("denominators_import", tree.b1), {"file": upload})
    assert r.status_code == 302
    assert Denominator.objects.get(unit=tree.b1, kind="residential_areas").value == 7
    assert AuditEvent.objects.filter(action="indicators.denominators.import").count() == 1


def test_it_refuses_an_import_naming_a_unit_outside_the_scope(tree, users, login):
    upload = _sheet([["ID"], [tree.b2.pk, "x", 2022, 1, 1, 1, 1]])
    r = login(users.base_editor).post(_url("denominators_import", tree.b1), {"file": upload})
    assert r.status_code == 302
    assert not Denominator.objects.exists()


def test_it_creates_a_plan_with_targets_for_a_manager_only(tree, users, login):
    data = {"number": "12-NQ", "issued_on": "2024-01-05", "title": "Nghị quyết năm",
            "start_year": "2024", "end_year": "2024", "t-growth_pct-low": "1", "t-growth_pct-high": "2"}  # fmt: skip
    assert login(users.base_editor).post(_url("plans", tree.b1), data).status_code == 403
    r = login(users.base_manager).post(_url("plans", tree.b1), data)
    assert r.status_code == 302
    t = Target.objects.get()
    assert (t.indicator, t.low, t.high, t.unit_id) == ("growth_pct", 1, 2, tree.b1.pk)


def test_it_sets_an_overriding_target_for_a_child_unit(tree, users, login):
    plan = services.create_plan(actor=users.superuser, unit=tree.p1, number="1", issued_on=D(2024, 1, 1),
                                title="KH", start_year=2024, end_year=2026)  # fmt: skip
    c = login(users.province_manager)
    r = c.post(_url("plan_target", tree.p1, plan.pk),
               {"unit": tree.b2.pk, "indicator": "member_ratio", "low": "3"})  # fmt: skip
    assert r.status_code == 302
    assert Target.objects.get(plan=plan).unit_id == tree.b2.pk
    assert login(users.sibling).get(_url("plan_target", tree.b1, plan.pk)).status_code == 404
    assert login(users.base_manager).post(_url("plan_target", tree.b1, plan.pk),
                                          {"unit": tree.b1.pk, "indicator": "member_ratio",
                                           "low": "1"}).status_code == 403  # fmt: skip
    assert Plan.objects.count() == 1


def test_it_records_a_book_review_of_a_base(tree, users, login):
    url = _url("review", tree.b1)
    assert (
        login(users.base_viewer)
        .post(url, {"category": "member", "reviewed_on": "2025-01-02"})
        .status_code
        == 403
    )
    assert login(users.sibling).post(url, {"category": "member"}).status_code == 404
    assert login(users.base_editor).get(url).status_code == 405
    r = login(users.base_editor).post(url, {"category": "member", "reviewed_on": "2025-01-02"})
    assert r.status_code == 302
    assert AuditEvent.objects.filter(action="indicators.book.review").count() == 1
