"""The cow bank: both rules over three generations (the first calf passed on, male calves sold to
buy a heifer; the second calf passed on, a male calf passed on as it is), the age window at its
edges, the waiting list's order, ownership transfer, deaths and sales, the household's next
step, the chain view and its counts."""

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from projects import selectors, services
from projects.models import AnimalStatus, CowRule

from .factories import D, households


def test_the_default_rule_is_loaded_and_a_provinces_own_rule_wins(users, tree):
    default = services.rule_for(tree.b1)
    assert default.unit_id is None
    assert (default.calf_number, default.min_age_months, default.max_age_months, default.sell_male) == (1, 6, 12, True)  # fmt: skip
    mine = services.set_rule(actor=users.other_province, unit=tree.p2, calf_number=2,
                             min_age_months=8, max_age_months=10, sell_male=False, since=D(2020, 1, 1))  # fmt: skip
    assert services.rule_for(tree.b3) == mine
    assert services.rule_for(tree.b1) == default
    with pytest.raises(ValidationError, match="cấp tỉnh"):
        services.set_rule(actor=users.base_manager, unit=tree.b1, calf_number=1, min_age_months=6,
                          max_age_months=12, sell_male=True, since=D(2020, 1, 1))  # fmt: skip
    with pytest.raises(ValidationError, match="bê đầu hoặc bê thứ hai"):
        services.set_rule(actor=users.other_province, unit=tree.p2, calf_number=3, min_age_months=6,
                          max_age_months=12, sell_male=True, since=D(2020, 1, 1))  # fmt: skip
    # A new rule replaces the current one.
    newer = services.set_rule(actor=users.other_province, unit=tree.p2, calf_number=1,
                              min_age_months=6, max_age_months=12, sell_male=True, since=D(2021, 1, 1))  # fmt: skip
    assert services.rule_for(tree.b3) == newer
    assert CowRule.objects.filter(unit=tree.p2, retired_on=D(2021, 1, 1)).count() == 1


def _cow(actor, unit, tag="BK-001", on=None):
    return services.acquire_cow(actor=actor, unit=unit, tag=tag, breed="Bò vàng", born_on=D(2018, 5, 1),
                                acquired_on=on or D(2020, 1, 10), value=15_000_000, donor="Công ty ABC")  # fmt: skip


