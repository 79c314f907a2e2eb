"""Versions with their author, a corrected figure shown as a difference to accept, the tree of a
past year, periods."""

import datetime

import pytest
from django.utils import translation

from core.models import AuditEvent
from members.tests.factories import make_member
from org.services.reorg import move_unit
from reports import services
from reports.data import collect, table
from reports.document import build_document
from reports.models import Report
from reports.periods import parse_period

from .conftest import TODAY, YEAR, report_values

PERIOD = parse_period(str(YEAR))


@pytest.fixture(autouse=True)
def _vi():
    with translation.override("vi"):
        yield


def test_a_report_starts_prefilled_and_keeps_every_saved_version_with_its_author(tree, users):
    report_values(tree.p1, blood_drives=2, blood_units=1085)
    report = services.start_report(actor=users.province_manager, unit=tree.p1, period=PERIOD)
    assert services.start_report(actor=users.superuser, unit=tree.p1, period=PERIOD) == report
    first = services.latest(report)
    assert (first.number, first.author) == (1, users.province_manager)
    assert "tiếp nhận 1.085 đơn vị máu" in first.text_of("blood")
    edited = first.text_of("blood").replace("Tổ chức", "Trong năm, toàn thành phố tổ chức")
    v2 = services.save_version(
        actor=users.superuser, report=report, texts={"blood": edited}, note="sửa câu"
    )
    assert (v2.number, v2.author, v2.note) == (2, users.superuser, "sửa câu")
    assert v2.text_of("blood").startswith("Trong năm, toàn thành phố tổ chức 2 đợt")
    assert v2.text_of("directions") == first.text_of("directions")
    assert [v.number for v in report.versions.all()] == [2, 1]
    assert first.text_of("blood") != v2.text_of("blood")  # version 1 unchanged
    assert {lk.code for lk in v2.links.filter(section="blood")} == {"blood_drives", "blood_units"}
    actions = list(
        AuditEvent.objects.filter(object_id=str(report.pk)).values_list("action", flat=True)
    )
    assert sorted(actions) == ["reports.create", "reports.version"]


def test_a_number_typed_over_a_figure_unlinks_it(tree, users):
    report_values(tree.p1, blood_drives=2, blood_units=1085)
    report = services.start_report(actor=users.superuser, unit=tree.p1, period=PERIOD)
    text = services.latest(report).text_of("blood").replace("1.085", "1.100")
    v2 = services.save_version(actor=users.superuser, report=report, texts={"blood": text})
    assert {lk.code for lk in v2.links.filter(section="blood")} == {"blood_drives"}


def test_a_later_correction_of_the_data_shows_as_a_difference_to_accept(tree, users):
    report_values(tree.p1, blood_drives=2, blood_units=1085)
    report = services.start_report(actor=users.superuser, unit=tree.p1, period=PERIOD)
    v1 = services.latest(report)
    assert services.differences(v1, collect(tree.p1, PERIOD)) == []
    report_values(tree.p1, blood_units=1120)  # the province corrects its number
    data = collect(tree.p1, PERIOD)
    diffs = services.differences(v1, data)
    assert [(d.code, d.old_shown, d.new_shown) for d in diffs] == [
        ("blood_units", "1.085", "1.120")
    ]
    v2 = services.accept_differences(actor=users.province_manager, report=report, data=data)
    assert v2 is not None and v2.number == 2 and v2.author == users.province_manager
    assert "tiếp nhận 1.120 đơn vị máu" in v2.text_of("blood")
    assert services.differences(v2, data) == []
    assert services.accept_differences(actor=users.superuser, report=report, data=data) is None


def test_a_past_year_uses_the_tree_as_it_stood_then(tree, users):
    su = users.superuser
    make_member(su, tree.b1, joined=datetime.date(2024, 3, 1))
    make_member(su, tree.b3, joined=datetime.date(2024, 3, 1))
    move_unit(actor=su, unit=tree.b1, new_parent=tree.p2, on=datetime.date(2025, 6, 1))
    report_values(tree.b1, year=2024)  # refreshes 2024
    report_values(tree.b1, year=2025)
    tree.b1.refresh_from_db()
    before = table(tree.p1, parse_period("2024"), [])[1]
    assert [u.name for u, _f in before] == [
        "Hội Chữ thập đỏ phường Hải Châu",
        "Hội Chữ thập đỏ xã Hòa Vang",
    ]
    assert collect(tree.p1, parse_period("2024")).figures["members"].value == 1
    assert collect(tree.p2, parse_period("2024")).figures["members"].value == 1
    assert collect(tree.p2, parse_period("2025")).figures["members"].value == 2
    now = table(tree.p2, parse_period("2025"), [])[1]
    assert "Hội Chữ thập đỏ phường Hải Châu" in [u.name for u, _f in now]
    # The document of 2024 names the unit above it then; of 2025, the new one.
    report = services.start_report(actor=su, unit=tree.b1, period=parse_period("2024"))
    then = build_document(report, services.latest(report), collect(tree.b1, parse_period("2024")),
                          today=TODAY)  # fmt: skip
    assert then.parent == tree.p1.name.upper()
    report = services.start_report(actor=su, unit=tree.b1, period=PERIOD)
    later = build_document(report, services.latest(report), collect(tree.b1, PERIOD), today=TODAY)
    assert later.parent == tree.p2.name.upper()


