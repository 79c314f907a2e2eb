"""The reporting cycle's rules: reported values replace computed ones for their unit only and roll
up, sources are shown, rules block or want a note, approval at two levels locks the period, a
return and a reopen."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from indicators import figures as ind_figures
from indicators import selectors as ind_selectors
from indicators.catalogue import BY_CODE
from members.tests.factories import make_member
from org.models import PeriodLock
from reporting import services
from reporting.models import ReportEvent, Status

from .conftest import TODAY, YEAR

JOINED = datetime.date(2024, 3, 1)


def _submit(actor, form, unit, period, **values):
    report = services.open_report(actor=actor, form=form, unit=unit, period=period)
    for code, value in values.items():
        services.save_value(actor=actor, report=report, code=code, value=value)
    return services.submit_report(actor=actor, report=report)


def _members(unit, year=YEAR):
    ind_figures.refresh_year(year, today=TODAY)
    row = ind_selectors.values([unit], year, [BY_CODE["members"]])[0]
    return row.cells["members"]


def test_it_replaces_the_computed_value_for_its_unit_only_and_rolls_up(
    tree, users, annual, year_period
):
    su = users.superuser
    make_member(su, tree.br1a, joined=JOINED)
    make_member(su, tree.b1, joined=JOINED)
    make_member(su, tree.b2, joined=JOINED)
    assert _members(tree.b1).value == 2
    _submit(users.base_manager, annual, tree.b1, year_period, members=100)
    b1 = _members(tree.b1)
    assert (b1.value, b1.source) == (100, "reported")
    branch = _members(tree.br1a)  # below the reporting unit: still its records
    assert (branch.value, branch.source) == (1, "records")
    sibling = _members(tree.b2)
    assert (sibling.value, sibling.source) == (1, "records")
    province = _members(tree.p1)
    assert (province.value, province.source, province.reported_below) == (101, "mixed", 1)
    assert _members(tree.central).value == 101
    # A unit above that reports its own number replaces the sum again, for itself only.
    _submit(users.province_manager, annual, tree.p1, year_period, members=500)
    assert (_members(tree.p1).value, _members(tree.p1).source) == (500, "reported")
    assert (_members(tree.b1).value, _members(tree.b2).value) == (100, 1)


def test_it_reports_a_number_that_exists_only_as_reported(tree, users, annual, year_period):
    _submit(
        users.base_manager,
        annual,
        tree.b1,
        year_period,
        relief_people=40,
        blood_units=40,
        blood_donors=30,
    )
    _submit(users.sibling, annual, tree.b2, year_period, relief_people=10)
    ind_figures.refresh_year(YEAR, today=TODAY)
    p1 = services.open_report(
        actor=users.province_manager, form=annual, unit=tree.p1, period=year_period
    )
    lines = {x.item.code: x for x in services.report_lines(p1)}
    relief = lines["relief_people"]
    assert (relief.value, relief.source, relief.figure.below) == (50, "mixed", 2)
    assert not relief.computed and relief.typeable
    # Blood units are counted by the blood app: a base's typed number replaces its records.
    blood = lines["blood_units"]
    assert (blood.value, blood.source, blood.figure.below, blood.computed) == (40, "mixed", 1, True)


def test_the_dashboard_and_api_say_the_source(tree, users, annual, year_period, client):
    make_member(users.superuser, tree.b2, joined=JOINED)
    _submit(users.base_manager, annual, tree.b1, year_period, members=7)
    ind_figures.refresh_year(YEAR, today=TODAY)
    client.force_login(users.province_manager)
    r = client.get(
        f"/api/v1/units/{tree.p1.pk}/indicators", {"year": YEAR, "codes": "members", "children": 1}
    )
    body = r.json()
    assert body["unit"]["values"][0] == {
        **body["unit"]["values"][0],
        "value": 8,
        "source": "mixed",
        "reported_units": 1,
    }
    kids = {c["unit"]["id"]: c["values"][0] for c in body["children"]}
    assert kids[tree.b1.pk]["source"] == "reported"
    assert kids[tree.b2.pk]["source"] == "records"
    page = client.get(f"/u/{tree.p1.pk}/indicators/", {"year": YEAR}).content.decode()
    assert "hồ sơ và số báo cáo (1 đơn vị cấp dưới báo cáo)" in page
    assert 'title="số báo cáo">7*</span>' in page


def test_errors_block_and_warnings_need_a_note(tree, users, annual, year_period):
    actor = users.base_manager
    report = services.open_report(actor=actor, form=annual, unit=tree.b1, period=year_period)
    services.save_value(actor=actor, report=report, code="members", value=10)
    services.save_value(actor=actor, report=report, code="members_female", value=11)
    with pytest.raises(ValidationError, match="Hội viên nữ không thể nhiều hơn hội viên"):
        services.submit_report(actor=actor, report=report)
    services.save_value(actor=actor, report=report, code="members_female", value=10)
    services.save_value(actor=actor, report=report, code="blood_donors", value=10)
    services.save_value(actor=actor, report=report, code="blood_units", value=21)
    with pytest.raises(ValidationError, match="Đơn vị máu không thể quá 2 lần"):
        services.submit_report(actor=actor, report=report)
    services.save_value(
        actor=actor, report=report, code="blood_units", value=20
    )  # the edge: allowed
    # Last year's report had 1 gift; 11 is more than ten times: a warning, which wants a note.
    last = services.open_report(
        actor=actor, form=annual, unit=tree.b1, period=year_period.previous()
    )
    services.save_value(actor=actor, report=last, code="relief_people", value=1)
    services.save_value(actor=actor, report=report, code="relief_people", value=11)
    with pytest.raises(ValidationError, match="cần ghi chú"):
        services.submit_report(actor=actor, report=report)
    services.save_value(
        actor=actor, report=report, code="relief_people", value=11, note="Đợt Tết lớn"
    )
    assert services.submit_report(actor=actor, report=report).status == Status.SUBMITTED


def test_a_ten_fold_jump_exactly_is_no_warning(tree, users, annual, year_period):
    actor = users.base_manager
    last = services.open_report(
        actor=actor, form=annual, unit=tree.b1, period=year_period.previous()
    )
    services.save_value(actor=actor, report=last, code="relief_people", value=3)
    report = _submit(actor, annual, tree.b1, year_period, relief_people=30)
    assert report.status == Status.SUBMITTED


def test_a_rate_is_never_typed_and_numbers_are_bounded(tree, users, forms, year_period):
    from reporting.models import FormItem

    form = forms["rc-annual"]
    FormItem.objects.create(form=form, code="dues_rate", position=99)
    report = services.open_report(
        actor=users.base_manager, form=form, unit=tree.b1, period=year_period
    )
    with pytest.raises(ValidationError, match="tỷ lệ"):
        services.save_value(actor=users.base_manager, report=report, code="dues_rate", value=5)
    with pytest.raises(ValidationError, match="không được âm"):
        services.save_value(actor=users.base_manager, report=report, code="relief_people", value=-1)
    with pytest.raises(ValidationError, match="không có chỉ tiêu"):
        services.save_value(actor=users.base_manager, report=report, code="nope", value=1)


def test_a_branch_does_not_fill_a_base_form(tree, users, annual, year_period):
    with pytest.raises(ValidationError, match="không lập biểu mẫu"):
        services.open_report(
            actor=users.base_manager, form=annual, unit=tree.br1a, period=year_period
        )


def test_approval_at_two_levels_locks_the_period(tree, users, annual, year_period):
    report = _submit(users.base_manager, annual, tree.b1, year_period, relief_people=3)
    assert [u.pk for u in services.approver_units(report)] == [tree.p1.pk, tree.central.pk]
    with pytest.raises(PermissionDenied):  # the base cannot approve its own report
        services.approve_report(actor=users.base_manager, report=report)
    report = services.approve_report(actor=users.province_manager, report=report)
    assert (report.status, report.step) == (Status.SUBMITTED, 1)
    lock = PeriodLock.objects.get(unit=tree.b1, reopened_at__isnull=True)
    assert (lock.start, lock.end, lock.locked_by) == (
        datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31), users.province_manager,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):  # the province approved already: the central is next
        services.approve_report(actor=users.province_manager, report=report)
    report = services.approve_report(actor=users.central_admin, report=report)
    assert report.status == Status.APPROVED
    assert [e.action for e in ReportEvent.objects.filter(report=report)] == [
        "submit",
        "approve",
        "approve",
    ]
    assert PeriodLock.objects.filter(unit=tree.b1, reopened_at__isnull=True).count() == 1
    assert AuditEvent.objects.filter(action="reporting.approve").count() == 2


def test_a_sibling_cannot_approve_or_return(tree, users, annual, year_period):
    report = _submit(users.base_manager, annual, tree.b1, year_period)
    for who in (users.sibling, users.other_province):
        with pytest.raises(PermissionDenied):
            services.approve_report(actor=who, report=report)
        with pytest.raises(PermissionDenied):
            services.return_report(actor=who, report=report, comment="Sai")


def test_a_return_sends_it_back_with_the_comment(tree, users, annual, year_period):
    report = _submit(users.base_manager, annual, tree.b1, year_period)
    with pytest.raises(ValidationError, match="lý do"):
        services.return_report(actor=users.province_manager, report=report, comment=" ")
    report = services.return_report(
        actor=users.province_manager, report=report, comment="Thiếu số quà"
    )
    assert (report.status, report.comment) == (Status.RETURNED, "Thiếu số quà")
    services.save_value(actor=users.base_manager, report=report, code="relief_people", value=2)
    assert (
        services.submit_report(actor=users.base_manager, report=report).status == Status.SUBMITTED
    )


def test_approved_values_are_locked_and_reopening_allows_them(tree, users, annual, year_period):
    report = _submit(users.base_manager, annual, tree.b1, year_period, relief_people=3)
    services.approve_report(actor=users.province_manager, report=report)
    with pytest.raises(ValidationError):
        services.save_value(actor=users.base_manager, report=report, code="relief_people", value=4)
    with pytest.raises(PermissionDenied):  # only a level that approved it
        services.reopen_report(actor=users.base_manager, report=report, reason="Sửa")
    with pytest.raises(ValidationError, match="lý do"):
        services.reopen_report(actor=users.province_manager, report=report, reason="")
    report = services.reopen_report(
        actor=users.province_manager, report=report, reason="Sai số quà"
    )
    lock = PeriodLock.objects.get(unit=tree.b1)
    assert (lock.reopened_by, lock.reopen_reason) == (users.province_manager, "Sai số quà")
    assert report.status == Status.REOPENED
    services.save_value(actor=users.base_manager, report=report, code="relief_people", value=4)
    assert AuditEvent.objects.filter(action="reporting.reopen", data__reason="Sai số quà").exists()


def test_a_locked_province_locks_its_bases_reports(tree, users, annual, year_period):
    base = services.open_report(
        actor=users.base_manager, form=annual, unit=tree.b1, period=year_period
    )
    prov = _submit(users.province_manager, annual, tree.p1, year_period)
    services.approve_report(actor=users.central_admin, report=prov)
    with pytest.raises(ValidationError, match="đã được .* duyệt"):
        services.save_value(actor=users.base_manager, report=base, code="relief_people", value=1)


def test_approving_many_at_once(tree, users, annual, year_period):
    a = _submit(users.base_manager, annual, tree.b1, year_period)
    b = _submit(users.sibling, annual, tree.b2, year_period)
    assert services.approve_reports(actor=users.province_manager, reports=[a, b]) == 2
    assert PeriodLock.objects.filter(unit__in=[tree.b1, tree.b2]).count() == 2


def test_a_province_adds_an_item_for_its_own_units_only(tree, users, annual, year_period):
    item = services.add_item(actor=users.province_manager, form=annual, unit=tree.p1,
                             name="Hộ được hỗ trợ sinh kế", value_type="count")  # fmt: skip
    codes = lambda unit: {i.code for i in services.items_for(annual, unit)}  # noqa: E731
    assert item.code in codes(tree.b1) and item.code in codes(tree.p1)
    assert item.code not in codes(tree.b3) and item.code not in codes(tree.p2)
    report = services.open_report(
        actor=users.base_manager, form=annual, unit=tree.b1, period=year_period
    )
    services.save_value(actor=users.base_manager, report=report, code=item.code, value=4)
    other = services.open_report(
        actor=users.other_province, form=annual, unit=tree.b3, period=year_period
    )
    with pytest.raises(ValidationError, match="không có chỉ tiêu"):
        services.save_value(actor=users.other_province, report=other, code=item.code, value=4)
    with pytest.raises(PermissionDenied):
        services.add_item(
            actor=users.base_manager, form=annual, unit=tree.p1, name="X", value_type="count"
        )
    with pytest.raises(ValidationError, match="Chỉ cấp duyệt"):
        services.add_item(
            actor=users.base_manager, form=annual, unit=tree.br1a, name="X", value_type="count"
        )


def test_bases_reporting_on_time_is_an_indicator(tree, users, annual, year_period):
    import datetime as dt

    from django.utils import timezone

    on_time = _submit(users.base_manager, annual, tree.b1, year_period)
    late = _submit(users.sibling, annual, tree.b2, year_period)
    Report = type(on_time)
    Report.objects.filter(pk=on_time.pk).update(
        submitted_at=timezone.make_aware(dt.datetime(YEAR + 1, 1, 15, 20))
    )
    Report.objects.filter(pk=late.pk).update(
        submitted_at=timezone.make_aware(dt.datetime(YEAR + 1, 1, 16, 8))
    )
    services._publish(
        list(Report.objects.filter(pk__in=[on_time.pk, late.pk]).select_related("form", "unit"))
    )
    ind_figures.refresh_year(YEAR, today=TODAY)
    ind = BY_CODE["bases_reporting_on_time_pct"]
    rows = ind_selectors.values([tree.p1, tree.b1, tree.b2, tree.p2], YEAR, [ind])
    assert [r.cells[ind.code].value for r in rows] == [50.0, 100.0, 0.0, 0.0]