def test_first_calf_rule_over_three_generations_with_a_male_calf_sold_for_a_heifer(users, tree):
    ed = users.base_editor
    h1, h2, h3, h4 = households(ed, tree.b1, 4)
    for h, since in ((h3, D(2020, 2, 1)), (h2, D(2020, 1, 1)), (h4, D(2020, 3, 1))):
        services.add_waiting(actor=ed, unit=tree.b1, household=h, since=since)
    cow = _cow(ed, tree.b1)
    p1 = services.give_cow(actor=ed, animal=cow, household=h1, on=D(2020, 2, 1))
    assert (p1.calf_number, p1.sell_male) == (1, True)
    # Generation 1: the first calf, a heifer, is the bank's; passed on at 6 months, not before.
    c1 = services.record_birth(actor=ed, mother=cow, born_on=D(2020, 10, 31), sex="F", tag="BK-002")
    assert c1.status == AnimalStatus.BANK and c1.owed_by_id == p1.pk
    steps = selectors.household_steps(h1, today=D(2021, 5, 1))
    assert [(s.action, s.start, s.due, s.overdue) for s in steps] == [("pass_on", D(2021, 4, 30), D(2021, 10, 31), False)]  # fmt: skip
    with pytest.raises(ValidationError, match="chỉ chuyển khi đủ 6 tháng"):
        services.pass_on(actor=ed, calf=c1, on=D(2021, 4, 29))
    p2 = services.pass_on(actor=ed, calf=c1, on=D(2021, 4, 30))
    assert p2.household == h2  # the oldest on the waiting list
    cow.refresh_from_db()
    assert cow.status == AnimalStatus.OWNED  # obligation met: the cow is the household's
    p1.refresh_from_db()
    assert p1.met_on == D(2021, 4, 30)
    assert selectors.household_steps(h1) == []
    # A second calf of the first cow is the household's own.
    own = services.record_birth(actor=ed, mother=cow, born_on=D(2021, 9, 1), sex="F")
    assert own.status == AnimalStatus.OWNED and own.owed_by_id is None
    # Generation 2: the first calf is male: sold to buy a heifer, which is passed on.
    m2 = services.record_birth(actor=ed, mother=c1, born_on=D(2022, 6, 1), sex="M")
    [step] = selectors.household_steps(h2, today=D(2022, 7, 1))
    assert step.action == "heifer" and step.calf == m2
    with pytest.raises(ValidationError, match="bê đực được bán để mua bê cái"):
        services.pass_on(actor=ed, calf=m2, on=D(2023, 1, 1))
    heifer = services.sell_male_for_heifer(actor=ed, calf=m2, on=D(2023, 1, 5), price=9_000_000,
                                           heifer_value=10_000_000, heifer_tag="BK-010",
                                           heifer_born_on=D(2022, 6, 20))  # fmt: skip
    m2.refresh_from_db()
    assert (m2.status, m2.end_kind, m2.end_value) == (AnimalStatus.SOLD, "heifer", 9_000_000)
    p3 = services.pass_on(actor=ed, calf=heifer, on=D(2023, 1, 6))
    assert p3.household == h3
    c1.refresh_from_db()
    assert c1.status == AnimalStatus.OWNED and c1.holder == h2
    # Generation 3: the heifer's first calf goes to the fourth household, late (flagged overdue first).
    c3 = services.record_birth(actor=ed, mother=heifer, born_on=D(2024, 3, 1), sex="F")
    [step] = selectors.household_steps(h3, today=D(2025, 3, 2))
    assert step.overdue and step.due == D(2025, 3, 1)
    p4 = services.pass_on(actor=ed, calf=c3, on=D(2025, 3, 10))
    assert p4.household == h4
    assert AuditEvent.objects.filter(action="projects.cow.pass_on").count() == 3
    # The chain: C0 → c1 → m2 → heifer → c3 (and the household's own calf), four households.
    top, counts = selectors.chain(cow)
    assert top.animal == cow
    assert [n.animal.tag for n in top.children] == ["BK-002", ""]
    assert top.children[0].children[0].animal == m2
    assert top.children[0].children[0].children[0].animal == heifer
    assert top.children[0].children[0].children[0].children[0].animal == c3
    assert [p.household for p in top.children[0].placements] == [h2]
    assert counts == {"animals": 6, "calves_born": 4, "passed_on": 3, "households_reached": 4,
                      "households_owning": 3, "alive": 5}  # fmt: skip
    assert selectors.bank_counts(tree.p1) == {
        "animals": 6, "alive": 5, "calves_born": 4, "founding": 1, "cows_given": 1,
        "passed_on": 3, "households_reached": 4, "households_owning": 3, "open": 1,
    }  # fmt: skip


