"""Figures and indicators on hand-computed data; incremental refresh equals a full recount."""

import datetime

import pytest
from django.utils import timezone

from indicators import figures, selectors, services
from indicators.catalogue import BY_CODE, Figures, ProfileSettings, available
from indicators.models import DirtyUnit, UnitFigure
from members.models import EndReason
from members.services import appoint_cadre, end_membership, transfer_membership, update_cadre
from members.tests.factories import make_member, make_person
from org.services import create_unit
from org.services.reorg import merge_units, move_unit

D = datetime.date


@pytest.fixture
def data(tree, users):
    su = users.superuser
    a = make_member(su, tree.br1a, sex="F", year=1990, joined=D(2023, 3, 1))
    b = make_member(su, tree.br1a, sex="M", year=2000, joined=D(2020, 1, 1))
    end_membership(actor=su, membership=b, on=D(2024, 6, 1), reason=EndReason.RESIGNED)
    make_member(su, tree.br1a, sex="F", year=1995, joined=D(2022, 1, 1), category="volunteer")
    c = make_member(su, tree.br1b, sex="F", year=1985, joined=D(2020, 1, 1))
    transfer_membership(actor=su, membership=c, to_unit=tree.br2a, on=D(2024, 2, 1))
    person = make_person(su, tree.b1)
    appoint_cadre(actor=su, person=person, unit=tree.b1, position="chair", started_on=D(2022, 1, 1),
                  uniform_issued_on=D(2023, 5, 1), badge_issued_on=D(2023, 6, 1))  # fmt: skip
    appoint_cadre(actor=su, person=make_person(su, tree.b1), unit=tree.b1, position="vice_chair",
                  started_on=D(2022, 1, 1), uniform_issued_on=D(2023, 5, 1))  # fmt: skip
    figures.refresh_all()
    return a


def _value(unit, year, code):
    [row] = selectors.values([unit], year, [BY_CODE[code]])
    return row.cells[code].value


def test_it_counts_members_volunteers_joined_and_left_as_of_year_end(tree, data):
    assert _value(tree.b1, 2023, "members") == 3
    assert _value(tree.b1, 2023, "volunteers") == 1
    assert _value(tree.b1, 2023, "volunteers_female") == 1
    assert _value(tree.b1, 2023, "members_female") == 2
    assert _value(tree.b1, 2023, "joined") == 1
    assert _value(tree.b1, 2023, "left") == 0
    # 2024: one resigned, one transferred to the sibling base (neither joined nor left for p1)
    assert _value(tree.b1, 2024, "members") == 1
    assert _value(tree.b2, 2024, "members") == 1
    assert _value(tree.p1, 2024, "members") == 2
    assert _value(tree.b1, 2024, "left") == 1
    assert _value(tree.b1, 2024, "joined") == 0
    assert _value(tree.p1, 2024, "joined") == 0
    assert _value(tree.central, 2024, "members") == 2


def test_it_works_out_growth_against_the_year_before(tree, data):
    assert _value(tree.b1, 2024, "growth_pct") == pytest.approx((1 - 3) * 100 / 3)
    assert _value(tree.p1, 2024, "growth_pct") == pytest.approx((2 - 3) * 100 / 3)
    assert _value(tree.b2, 2022, "growth_pct") is None  # nobody the year before


def test_it_splits_by_sex_and_fdrs_band(tree, data):
    figs = selectors.figures_for([tree.b1.pk], [2023])[(tree.b1.pk, 2023)]
    b = selectors.breakdown(figs, ["member", "volunteer"])
    assert b["member"]["F"]["30-39"] == 2  # born 1990 and 1985: 33 and 38 in 2023
    assert b["member"]["M"]["18-29"] == 1  # born 2000: 23
    assert b["member"]["total"] == 3
    assert b["volunteer"]["F"]["18-29"] == 1  # born 1995: 28


def test_it_counts_cadres_with_uniform_and_badge(tree, data):
    assert _value(tree.b1, 2022, "cadres") == 2
    assert _value(tree.b1, 2022, "cadres_equipped_pct") == 0
    assert _value(tree.b1, 2023, "cadres") == 2  # "cadeq" is not a "cad"
    assert _value(tree.b1, 2023, "cadres_equipped_pct") == 50
    assert _value(tree.p1, 2023, "cadres_equipped_pct") == 50


def test_it_counts_units_and_coverage_against_residential_areas(tree, users, data):
    services.set_denominators(
        actor=users.superuser, unit=tree.b1, year=2022, values={"residential_areas": 4}
    )
    services.set_denominators(
        actor=users.superuser, unit=tree.b2, year=2022, values={"residential_areas": 1}
    )
    figures.refresh_dirty()
    assert _value(tree.p1, 2024, "bases") == 2
    assert _value(tree.p1, 2024, "branches") == 3
    assert _value(tree.b1, 2024, "branch_coverage") == 50  # 2 branches ÷ 4 areas
    assert _value(tree.p1, 2024, "branch_coverage") == 60  # 3 ÷ (4 + 1)


def test_it_divides_members_by_the_profiles_denominator(tree, users, data):
    services.set_denominators(
        actor=users.superuser, unit=tree.b1, year=2022, values={"population": 300}
    )
    figures.refresh_dirty()
    assert _value(tree.b1, 2023, "member_ratio") == 1  # 3 ÷ 300, the 2022 value kept for the term
    # the province entered its own population: it replaces the sum of its bases'
    services.set_denominators(
        actor=users.superuser, unit=tree.p1, year=2022, values={"population": 1000}
    )
    figures.refresh_dirty()
    assert _value(tree.p1, 2023, "member_ratio") == pytest.approx(0.3)


