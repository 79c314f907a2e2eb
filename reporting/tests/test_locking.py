"""An approved report locks its period for the unit's subtree: a dues receipt, a membership change,
a cadre, a fund entry and an import dated inside it are refused with the message naming the
period and the approver; reopening allows them again."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from dues import services as dues
from funds.services import record_entry
from members import services as members
from members.models import EndReason
from members.tests.factories import make_member, make_person
from reporting import services

from .conftest import YEAR

INSIDE = datetime.date(YEAR, 6, 1)
AFTER = datetime.date(YEAR + 1, 1, 5)
MESSAGE = r"Kỳ báo cáo năm 2025 của Hội Chữ thập đỏ phường Hải Châu đã được tinh_ql duyệt"


@pytest.fixture
def approved(tree, users, annual, year_period):
    member = make_member(None, tree.br1a, joined=datetime.date(2020, 1, 1))
    report = services.open_report(
        actor=users.base_manager, form=annual, unit=tree.b1, period=year_period
    )
    services.submit_report(actor=users.base_manager, report=report)
    services.approve_report(actor=users.province_manager, report=report)
    return report, member


def test_a_locked_period_refuses_a_receipt(tree, approved):
    _report, m = approved
    with pytest.raises(ValidationError, match=MESSAGE):
        dues.record_payment(actor=None, membership=m, year=YEAR, paid_on=INSIDE)
    with pytest.raises(ValidationError, match=MESSAGE):
        dues.grant_exemption(
            actor=None, membership=m, year=YEAR, decision_ref="QĐ 1", decided_on=INSIDE
        )


def test_a_locked_period_refuses_membership_changes(tree, approved):
    _report, m = approved
    with pytest.raises(ValidationError, match=MESSAGE):
        members.admit_member(actor=None, person=make_person(None, tree.br1b), unit=tree.br1b,
                             category="member", joined_on=INSIDE)  # fmt: skip
    with pytest.raises(ValidationError, match=MESSAGE):
        members.end_membership(actor=None, membership=m, on=INSIDE, reason=EndReason.RESIGNED)
    with pytest.raises(ValidationError, match=MESSAGE):  # into the locked base from a sibling
        other = make_member(None, tree.br2a, joined=datetime.date(2020, 1, 1))
        members.transfer_membership(actor=None, membership=other, to_unit=tree.br1a, on=INSIDE)
    with pytest.raises(ValidationError, match=MESSAGE):
        members.appoint_cadre(actor=None, person=m.person, unit=tree.b1, position="chair",
                              started_on=INSIDE)  # fmt: skip


def test_a_locked_period_refuses_a_fund_entry(tree, approved):
    with pytest.raises(ValidationError, match=MESSAGE):
        record_entry(actor=None, unit=tree.br1a, on=INSIDE, amount=1000, direction="in",
                     category="donation")  # fmt: skip


def test_dates_after_the_period_and_other_units_stay_open(tree, approved):
    _report, m = approved
    members.end_membership(actor=None, membership=m, on=AFTER, reason=EndReason.RESIGNED)
    record_entry(
        actor=None, unit=tree.b2, on=INSIDE, amount=1000, direction="in", category="donation"
    )
    record_entry(actor=None, unit=tree.b1, on=datetime.date(YEAR, 12, 31) + datetime.timedelta(days=1),
                 amount=1000, direction="in", category="donation")  # fmt: skip
    with pytest.raises(ValidationError, match=MESSAGE):  # the period's last day is inside
        record_entry(actor=None, unit=tree.b1, on=datetime.date(YEAR, 12, 31), amount=1000,
                     direction="in", category="donation")  # fmt: skip


def test_reopening_allows_them(tree, users, approved):
    report, m = approved
    services.reopen_report(actor=users.province_manager, report=report, reason="Bổ sung biên lai")
    dues.record_payment(actor=None, membership=m, year=YEAR, paid_on=INSIDE)
    record_entry(
        actor=None, unit=tree.br1a, on=INSIDE, amount=1000, direction="in", category="donation"
    )
    members.end_membership(actor=None, membership=m, on=INSIDE, reason=EndReason.RESIGNED)


def test_an_import_writing_into_a_locked_period_is_refused_whole(
    tree, users, approved, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports import services as imports
    from imports.models import ImportJob
    from imports.tests.files import register_xlsx
    from members.models import Membership

    settings.VAR_DIR = tmp_path / "var"
    rows = [
        ("Nguyễn Văn An", 1985, "", "", "", "Chi hội tổ dân phố 1", "12/03/2010", ""),
        ("Trần Thị Bình", "", 1990, "", "", "Chi hội tổ dân phố 2", "17/05/2025", ""),
    ]
    before = Membership.objects.count()
    job = imports.create_job(actor=users.base_editor, unit=tree.b1, kind="member", mode="skip",
                             upload=SimpleUploadedFile("so.xlsx", register_xlsx(rows)))  # fmt: skip
    job = imports.analyse_job(job)
    imports.start_commit(actor=users.base_editor, job=job, enqueue=False)
    job = imports.commit_job(job.pk, users.base_editor)
    assert job.status == ImportJob.Status.FAILED
    assert "Kỳ báo cáo năm 2025 của Hội Chữ thập đỏ phường Hải Châu" in job.error_summary
    assert "17/05/2025" in job.error_summary
    assert Membership.objects.count() == before
