"""Commendations: proposal, decision with the amount paid from the fund (reversible), figures."""

import pytest
from django.core.exceptions import ValidationError

from funds import services as fund_services
from funds.models import Entry
from indicators.figures import refresh_year
from oversight import figures, services
from people.services import create_person

from .factories import D


def _person(actor, unit):
    return create_person(actor=actor, unit=unit, full_name="Ngô Thị Hạnh", birth_year=1980, sex="F",
                         confirm_duplicate=True)  # fmt: skip


def test_decision_pays_from_the_fund_and_withdrawal_reverses_it(users, tree):
    pm = users.province_manager
    fund_services.record_entry(actor=pm, unit=tree.p1, on=D(2025, 1, 5), amount=10_000_000, direction="in", category="donation")  # fmt: skip
    hanh = _person(pm, tree.b1)
    c = services.propose_commendation(actor=pm, unit=tree.b1, person=hanh, year=2025, field="blood",
                                      level="province", form="merit", proposed_on=D(2025, 6, 1),
                                      achievement="Hiến máu 20 lần", amount=700_000)  # fmt: skip
    with pytest.raises(ValidationError, match="trước ngày đề nghị"):
        services.decide_commendation(actor=pm, commendation=c, number="15/QĐ-CTĐ", on=D(2025, 5, 1), issuer="Hội CTĐ thành phố")  # fmt: skip
    c = services.decide_commendation(actor=pm, commendation=c, number="15/QĐ-CTĐ", on=D(2025, 6, 10),
                                     issuer="Ban Thường vụ Hội CTĐ thành phố", pay_from=tree.p1)  # fmt: skip
    assert c.fund_entry.amount == 700_000 and c.fund_entry.direction == "out" and c.fund_entry.unit_id == tree.p1.pk  # fmt: skip
    collective = services.propose_commendation(actor=pm, unit=tree.b2, year=2025, field="year",
                                               level="province", form="certificate", proposed_on=D(2025, 6, 1))  # fmt: skip
    services.decide_commendation(actor=pm, commendation=collective, number="15/QĐ-CTĐ", on=D(2025, 6, 10), issuer="Hội CTĐ thành phố", amount=1_000_000)  # fmt: skip
    f = figures.own_figures(2025, D(2025, 12, 31), None)
    assert f[tree.b1.pk] == {"oversight:cm:i:province": 1, "oversight:cm:amt:province": 700_000}
    assert f[tree.b2.pk] == {"oversight:cm:c:province": 1, "oversight:cm:amt:province": 1_000_000}
    services.withdraw_commendation(actor=pm, commendation=c, reason="Nhầm người", on=D(2025, 7, 1))
    reversal = Entry.objects.exclude(pk=c.fund_entry_id).filter(unit=tree.p1, direction="in", amount=700_000).exclude(category="donation")  # fmt: skip
    assert reversal.exists()
    f = figures.own_figures(2025, D(2025, 12, 31), None)
    assert tree.b1.pk not in f
    with pytest.raises(ValidationError, match="đã rút"):
        services.withdraw_commendation(actor=pm, commendation=c, reason="x")
    refresh_year(2025)


def test_bad_choices_and_amounts_refused(users, tree):
    pm = users.province_manager
    with pytest.raises(ValidationError):
        services.propose_commendation(actor=pm, unit=tree.b1, year=2025, field="nope", level="province", form="merit", proposed_on=D(2025, 6, 1))  # fmt: skip
    with pytest.raises(ValidationError, match="Số tiền"):
        services.propose_commendation(actor=pm, unit=tree.b1, year=2025, field="year", level="province", form="merit", proposed_on=D(2025, 6, 1), amount=-1)  # fmt: skip