def test_second_calf_rule_over_three_generations_a_male_calf_passed_on_as_it_is(users, tree):
    ed = users.other_province
    services.set_rule(actor=ed, unit=tree.p2, calf_number=2, min_age_months=6, max_age_months=12,
                      sell_male=False, since=D(2019, 1, 1))  # fmt: skip
    h1, h2, h3, h4 = households(ed, tree.b3, 4)
    cow = _cow(ed, tree.b3)
    services.give_cow(actor=ed, animal=cow, household=h1, on=D(2020, 2, 1))
    a1 = services.record_birth(actor=ed, mother=cow, born_on=D(2020, 11, 1), sex="F")
    assert a1.status == AnimalStatus.OWNED  # the first calf is the household's
    [step] = selectors.household_steps(h1)
    assert step.action == "" and "bê thứ hai" in step.text
    b1 = services.record_birth(actor=ed, mother=cow, born_on=D(2021, 11, 1), sex="F")
    assert b1.status == AnimalStatus.BANK
    services.pass_on(actor=ed, calf=b1, on=D(2022, 5, 1), household=h2)
    # Generation 2.
    services.record_birth(actor=ed, mother=b1, born_on=D(2023, 8, 1), sex="M")
    b2 = services.record_birth(actor=ed, mother=b1, born_on=D(2024, 8, 1), sex="F")
    services.pass_on(actor=ed, calf=b2, on=D(2025, 2, 1), household=h3)
    # Generation 3: the second calf is male; this province passes it on as it is.
    services.record_birth(actor=ed, mother=b2, born_on=D(2025, 3, 1), sex="F")
    b3 = services.record_birth(actor=ed, mother=b2, born_on=D(2026, 1, 2), sex="M")
    p = services.pass_on(actor=ed, calf=b3, on=D(2026, 7, 2), household=h4)
    assert p.sell_male is False and p.calf_number == 2
    owners = {a.holder_id for a in (cow, b1, b2) if (a.refresh_from_db() or a.status == AnimalStatus.OWNED)}  # fmt: skip
    assert owners == {h1.pk, h2.pk, h3.pk}
    _top, counts = selectors.chain(b3)  # any animal of the chain shows its whole tree
    assert counts["households_reached"] == 4 and counts["households_owning"] == 3


def test_an_owed_calf_that_dies_passes_the_obligation_to_the_next_calf(users, tree):
    ed = users.base_editor
    h1, h2 = households(ed, tree.b1, 2)
    cow = _cow(ed, tree.b1)
    p = services.give_cow(actor=ed, animal=cow, household=h1, on=D(2020, 2, 1))
    c1 = services.record_birth(actor=ed, mother=cow, born_on=D(2020, 10, 1), sex="F")
    with pytest.raises(ValidationError, match="lý do|bắt buộc"):
        services.end_animal(actor=ed, animal=c1, on=D(2020, 12, 1), kind="death", reason=" ")
    services.end_animal(actor=ed, animal=c1, on=D(2020, 12, 1), kind="death", reason="Lở mồm long móng")  # fmt: skip
    c2 = services.record_birth(actor=ed, mother=cow, born_on=D(2021, 10, 1), sex="F")
    assert c2.owed_by_id == p.pk
    with pytest.raises(ValidationError, match="Danh sách chờ nhận bê đang trống"):
        services.pass_on(actor=ed, calf=c2, on=D(2022, 5, 1))  # nobody waiting
    with pytest.raises(ValidationError, match="hộ khác"):
        services.pass_on(actor=ed, calf=c2, on=D(2022, 5, 1), household=h1)
    # The cow dies while its owed calf lives: the calf is still passed on, and that meets it.
    services.end_animal(actor=ed, animal=cow, on=D(2022, 1, 1), kind="death", reason="Ốm")
    services.pass_on(actor=ed, calf=c2, on=D(2022, 5, 1), household=h2)
    p.refresh_from_db()
    assert p.met_on == D(2022, 5, 1) and p.ended_on is None
    cow.refresh_from_db()
    assert cow.status == AnimalStatus.DEAD  # dead stays dead


def test_a_cow_sold_with_no_calf_owed_ends_the_placement(users, tree):
    ed = users.base_editor
    [h1] = households(ed, tree.b1, 1)
    cow = _cow(ed, tree.b1)
    p = services.give_cow(actor=ed, animal=cow, household=h1, on=D(2020, 2, 1))
    with pytest.raises(ValidationError, match="đã giao|chưa giao"):
        services.give_cow(actor=ed, animal=cow, household=h1, on=D(2020, 2, 2))
    services.end_animal(actor=ed, animal=cow, on=D(2020, 6, 1), kind="sale", reason="Hộ chuyển đi", value=12_000_000)  # fmt: skip
    p.refresh_from_db()
    assert p.ended_on == D(2020, 6, 1) and p.met_on is None
    with pytest.raises(ValidationError, match="còn sống"):
        services.record_birth(actor=ed, mother=cow, born_on=D(2020, 9, 1), sex="F")


