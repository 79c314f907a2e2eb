"""The programmes' demo behind `make run` (`demo_programmes`): made through the services in the
demo province, idempotent with --if-empty, and seen on every programme tab and in the summary
report."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from aid.models import Beneficiary, Recipient
from blood.models import Drive, Honour, Registration
from core.models import AuditEvent
from funds.models import Entry
from org.models import Unit, UnitKind
from oversight.models import Commendation, InspectionPlan, Recommendation
from projects.models import Animal, House, Loan
from reporting.models import ReportForm
from training.models import Activity, Certificate, TrainingClass

MODELS = [
    Beneficiary, Recipient, Drive, Registration, Honour, TrainingClass, Certificate, Activity,
    Animal, House, Loan, InspectionPlan, Recommendation, Commendation, ReportForm, Entry,
    AuditEvent,
]  # fmt: skip


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    quiet = io.StringIO()
    call_command("setup_demo", "--bases", "3", "--branches", "1", stdout=quiet)
    call_command("make_demo", members=600, province="48", seed=1, stdout=quiet)
    out = io.StringIO()
    call_command("demo_programmes", "--if-empty", stdout=out)
    return out.getvalue()


@pytest.fixture
def province(demo):
    return Unit.objects.get(kind=UnitKind.PROVINCE, admin_code="48", valid_to__isnull=True)


@pytest.fixture
def admin_client(client, demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_it_makes_every_programme_in_the_province_and_a_second_run_changes_nothing(demo, province):
    for line in ("Báo cáo:", "Nhân đạo:", "Hiến máu:", "Tập huấn:", "Mô hình:", "Kiểm tra, thi đua:"):  # fmt: skip
        assert line in demo
    made = counts()
    assert all(made.values()), made
    inside = {"unit__path__startswith": province.path}
    assert Beneficiary.objects.filter(**inside).count() == made["Beneficiary"]
    assert Drive.objects.filter(**inside).count() == made["Drive"] == 2
    outcomes = set(Registration.objects.values_list("outcome", flat=True))
    assert outcomes == {"donated", "deferred", "absent"}
    this_year = timezone.localdate().year
    assert {d.year for d in Drive.objects.values_list("date", flat=True)} <= {
        this_year - 1,
        this_year,
    }
    assert Animal.objects.filter(mother__mother__isnull=False).exists()  # three generations
    overdue = Recommendation.objects.filter(status="open", due__lt=timezone.localdate())
    assert overdue.exists() and Recommendation.objects.filter(status="done").exists()
    out = io.StringIO()
    call_command("demo_programmes", "--if-empty", stdout=out)
    assert "không tạo thêm" in out.getvalue()
    assert counts() == made


TABS = {
    "aid": "Tết Nhân ái",
    "blood": "Chủ nhật Đỏ",
    "training": "Sơ cấp cứu cơ bản",
    "projects": "Đang xây dựng",
    "oversight": "12/KH-CTĐ",
    "reporting": "Báo cáo thống kê năm",
}


def test_each_programme_tab_and_the_summary_report_show_the_records(admin_client, province):
    for tab, seen in TABS.items():
        page = admin_client.get(f"/u/{province.pk}/{tab}/")
        assert page.status_code == 200, tab
        assert seen in page.content.decode(), tab
    cows = admin_client.get(f"/u/{province.pk}/projects/cows/")
    assert cows.status_code == 200
    assert "BCTĐ-02" in cows.content.decode()
    # The summary report reads every figure: its blood, aid and training sentences are written.
    today = timezone.localdate()
    # This year's drive, Tết gifts and class are dated in its first months (never after today).
    year = today.year if today >= datetime.date(today.year, 4, 20) else today.year - 1
    page = admin_client.get(f"/u/{province.pk}/reports/{year}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "đợt hiến máu tình nguyện, tiếp nhận" in text
    assert "người hiến máu đạt các mốc được tôn vinh" in text
    assert "lớp tập huấn sơ cấp cứu cho" in text
    assert "tình nguyện viên tích cực" in text
    assert "suất quà trị giá" in text