def test_a_shorter_period_is_counted_as_of_its_last_day_with_last_years_same_period(tree, users):
    su = users.superuser
    make_member(su, tree.b1, joined=datetime.date(2024, 3, 1))
    make_member(su, tree.b1, joined=datetime.date(2025, 3, 1))
    make_member(su, tree.b2, joined=datetime.date(2025, 9, 1))
    half = parse_period("2025-H1")
    data = collect(tree.p1, half, children=True)
    assert data.figures["members"].value == 2
    assert data.figures["members"].previous == 1
    assert data.figures["joined"].value == 1
    assert {u.name: f["members"].value for u, f in data.children} == {
        "Hội Chữ thập đỏ phường Hải Châu": 2,
        "Hội Chữ thập đỏ xã Hòa Vang": 0,
    }
    nine = parse_period("2025-01-01..2025-09-30")
    assert nine.label == "9 tháng đầu năm 2025"
    assert collect(tree.p1, nine).figures["members"].value == 3


def test_any_date_range_counts_what_happened_in_it_and_what_stood_on_its_last_day(tree, users):
    su = users.superuser
    make_member(su, tree.b1, joined=datetime.date(2024, 11, 1))
    make_member(su, tree.b1, joined=datetime.date(2025, 3, 1))
    make_member(su, tree.b2, joined=datetime.date(2025, 8, 1))
    q3 = parse_period("2025-07-01..2025-09-30")
    data = collect(tree.p1, q3)
    assert data.figures["members"].value == 3  # standing on 30/09
    assert data.figures["joined"].value == 1  # only August's
    assert q3.previous() == parse_period("2024-07-01..2024-09-30")
    assert data.figures["joined"].previous == 0
    # A range across the new year (the association's "năm công tác" from October).
    work_year = parse_period("2024-10-01..2025-09-30")
    data = collect(tree.p1, work_year)
    assert (data.figures["joined"].value, data.figures["members"].value) == (3, 3)
    assert data.figures["members"].previous == 0
    # The programme apps count from the period's first day too: May's visit is in no quarter
    # but the second, October's in the fourth only.
    from oversight.tests.factories import visit

    visit(users.province_manager, tree.b1, on=datetime.date(2025, 5, 16))
    visit(users.province_manager, tree.b2, on=datetime.date(2025, 10, 16))
    q4 = parse_period("2025-10-01..2025-12-31")
    assert collect(tree.p1, q3).figures["oversight_bases_inspected"].value == 0
    assert collect(tree.p1, q4).figures["oversight_bases_inspected"].value == 1
    # A congress term: the previous period is the term before it.
    term = parse_period("2022-10-01..2027-09-30")
    assert term.previous() == parse_period("2017-10-01..2022-09-30")


@pytest.mark.parametrize(
    ("key", "kind", "label"),
    [
        ("2025", "year", "năm 2025"),
        ("2025-H1", "half", "6 tháng đầu năm 2025"),
        ("2025-01-01..2025-05-15", "range", "thời gian từ 01/01/2025 đến 15/05/2025"),
        ("2025-01-01..2025-12-31", "year", "năm 2025"),
        ("2025-07-01..2025-12-31", "range", "6 tháng cuối năm 2025"),
        ("2025-07-01..2025-09-30", "range", "quý III năm 2025"),
        ("2025-03-01..2025-03-31", "range", "tháng 3 năm 2025"),
        ("2025-02-01..2025-05-01", "range", "thời gian từ 01/02/2025 đến 01/05/2025"),
        ("2022-10-01..2027-09-30", "range", "thời gian từ 01/10/2022 đến 30/09/2027"),
    ],
)
def test_periods(key, kind, label):
    p = parse_period(key)
    assert p is not None and (p.kind, p.label) == (kind, label)
    assert parse_period(p.key) == p


@pytest.mark.parametrize(
    "key",
    [
        "",
        "1999",
        "2025-H3",
        "2025-05-01..2025-02-01",
        "2015-01-01..2025-01-05",
        "1999-12-01..2000-01-31",
        "2025-13",
        "x",
    ],
)
def test_periods_refused(key):
    assert parse_period(key) is None


def test_one_report_per_unit_and_period(tree, users):
    services.start_report(actor=users.superuser, unit=tree.b1, period=PERIOD)
    services.start_report(actor=users.superuser, unit=tree.b1, period=parse_period("2025-H1"))
    assert Report.objects.filter(unit=tree.b1).count() == 2
    assert TODAY.year == YEAR + 1


def test_accepting_replaces_the_figure_not_a_digit_of_a_year(tree, users):
    report_values(tree.p1, blood_drives=2, blood_units=1085)
    report = services.start_report(actor=users.superuser, unit=tree.p1, period=PERIOD)
    text = "Trong năm 2025, toàn thành phố tổ chức 2 đợt, tiếp nhận 1.085 đơn vị máu."
    services.save_version(actor=users.superuser, report=report, texts={"blood": text})
    report_values(tree.p1, blood_drives=3)
    v = services.accept_differences(
        actor=users.superuser, report=report, data=collect(tree.p1, PERIOD)
    )
    assert v is not None
    assert v.text_of("blood") == (
        "Trong năm 2025, toàn thành phố tổ chức 3 đợt, tiếp nhận 1.085 đơn vị máu."
    )


@pytest.mark.parametrize(
    ("text", "old", "new", "nth", "out"),
    [
        ("Năm 2025 có 2 đợt.", "2", "3", 0, "Năm 2025 có 3 đợt."),
        ("1.285 và 285.", "285", "290", 0, "1.285 và 290."),
        ("có 2 đợt, 2 lớp.", "2", "4", 1, "có 2 đợt, 4 lớp."),
        ("hơn 3 tỷ đồng.", "hơn 3 tỷ đồng", "hơn 4 tỷ đồng", 0, "hơn 4 tỷ đồng."),
        ("không có số.", "7", "8", 0, "không có số."),
    ],
)
def test_replace_figure(text, old, new, nth, out):
    assert services.replace_figure(text, old, new, nth) == out