def test_a_locked_period_refuses_a_birth(users, tree):
    from org.models import PeriodLock

    ed = users.base_editor
    [h1] = households(ed, tree.b1, 1)
    cow = _cow(ed, tree.b1)
    services.give_cow(actor=ed, animal=cow, household=h1, on=D(2020, 2, 1))
    PeriodLock.objects.create(unit=tree.p1, start=D(2020, 7, 1), end=D(2020, 12, 31), label="6 tháng cuối năm 2020", locked_by=users.province_manager)  # fmt: skip
    with pytest.raises(ValidationError, match="khoá sổ"):
        services.record_birth(actor=ed, mother=cow, born_on=D(2020, 10, 1), sex="F")


def test_a_new_rule_leaves_the_terms_a_household_started_under(users, tree):
    ed = users.base_editor
    h1, h2 = households(ed, tree.b1, 2)
    cow = _cow(ed, tree.b1)
    p = services.give_cow(actor=ed, animal=cow, household=h1, on=D(2020, 2, 1))
    services.set_rule(actor=users.province_manager, unit=tree.p1, calf_number=2, min_age_months=9,
                      max_age_months=12, sell_male=False, since=D(2020, 6, 1))  # fmt: skip
    calf = services.record_birth(actor=ed, mother=cow, born_on=D(2020, 10, 1), sex="F")
    assert calf.owed_by_id == p.pk  # still the first calf, as when the cow was given
    # 6 months is enough under its terms; the calf goes on under the province's new rule.
    p2 = services.pass_on(actor=ed, calf=calf, on=D(2021, 4, 1), household=h2)
    assert (p2.calf_number, p2.min_age_months, p2.sell_male) == (2, 9, False)


def test_a_late_pass_on_is_accepted_and_recorded_as_late(users, tree):
    ed = users.base_editor
    h1, h2 = households(ed, tree.b1, 2)
    cow = _cow(ed, tree.b1)
    services.give_cow(actor=ed, animal=cow, household=h1, on=D(2020, 2, 1))
    calf = services.record_birth(actor=ed, mother=cow, born_on=D(2020, 10, 1), sex="F")
    [step] = selectors.household_steps(h1, today=D(2021, 10, 1))
    assert step.due == D(2021, 10, 1) and not step.overdue  # the due day itself is not late
    assert selectors.household_steps(h1, today=D(2021, 10, 2))[0].overdue
    services.pass_on(actor=ed, calf=calf, on=D(2021, 10, 2), household=h2)
    assert AuditEvent.objects.get(action="projects.cow.pass_on").data["late"] is True


def test_the_chain_is_two_queries_however_deep(users, tree, django_assert_num_queries):
    ed = users.base_editor
    hs = households(ed, tree.b1, 5)
    cow = _cow(ed, tree.b1, on=D(2018, 6, 1))
    services.give_cow(actor=ed, animal=cow, household=hs[0], on=D(2018, 6, 2))
    mother = cow
    for gen, h in enumerate(hs[1:], start=1):
        calf = services.record_birth(actor=ed, mother=mother, born_on=D(2018 + gen, 6, 1), sex="F")
        services.pass_on(actor=ed, calf=calf, on=D(2018 + gen, 12, 15), household=h)
        mother = calf
    with django_assert_num_queries(2):
        top, counts = selectors.chain(cow)
    assert counts["households_reached"] == 5 and counts["households_owning"] == 4
    depth, node = 0, top
    while node.children:
        depth, node = depth + 1, node.children[0]
    assert depth == 4 and node.placements[0].household == hs[4]
