"""Plans, visits (figures filled from sohoi, editable), recommendations and their follow-up."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from indicators.figures import refresh_year
from oversight import figures, services
from oversight.models import RecommendationStatus
from oversight.services.inspections import planned_units

from .factories import D, plan, visit


def test_plan_names_units_below_the_issuer(users, tree):
    pm = users.province_manager
    p = plan(pm, tree.p1, [tree.b1, tree.b2])
    assert [u.pk for u in planned_units(p)] == sorted([tree.b1.pk, tree.b2.pk], key=lambda pk: [tree.b1.pk, tree.b2.pk].index(pk))  # fmt: skip
    assert [m.name for m in p.team.all()] == ["Phạm Thị Dung", "Võ Văn Em"]
    with pytest.raises(ValidationError, match="trực thuộc"):
        services.create_plan(actor=pm, unit=tree.p1, number="11/KH-CTĐ", issued_on=D(2025, 4, 18),
                             year=2025, content="x", units=[tree.b3])  # fmt: skip
    with pytest.raises(ValidationError, match="đã có"):
        plan(pm, tree.p1, [tree.b1])
    everyone = services.create_plan(actor=pm, unit=tree.p1, number="12/KH-CTĐ", issued_on=D(2025, 4, 18),
                                    year=2025, content="x", all_bases=True)  # fmt: skip
    assert {u.pk for u in planned_units(everyone)} == {tree.b1.pk, tree.b2.pk}


def test_base_cannot_issue_a_plan_for_its_province(users, tree):
    with pytest.raises(PermissionDenied):
        plan(users.base_manager, tree.p1, [tree.b1])


def test_visit_outside_the_plan_refused_and_figures_filled(users, tree):
    pm = users.province_manager
    p = plan(pm, tree.p1, [tree.b1])
    with pytest.raises(ValidationError, match="không có trong kế hoạch"):
        visit(pm, tree.b2, plan=p)
    refresh_year(2025)
    v = visit(pm, tree.b1, plan=p, figures={"members": 120}, checks={"books": ("yes", ""), "dues": ("no", "Chậm")})  # fmt: skip
    assert "fund_balance" in v.figures_auto  # filled from sohoi
    assert v.figures["members"] == 120  # edited
    assert [a.organisation for a in v.attendees.all()] == ["party", "government", "association"]
    assert {c.item.code: c.answer for c in v.checks.all()} == {"books": "yes", "dues": "no"}
    services.update_visit(actor=pm, visit=v, figures={"members": 125}, strengths="Tốt")
    v.refresh_from_db()
    assert v.figures["members"] == 125 and v.strengths == "Tốt"
    with pytest.raises(ValidationError, match="Chỉ tiêu không có"):
        services.update_visit(actor=pm, visit=v, figures={"nope": 1})
    assert AuditEvent.objects.filter(action="oversight.visit.record").count() == 1


def test_visit_in_the_future_refused(users, tree):
    with pytest.raises(ValidationError, match="sau hôm nay"):
        visit(users.province_manager, tree.b1, on=D(2025, 10, 16), today=D(2025, 10, 15))


def test_recommendation_follow_up_and_overdue(users, tree):
    pm = users.province_manager
    v = visit(pm, tree.b1)
    rec = services.add_recommendation(actor=pm, visit=v, text_="Cập nhật sổ hội viên", owner=tree.b1, due=D(2025, 11, 30))  # fmt: skip
    with pytest.raises(ValidationError, match="trước ngày kiểm tra"):
        services.add_recommendation(actor=pm, visit=v, text_="x", owner=tree.b1, due=D(2025, 10, 1))
    with pytest.raises(ValidationError, match="cấp dưới"):
        services.add_recommendation(actor=pm, visit=v, text_="x", owner=tree.b2, due=D(2025, 12, 1))
    assert rec.state_on(D(2025, 11, 30)) == RecommendationStatus.OPEN  # the due day itself
    assert rec.state_on(D(2025, 12, 1)) == RecommendationStatus.OVERDUE
    f = figures.own_figures(2025, D(2025, 12, 31), None)
    assert f[tree.b1.pk]["oversight:rec:open"] == 1 and f[tree.b1.pk]["oversight:rec:overdue"] == 1
    f = figures.own_figures(2025, D(2025, 11, 30), None)
    assert "oversight:rec:overdue" not in f[tree.b1.pk]
    # Only the owner updates it; done needs evidence.
    with pytest.raises(PermissionDenied):
        services.follow_up(actor=users.sibling, recommendation=rec, on=D(2025, 11, 2), note="x")
    be = users.base_editor
    services.follow_up(actor=be, recommendation=rec, on=D(2025, 11, 2), note="Đang rà soát")
    with pytest.raises(ValidationError):
        services.follow_up(actor=be, recommendation=rec, on=D(2025, 11, 20), note="Xong", done=True)
    services.follow_up(actor=be, recommendation=rec, on=D(2025, 11, 20), note="Xong", evidence="Sổ đã cập nhật ngày 20/11", done=True)  # fmt: skip
    rec.refresh_from_db()
    assert rec.status == "done" and rec.state_on(D(2026, 1, 1)) == RecommendationStatus.DONE
    assert rec.follow_ups.count() == 2
    f = figures.own_figures(2025, D(2025, 12, 31), None)
    assert "oversight:rec:open" not in f.get(tree.b1.pk, {})
    with pytest.raises(ValidationError, match="đã thực hiện xong"):
        services.follow_up(actor=be, recommendation=rec, on=D(2025, 11, 21), note="x")


def test_inspected_share_rolls_up(users, tree):
    visit(users.province_manager, tree.b1)
    refresh_year(2025)
    from indicators.catalogue import BY_CODE, Figures, profile_settings
    from indicators.models import UnitFigure

    total = UnitFigure.objects.get(unit=tree.p1, year=2025).total
    f = Figures(total, None, profile_settings())
    assert BY_CODE["oversight_bases_inspected_pct"].value(f) == 50.0  # 1 of 2 bases


def test_a_visit_recorded_by_mistake_is_cancelled_with_its_reason_and_leaves_the_figures(
    users, tree
):
    from indicators.catalogue import BY_CODE, Figures, profile_settings
    from indicators.models import UnitFigure

    pm = users.province_manager
    p = plan(pm, tree.p1, [tree.b1, tree.b2])
    v = visit(pm, tree.b1, plan=p)
    with pytest.raises(PermissionDenied):  # the inspected base does not cancel the visit
        services.cancel_visit(actor=users.base_manager, visit=v, reason="x")
    with pytest.raises(ValidationError, match="Hãy điền"):
        services.cancel_visit(actor=pm, visit=v, reason=" ")
    v = services.cancel_visit(actor=pm, visit=v, reason="Ghi nhầm đơn vị")
    assert v.cancel_reason == "Ghi nhầm đơn vị" and v.cancelled_at is not None
    assert AuditEvent.objects.filter(action="oversight.visit.cancel").count() == 1
    with pytest.raises(ValidationError, match="đã huỷ"):
        services.cancel_visit(actor=pm, visit=v, reason="x")
    with pytest.raises(ValidationError, match="đã huỷ"):
        services.add_recommendation(actor=pm, visit=v, text_="x", owner=tree.b1, due=D(2025, 12, 1))
    refresh_year(2025)
    f = Figures(UnitFigure.objects.get(unit=tree.p1, year=2025).total, None, profile_settings())
    assert BY_CODE["oversight_bases_inspected_pct"].value(f) == 0.0
    visit(pm, tree.b1, plan=p)  # the unit can be visited again under the plan
    p = services.cancel_plan(actor=pm, plan=p, reason="Lùi sang năm sau")
    assert p.cancel_reason == "Lùi sang năm sau"
    with pytest.raises(ValidationError, match="đã huỷ"):
        visit(pm, tree.b2, plan=p)


def test_writes_in_a_locked_period_are_refused(users, tree):
    from org.models import PeriodLock

    pm = users.province_manager
    c = services.propose_commendation(actor=pm, unit=tree.b1, year=2025, field="year", level="province", form="merit", proposed_on=D(2025, 5, 1))  # fmt: skip
    PeriodLock.objects.create(unit=tree.p1, start=D(2025, 1, 1), end=D(2025, 6, 30), label="6 tháng đầu năm 2025",
                              locked_by=users.central_admin)  # fmt: skip
    with pytest.raises(ValidationError, match="6 tháng đầu năm 2025"):
        visit(pm, tree.b1, on=D(2025, 6, 30))
    visit(pm, tree.b1, on=D(2025, 7, 1))
    with pytest.raises(ValidationError, match="6 tháng đầu năm 2025"):
        services.propose_commendation(actor=pm, unit=tree.b1, year=2025, field="year", level="province", form="merit", proposed_on=D(2025, 5, 2))  # fmt: skip
    with pytest.raises(ValidationError, match="6 tháng đầu năm 2025"):
        services.decide_commendation(actor=pm, commendation=c, number="1/QĐ", on=D(2025, 6, 1), issuer="Hội CTĐ thành phố")  # fmt: skip


def test_figures_cost_a_fixed_number_of_queries_and_equal_a_recount(users, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pm = users.province_manager
    for unit in (tree.b1, tree.b2):
        v = visit(pm, unit)
        services.add_recommendation(actor=pm, visit=v, text_="x", owner=unit, due=D(2026, 1, 31))
    visit(pm, tree.b1, on=D(2025, 10, 20))  # a second visit: still one base inspected
    with CaptureQueriesContext(connection) as q:
        f = figures.own_figures(2025, D(2025, 12, 31), None)
    assert len(q.captured_queries) == 4
    assert {u: d.get("oversight:insp") for u, d in f.items()} == {tree.b1.pk: 1, tree.b2.pk: 1}
    assert f[tree.b1.pk]["oversight:rec:open"] == 1 and "oversight:rec:overdue" not in f[tree.b1.pk]
    assert figures.own_figures(2025, D(2025, 12, 31), [tree.b2.pk]).keys() == {tree.b2.pk}
