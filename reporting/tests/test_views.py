"""The reporting pages: entry (saves as you go), submit, the province's table of its bases with
approval, what waits for me, scope, and the xlsx round trip of a province form."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from indicators import figures as ind_figures
from members.tests.factories import make_member
from org.models import PeriodLock
from reporting import services
from reporting.models import Report, ReportValue, Status

from .conftest import TODAY, YEAR


def _url(unit, key=str(YEAR), form="rc-annual", tail=""):
    return f"/u/{unit.pk}/reporting/{form}/{key}/{tail}"


def test_the_entry_page_shows_computed_values_read_only_and_saves_as_you_go(
    tree, users, forms, login
):
    make_member(None, tree.b1, joined=__import__("datetime").date(2024, 1, 1))
    ind_figures.refresh_year(YEAR, today=TODAY)
    c = login(users.base_editor)
    page = c.get(_url(tree.b1)).content.decode()
    assert 'data-testid="value-members">1<' in page
    assert "Nhập số báo cáo thay cho số từ hồ sơ" in page  # the computed value is not an input
    assert not Report.objects.exists()  # a read writes nothing
    r = c.post(
        _url(tree.b1, tail="value/"),
        {"code": "relief_people", "value": "8.578", "note": ""},
        HTTP_HX_REQUEST="true",
    )
    body = r.content.decode()
    assert r.status_code == 200 and 'data-testid="saved-relief_people"' in body and "8.578" in body
    assert ReportValue.objects.get(code="relief_people").value == 8578
    r = c.post(
        _url(tree.b1, tail="value/"),
        {"code": "relief_people", "value": "-3"},
        HTTP_HX_REQUEST="true",
    )
    assert "Hãy nhập một số nguyên không âm" in r.content.decode()
    assert ReportValue.objects.get(code="relief_people").value == 8578


def test_a_viewer_cannot_type_and_an_outsider_sees_nothing(tree, users, forms, login):
    r = login(users.base_viewer).post(
        _url(tree.b1, tail="value/"), {"code": "relief_people", "value": "1"}
    )
    assert r.status_code == 403
    assert login(users.sibling).get(_url(tree.b1)).status_code == 404
    assert login(users.base_editor).get(_url(tree.b1, key="2025-13")).status_code == 404
    assert login(users.base_editor).get(_url(tree.b1, form="nope")).status_code == 404


def test_submit_then_the_province_approves_from_its_table(tree, users, forms, login):
    c = login(users.base_editor)
    c.post(_url(tree.b1, tail="value/"), {"code": "relief_people", "value": "12"})
    r = c.post(_url(tree.b1, tail="submit/"), follow=True)
    assert "Đã nộp báo cáo năm 2025" in r.content.decode()
    report = Report.objects.get(unit=tree.b1)
    assert report.status == Status.SUBMITTED
    p = login(users.province_manager)
    waiting = p.get("/reporting/waiting/").content.decode()
    assert tree.b1.name in waiting
    table = p.get(_url(tree.p1, tail="units/")).content.decode()
    assert (
        f'data-testid="pick-{tree.b1.pk}"' in table
        and f'data-testid="pick-{tree.b2.pk}"' not in table
    )
    assert f'data-testid="row-{tree.b2.pk}"' in table  # a base that has not reported: listed
    r = p.post(_url(tree.p1, tail="units/approve/"), {"report": [report.pk]}, follow=True)
    assert "Đã duyệt 1 báo cáo" in r.content.decode()
    report.refresh_from_db()
    assert report.step == 1 and PeriodLock.objects.filter(unit=tree.b1).exists()
    # The base sees the lock: typing is refused with the period and who approved.
    r = c.post(_url(tree.b1, tail="value/"), {"code": "relief_people", "value": "13"}, follow=True)
    assert "không sửa được" in r.content.decode()


def test_a_sibling_cannot_approve_through_the_table(tree, users, forms, login):
    report = services.open_report(actor=users.base_editor, form=forms["rc-annual"], unit=tree.b1,
                                  period=report_period())  # fmt: skip
    services.submit_report(actor=users.base_editor, report=report)
    r = login(users.other_province).post(
        _url(tree.p1, tail="units/approve/"), {"report": [report.pk]}
    )
    assert r.status_code == 404
    r = login(users.sibling).post(_url(tree.b1, tail="approve/"))
    assert r.status_code == 404
    report.refresh_from_db()
    assert report.step == 0


def report_period():
    from reporting.periods import parse_period

    return parse_period("year", str(YEAR))


def test_an_xlsx_round_trip_of_a_province_form(tree, users, forms, login):
    c = login(users.province_manager)
    services.save_value(
        actor=users.base_editor,
        report=services.open_report(actor=users.base_editor, form=forms["rc-annual"], unit=tree.b1,
                                    period=report_period()),
        code="relief_people", value=5,
    )  # fmt: skip
    r = c.get(_url(tree.p1, tail="xlsx/"))
    assert r.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(r.content)).get_sheet_by_index(0).to_python()
    codes = rows[3]
    ids = [row[0] for row in rows[4:]]
    assert ids == [tree.p1.pk, tree.b1.pk, tree.b2.pk]
    relief = codes.index("relief_people")
    assert rows[5][relief] == 5
    # Unchanged, the file writes nothing; a province fills its bases' numbers in Excel.
    up = c.post(
        _url(tree.p1, tail="xlsx/upload/"),
        {"file": SimpleUploadedFile("a.xlsx", r.content)},
        follow=True,
    )
    assert "Đã nhập 0 số liệu" in up.content.decode()
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for n, row in enumerate(rows):
        for col, v in enumerate(row):
            sheet.write(n, col, v)
    sheet.write(5, relief, 7)  # b1: 5 → 7
    sheet.write(6, relief, "1.085")  # b2: typed with a thousands dot
    sheet.write(6, codes.index("members"), 40)
    book.close()
    up = c.post(
        _url(tree.p1, tail="xlsx/upload/"),
        {"file": SimpleUploadedFile("a.xlsx", out.getvalue())},
        follow=True,
    )
    assert "Đã nhập 3 số liệu" in up.content.decode()
    got = {
        (v.report.unit_id, v.code): v.value for v in ReportValue.objects.select_related("report")
    }
    assert got == {
        (tree.b1.pk, "relief_people"): 7,
        (tree.b2.pk, "relief_people"): 1085,
        (tree.b2.pk, "members"): 40,
    }
    # A bad cell refuses the whole file, naming the line.
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for n, row in enumerate(rows):
        for col, v in enumerate(row):
            sheet.write(n, col, v)
    sheet.write(5, relief, 9)
    sheet.write(6, relief, "nhiều")
    book.close()
    up = c.post(
        _url(tree.p1, tail="xlsx/upload/"),
        {"file": SimpleUploadedFile("a.xlsx", out.getvalue())},
        follow=True,
    )
    assert "Dòng 7, relief_people" in up.content.decode()
    assert ReportValue.objects.get(report__unit=tree.b1, code="relief_people").value == 7


@pytest.mark.parametrize("path", ["", "units/"])
def test_the_pages_have_a_fixed_number_of_queries(
    tree, users, forms, login, django_assert_max_num_queries, path
):
    c = login(users.province_manager)
    c.get(_url(tree.p1, tail=path))
    with django_assert_max_num_queries(40):
        assert c.get(_url(tree.p1, tail=path)).status_code == 200


def test_the_bell_counts_what_waits_for_me(tree, users, forms, login):
    assert login(users.province_manager).get("/reporting/waiting/badge/").content.strip() == b""
    report = services.open_report(actor=users.base_editor, form=forms["rc-annual"], unit=tree.b1,
                                  period=report_period())  # fmt: skip
    services.submit_report(actor=users.base_editor, report=report)
    body = login(users.province_manager).get("/reporting/waiting/badge/").content.decode()
    assert 'data-testid="waiting-badge"' in body and "</span> 1</a>" in body
    assert login(users.base_editor).get("/reporting/waiting/badge/").content.strip() == b""
    assert login(users.sibling).get("/reporting/waiting/badge/").content.strip() == b""
    page = login(users.province_manager).get(f"/u/{tree.p1.pk}/").content.decode()
    assert 'hx-get="/reporting/waiting/badge/"' in page


def test_a_province_enters_the_report_of_a_base_that_does_not_use_sohoi(tree, users, forms, login):
    make_member(None, tree.b2, joined=__import__("datetime").date(2024, 1, 1))
    ind_figures.refresh_year(YEAR, today=TODAY)
    c = login(users.province_manager)
    assert "?on_behalf=1" in c.get(_url(tree.p1, tail="units/")).content.decode()
    page = c.get(_url(tree.b2) + "?on_behalf=1").content.decode()
    assert 'data-testid="on-behalf"' in page
    assert 'data-testid="input-members"' in page  # every count typed, none from the records
    assert "Nhập số báo cáo thay cho số từ hồ sơ" not in page
    c.post(_url(tree.b2, tail="value/"), {"code": "members", "value": "30", "on_behalf": "1"})
    report = Report.objects.get(unit=tree.b2)
    assert report.on_behalf and report.values.get(code="members").value == 30
    # The base's own editor does not get the mark by adding the parameter.
    Report.objects.all().delete()
    page = login(users.sibling).get(_url(tree.b2) + "?on_behalf=1").content.decode()
    assert 'data-testid="on-behalf"' not in page
