"""Score sheets: automatic criteria at their thresholds, manual scores with evidence, review
changes kept with comments, classification edges, ranking; set-based scoring."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from funds import services as fund_services
from indicators.figures import refresh_year
from indicators.models import ReportedValue
from oversight import services
from oversight.models import Assessment, Score, ScoreChange
from oversight.presets import create_seed000_sheet
from oversight.scoring import classify, points_for, score_sheet
from oversight.selectors import ranking

from .factories import D, sheet, visit

P = Decimal


@pytest.mark.parametrize(
    ("value", "points"),
    [(None, 0), (79.9, 0), (80, 10), (100, 10), (0.99, 0)],
)
def test_threshold_edges(value, points):
    assert points_for({"thresholds": [[80, 10]]}, value, P(10)) == P(points)


@pytest.mark.parametrize(("value", "points"), [(0.5, 0), (1, 10), (2, 10), (2.01, 0)])
def test_band_edges(value, points):  # member growth 1–2% → 10
    assert points_for({"thresholds": [[1, 10, 2]]}, value, P(10)) == P(points)


@pytest.mark.parametrize(
    ("value", "points"), [(40, "0"), (50, "0"), (65, "5.0"), (80, "10"), (95, "10")]
)
def test_linear_scale(value, points):
    assert points_for({"linear": [50, 80]}, value, P(10)) == P(points)


CRITERIA = [
    {"number": "1", "text": "Quỹ nhân đạo từ 5.000.000 đ", "max_points": 5, "method": "indicator",
     "indicator": "fund_balance", "rule": {"thresholds": [[5_000_000, 5]]}},
    {"number": "2", "text": "Được kiểm tra", "max_points": 5, "method": "indicator",
     "indicator": "oversight_bases_inspected_pct", "rule": {"thresholds": [[100, 5]]}},
    {"number": "3", "text": "Số buổi sinh hoạt (báo cáo)", "max_points": 10, "method": "reported",
     "indicator": "meetings", "rule": {"linear": [0, 12]}},
    {"number": "4", "text": "Hoạt động", "children": [
        {"number": "4.1", "text": "Nghị quyết chuyên đề", "max_points": 80},
    ]},
]  # fmt: skip


def _give(actor, unit, amount):
    fund_services.record_entry(actor=actor, unit=unit, on=D(2025, 3, 1), amount=amount,
                               direction="in", category="donation")  # fmt: skip


def test_automatic_criteria_from_the_data(users, tree):
    pm = users.province_manager
    _give(pm, tree.b1, 5_000_000)
    _give(pm, tree.b2, 4_999_999)
    visit(pm, tree.b1)
    ReportedValue.objects.create(unit=tree.b2, year=2025, code="meetings", value=6)
    refresh_year(2025)
    s = sheet(pm, tree.p1, CRITERIA)
    assert s.criteria.get(number="4").max_points == 80  # a heading sums its children
    assert score_sheet(s) == 2
    a1, a2 = Assessment.objects.get(unit=tree.b1), Assessment.objects.get(unit=tree.b2)
    pts = {(sc.assessment.unit_id, sc.criterion.number): sc.points for sc in Score.objects.select_related("criterion", "assessment")}  # fmt: skip
    assert pts[(tree.b1.pk, "1")] == 5 and pts[(tree.b2.pk, "1")] == 0  # 5,000,000 vs 4,999,999
    assert pts[(tree.b1.pk, "2")] == 5 and pts[(tree.b2.pk, "2")] == 0
    assert pts[(tree.b2.pk, "3")] == 5 and pts[(tree.b1.pk, "3")] == 0  # 6 of 12 meetings
    assert a1.total == 10 and a2.total == 5
    assert not Assessment.objects.filter(unit=tree.b3).exists()  # another province


def test_scoring_costs_a_fixed_number_of_queries(users, tree):
    s = sheet(users.central_admin, tree.central, CRITERIA)
    refresh_year(2025)
    with CaptureQueriesContext(connection) as q:
        score_sheet(s)
    assert Assessment.objects.filter(sheet=s).count() == 3
    assert len(q.captured_queries) <= 14


def _manual_flow(users, tree):
    s = sheet(users.province_manager, tree.p1, CRITERIA)
    score_sheet(s)
    a = Assessment.objects.get(sheet=s, unit=tree.b1)
    manual = s.criteria.get(number="4.1")
    return s, a, manual


def test_manual_score_needs_evidence_and_its_maximum(users, tree):
    s, a, manual = _manual_flow(users, tree)
    be = users.base_editor
    with pytest.raises(ValidationError, match="Hãy điền"):
        services.set_self_score(actor=be, assessment=a, criterion=manual, points=70, evidence="")
    with pytest.raises(ValidationError, match="quá 80"):
        services.set_self_score(
            actor=be, assessment=a, criterion=manual, points="80.1", evidence="x"
        )
    with pytest.raises(ValidationError, match="tự động"):
        services.set_self_score(actor=be, assessment=a, criterion=s.criteria.get(number="1"), points=5, evidence="x")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.set_self_score(actor=users.sibling, assessment=a, criterion=manual, points=70, evidence="x")  # fmt: skip
    sc = services.set_self_score(actor=be, assessment=a, criterion=manual, points=70, evidence="Nghị quyết số 05-NQ/CTĐ")  # fmt: skip
    assert sc.evidence == "Nghị quyết số 05-NQ/CTĐ"
    a.refresh_from_db()
    assert a.total == 70 and a.classification == "good"


def test_submit_then_review_keeps_each_change_with_its_comment(users, tree):
    s, a, manual = _manual_flow(users, tree)
    be, pm = users.base_editor, users.province_manager
    with pytest.raises(ValidationError, match="chưa chấm"):
        services.submit_assessment(actor=be, assessment=a)
    services.set_self_score(actor=be, assessment=a, criterion=manual, points=80, evidence="NQ 05")
    services.submit_assessment(actor=be, assessment=a)
    with pytest.raises(ValidationError, match="đã gửi"):
        services.set_self_score(actor=be, assessment=a, criterion=manual, points=60, evidence="x")
    with pytest.raises(PermissionDenied):  # the base does not review itself
        services.review_score(actor=users.base_manager, assessment=a, criterion=manual, points=60, comment="x")  # fmt: skip
    with pytest.raises(ValidationError, match="Hãy điền"):
        services.review_score(actor=pm, assessment=a, criterion=manual, points=60, comment=" ")
    services.review_score(actor=pm, assessment=a, criterion=manual, points=60, comment="Chưa có kế hoạch kèm theo")  # fmt: skip
    services.review_score(actor=pm, assessment=a, criterion=manual, points=65, comment="Đã bổ sung kế hoạch")  # fmt: skip
    changes = list(ScoreChange.objects.values_list("old", "new", "comment"))
    assert changes == [
        (P(80), P(60), "Chưa có kế hoạch kèm theo"),
        (P(60), P(65), "Đã bổ sung kế hoạch"),
    ]
    sc = Score.objects.get(assessment=a, criterion=manual)
    assert sc.self_points == 80 and sc.points == 65
    a = services.finalise(actor=pm, assessment=a)
    assert a.status == "final" and a.total == 65 and a.classification == "good" and not a.strong
    with pytest.raises(ValidationError):
        services.review_score(actor=pm, assessment=a, criterion=manual, points=70, comment="x")


def test_a_returned_self_assessment_is_scored_again_and_keeps_the_reviews(users, tree):
    s, a, manual = _manual_flow(users, tree)
    be, pm = users.base_editor, users.province_manager
    with pytest.raises(ValidationError, match="đã gửi"):  # a draft is not returned
        services.return_assessment(actor=pm, assessment=a, reason="x")
    services.set_self_score(actor=be, assessment=a, criterion=manual, points=80, evidence="NQ 05")
    services.submit_assessment(actor=be, assessment=a)
    services.review_score(actor=pm, assessment=a, criterion=manual, points=60, comment="Thiếu kế hoạch")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.return_assessment(actor=users.base_manager, assessment=a, reason="x")
    with pytest.raises(ValidationError, match="Hãy điền"):
        services.return_assessment(actor=pm, assessment=a, reason="  ")
    a = services.return_assessment(actor=pm, assessment=a, reason="Bổ sung kế hoạch rồi gửi lại")
    assert (a.status, a.return_reason, a.returned_by) == (
        "draft",
        "Bổ sung kế hoạch rồi gửi lại",
        pm,
    )
    assert AuditEvent.objects.filter(action="oversight.assessment.return").count() == 1
    services.set_self_score(actor=be, assessment=a, criterion=manual, points=75, evidence="NQ 05, KH 12")  # fmt: skip
    services.submit_assessment(actor=be, assessment=a)
    sc = Score.objects.get(assessment=a, criterion=manual)
    assert (sc.self_points, sc.points) == (75, 75)
    assert list(sc.changes.values_list("new", "comment")) == [(P(60), "Thiếu kế hoạch")]


def test_classification_edges(users, tree):
    s = sheet(users.province_manager, tree.p1, CRITERIA)
    classes = list(s.classes.all())
    assert classify(classes, P("95")) == ("excellent", True)
    assert classify(classes, P("94.9")) == ("strong", True)
    assert classify(classes, P("80")) == ("strong", True)
    assert classify(classes, P("79.9")) == ("good", False)
    assert classify(classes, P("49.9")) == ("weak", False)


def test_ranking_and_the_strong_bases_figure(users, tree):
    s, a, manual = _manual_flow(users, tree)
    be, pm = users.base_editor, users.province_manager
    services.set_self_score(actor=be, assessment=a, criterion=manual, points=80, evidence="NQ")
    a2 = Assessment.objects.get(sheet=s, unit=tree.b2)
    services.set_self_score(actor=users.sibling, assessment=a2, criterion=manual, points=80, evidence="NQ")  # fmt: skip
    rows = ranking(s, tree.p1)
    assert [(r.rank, r.total) for r in rows] == [(1, 80), (1, 80)]  # ties share a rank
    services.set_self_score(actor=users.sibling, assessment=a2, criterion=manual, points=40, evidence="NQ")  # fmt: skip
    rows = ranking(s, tree.p1)
    assert [(r.unit_name, r.rank) for r in rows] == [(tree.b1.name, 1), (tree.b2.name, 2)]
    services.submit_assessment(actor=be, assessment=a)
    services.finalise(actor=pm, assessment=a)
    refresh_year(2025)
    from indicators.catalogue import BY_CODE, Figures, profile_settings
    from indicators.models import UnitFigure

    f = Figures(UnitFigure.objects.get(unit=tree.p1, year=2025).total, None, profile_settings())
    assert BY_CODE["oversight_bases_strong_pct"].value(f) == 50.0


def test_seed000_preset_sums_to_100(users, tree):
    s = create_seed000_sheet(actor=users.province_manager, unit=tree.p1, year=2025)
    tops = s.criteria.filter(parent=None)
    assert sum(c.max_points for c in tops) == 100
    assert [c.name for c in s.classes.all()] == [
        "Xuất sắc",
        "Vững mạnh",
        "Khá",
        "Trung bình",
        "Yếu",
    ]
    assert score_sheet(s) == 2


def test_the_commands(users, tree):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "oversight_preset_sheet", str(tree.p1.pk), "2025", "--base-type", "ward", stdout=out
    )
    assert "Bảng điểm thi đua Hội cơ sở năm 2025" in out.getvalue()
    call_command("oversight_score", "2025", stdout=out)
    assert "1 assessments scored" in out.getvalue()  # b1 is the only ward of p1
    assert list(Assessment.objects.values_list("unit_id", flat=True)) == [tree.b1.pk]
