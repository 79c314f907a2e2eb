"""Plans and targets: inherited by the subtree, overridden below, the latest plan wins."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from indicators import selectors, services
from indicators.catalogue import BY_CODE

D = datetime.date


def _plan(su, unit, number, targets, start=2024, end=2026, issued=None):
    return services.create_plan(actor=su, unit=unit, number=number, issued_on=issued or D(2024, 1, 10),
                                title="Nghị quyết Đại hội", start_year=start, end_year=end,
                                targets=targets)  # fmt: skip


def test_it_inherits_a_rate_target_down_the_subtree_unless_overridden(tree, users):
    su = users.superuser
    plan = _plan(su, tree.p1, "01-NQ", [{"indicator": "growth_pct", "low": 1, "high": 2}])
    services.set_target(actor=su, plan=plan, indicator="growth_pct", low=3, unit=tree.b2)
    found = selectors.targets_for(
        [tree.p1, tree.b1, tree.br1a, tree.b2, tree.br2a, tree.b3], 2025, ["growth_pct"]
    )
    assert found[(tree.b1.pk, "growth_pct")].low == Decimal(1)
    assert found[(tree.br1a.pk, "growth_pct")].high == Decimal(2)
    assert found[(tree.b2.pk, "growth_pct")].low == Decimal(3)
    assert found[(tree.br2a.pk, "growth_pct")].low == Decimal(3)  # inherits the override
    assert (tree.b3.pk, "growth_pct") not in found  # another province
    assert AuditEvent.objects.filter(action="indicators.target.set").count() == 1
    assert AuditEvent.objects.filter(action="indicators.plan.create").count() == 1


def test_it_keeps_a_count_target_to_its_own_unit(tree, users):
    _plan(users.superuser, tree.p1, "02-KH", [{"indicator": "members", "low": 5000}])
    found = selectors.targets_for([tree.p1, tree.b1], 2025, ["members"])
    assert found[(tree.p1.pk, "members")].low == 5000
    assert (tree.b1.pk, "members") not in found


def test_it_applies_targets_only_within_the_plans_period_and_the_latest_plan_wins(tree, users):
    su = users.superuser
    _plan(su, tree.p1, "03", [{"indicator": "member_ratio", "low": 2}], start=2024, end=2024)
    _plan(su, tree.p1, "04", [{"indicator": "member_ratio", "low": 4}], start=2024, end=2025,
          issued=D(2024, 6, 1))  # fmt: skip
    assert (
        selectors.targets_for([tree.b1], 2024, ["member_ratio"])[(tree.b1.pk, "member_ratio")].low
        == 4
    )
    assert selectors.targets_for([tree.b1], 2023, ["member_ratio"]) == {}


def test_it_refuses_a_target_outside_the_plans_subtree_or_an_unknown_indicator(tree, users):
    su = users.superuser
    with pytest.raises(ValidationError):
        _plan(su, tree.b1, "05", [{"indicator": "member_ratio", "low": 1, "unit": tree.b2}])
    with pytest.raises(ValidationError):
        _plan(su, tree.b1, "06", [{"indicator": "nope", "low": 1}])
    with pytest.raises(ValidationError):
        _plan(su, tree.b1, "07", [{"indicator": "member_ratio", "low": 3, "high": 2}])


def test_it_lights_green_amber_and_red(tree, users):
    plan = _plan(users.superuser, tree.p1, "08", [{"indicator": "growth_pct", "low": 10}])
    t = plan.targets.get()
    assert selectors.status(10, t) == "green"
    assert selectors.status(9.5, t) == "amber"
    assert selectors.status(5, t) == "red"
    assert selectors.status(None, t) == ""
    assert BY_CODE["growth_pct"].inherits and not BY_CODE["members"].inherits