def test_it_keeps_denominators_fixed_for_a_term(tree, users):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.set_denominators(
            actor=users.superuser, unit=tree.b1, year=2024, values={"population": 5}
        )


def test_it_counts_bases_with_books_up_to_date(tree, users, data):
    # 2023: b1 admitted a member, but its volunteer book saw nothing; b2, b3 nothing at all
    assert _value(tree.p1, 2023, "bases_books_ok_pct") == 0
    services.record_book_review(
        actor=users.superuser, unit=tree.b1, category="volunteer", reviewed_on=D(2023, 12, 1)
    )
    figures.refresh_dirty()
    assert _value(tree.b1, 2023, "bases_books_ok_pct") == 100
    assert _value(tree.p1, 2023, "bases_books_ok_pct") == 50
    assert _value(tree.central, 2023, "bases_books_ok_pct") == pytest.approx(100 / 3)


def test_it_refreshes_incrementally_to_the_same_rows_as_a_full_recount(tree, users, data):
    su = users.superuser
    m = make_member(su, tree.br2a, sex="M", year=1970, joined=D(2022, 5, 5))
    transfer_membership(actor=su, membership=m, to_unit=tree.br1b, on=D(2025, 1, 2))
    merge_units(actor=su, sources=[tree.b2], into=tree.b1, on=D(2025, 7, 1))
    assert DirtyUnit.objects.exists()
    figures.refresh_dirty()
    assert not DirtyUnit.objects.exists()
    incremental = {(r.unit_id, r.year): r.figures for r in UnitFigure.objects.all()}
    figures.refresh_all()
    full = {(r.unit_id, r.year): r.figures for r in UnitFigure.objects.all()}
    assert incremental == full


def test_it_keeps_past_years_as_the_tree_stood_across_a_merge(tree, users, data):
    su = users.superuser
    merge_units(actor=su, sources=[tree.b2], into=tree.b3, on=D(2025, 3, 1))  # across provinces
    figures.refresh_dirty()
    # 2024: br2a's member was under b2, in p1
    assert _value(tree.p1, 2024, "members") == 2
    assert _value(tree.p2, 2024, "members") == 0
    assert _value(tree.p1, 2024, "bases") == 2
    # this year: br2a hangs under b3 in p2 and b2 is gone
    year = timezone.localdate().year
    assert _value(tree.p1, year, "members") == 1
    assert _value(tree.p2, year, "members") == 1
    assert _value(tree.p1, year, "bases") == 1
    assert _value(tree.p2, year, "bases") == 1


def test_it_hides_indicators_of_categories_the_association_does_not_keep():
    codes = {i.code for i in available({"member", "honorary"})}
    assert "members" in codes and "bases" in codes
    assert "volunteers" not in codes and "youth" not in codes


def test_it_does_not_divide_by_a_missing_denominator():
    f = Figures({"a:member:F:18-29": 5}, None, ProfileSettings())
    assert BY_CODE["member_ratio"].compute(f) is None
    assert BY_CODE["members"].compute(f) == 5


def test_it_recounts_cadres_after_an_appointment_and_an_update(tree, users, data):
    su = users.superuser
    year = timezone.localdate().year
    cadre = appoint_cadre(actor=su, person=make_person(su, tree.b2), unit=tree.b2,
                          position="chair", started_on=D(2023, 1, 1))  # fmt: skip
    assert set(DirtyUnit.objects.values_list("unit_id", flat=True)) == {tree.b2.pk}
    figures.refresh_dirty()
    assert _value(tree.p1, year, "cadres") == 3
    assert _value(tree.b2, year, "cadres_equipped_pct") == 0
    update_cadre(actor=su, cadre=cadre, uniform_issued_on=D(2024, 1, 1),
                 badge_issued_on=D(2024, 2, 1))  # fmt: skip
    assert DirtyUnit.objects.get().since == D(2024, 1, 1)
    figures.refresh_dirty()
    assert _value(tree.b2, 2023, "cadres_equipped_pct") == 0
    assert _value(tree.b2, 2024, "cadres_equipped_pct") == 100
    assert _value(tree.p1, year, "cadres_equipped_pct") == pytest.approx(200 / 3)


def test_it_counts_a_new_unit_after_its_creation(tree, users, data):
    year = timezone.localdate().year
    before = _value(tree.p1, year, "branches")
    new = create_unit(actor=users.superuser, parent=tree.b1, name="Chi hội Mới", kind="branch")
    assert DirtyUnit.objects.filter(unit_id=new.pk).exists()
    figures.refresh_dirty()
    assert _value(tree.p1, year, "branches") == before + 1
    assert _value(tree.central, year, "branches") == before + 1 + _value(tree.p2, year, "branches")


def test_it_lists_child_units_as_they_stood_across_a_move(tree, users):
    move_unit(actor=users.superuser, unit=tree.br2a, new_parent=tree.b1, on=D(2025, 3, 1))
    tree.b1.refresh_from_db()
    tree.b2.refresh_from_db()
    before, after = D(2024, 12, 31), D(2025, 3, 1)
    assert {u.pk for u in selectors.children_on(tree.b1, before)} == {tree.br1a.pk, tree.br1b.pk}
    assert {u.pk for u in selectors.children_on(tree.b2, before)} == {tree.br2a.pk}
    assert {u.pk for u in selectors.children_on(tree.b1, after)} == {
        tree.br1a.pk,
        tree.br1b.pk,
        tree.br2a.pk,
    }
    assert selectors.children_on(tree.b2, after) == []
    assert {u.pk for u in selectors.children_on(tree.central, after)} == {tree.p1.pk, tree.p2.pk}
