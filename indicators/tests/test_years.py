"""Past years: congress terms as data, every year with data kept and refreshed, plans ahead."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from indicators import figures, selectors, services
from indicators.catalogue import BY_CODE
from indicators.forms import year_choices
from indicators.models import UnitFigure
from members.tests.factories import make_member
from org.models import CongressTerm

D = datetime.date


def _value(unit, year, code):
    [row] = selectors.values([unit], year, [BY_CODE[code]])
    return row.cells[code].value


@pytest.fixture
def womens_terms(tree):
    """Seed 001's terms (2016–2021) and seed 003's (2021–2026) at the base level."""
    CongressTerm.objects.filter(level="base").delete()
    CongressTerm.objects.create(level="base", start_year=2016, end_year=2021)
    CongressTerm.objects.create(level="base", start_year=2021, end_year=2026)


def test_it_takes_denominators_in_the_first_year_of_a_recorded_term(tree, users, womens_terms):
    su = users.superuser
    services.set_denominators(actor=su, unit=tree.b1, year=2016, values={"population": 400})
    services.set_denominators(actor=su, unit=tree.b1, year=2021, values={"population": 500})
    with pytest.raises(ValidationError) as e:
        services.set_denominators(actor=su, unit=tree.b1, year=2019, values={"population": 9})
    assert "nhiệm kỳ 2016–2021" in str(e.value) and "(2016)" in str(e.value)
    make_member(su, tree.br1a, joined=D(2015, 5, 1))
    make_member(su, tree.br1a, joined=D(2015, 5, 1))
    figures.refresh_dirty()
    assert _value(tree.b1, 2019, "member_ratio") == pytest.approx(0.5)  # 2 ÷ 400, the term's
    assert _value(tree.b1, 2022, "member_ratio") == pytest.approx(0.4)  # 2 ÷ 500


def test_a_branch_follows_its_bases_term_and_a_year_without_term_takes_its_own(tree, users):
    su = users.superuser
    CongressTerm.objects.filter(level="base").delete()
    services.set_denominators(actor=su, unit=tree.br1a, year=2019, values={"households": 80})
    CongressTerm.objects.create(level="base", start_year=2016, end_year=2021)
    with pytest.raises(ValidationError):
        services.set_denominators(actor=su, unit=tree.br1a, year=2018, values={"households": 9})


def test_it_shows_2019_and_refreshes_it_after_a_write_dated_2019(tree, users):
    su = users.superuser
    for _i in range(3):
        make_member(su, tree.br1a, joined=D(2018, 3, 1), category="volunteer", year=1990)
    figures.refresh_all()
    assert _value(tree.b1, 2019, "volunteers") == 3  # not "—": 2019 has data
    assert 2019 in [y for y, _label in year_choices()]
    make_member(su, tree.br1a, joined=D(2019, 6, 1), category="volunteer", year=1991)
    figures.refresh_dirty()
    assert _value(tree.b1, 2019, "volunteers") == 4  # the 2019 admission counts in 2019
    assert _value(tree.b1, 2018, "volunteers") == 3
    this_year = timezone.localdate().year
    assert _value(tree.b1, this_year, "volunteers") == 4


def test_a_past_write_creates_the_years_it_touches(tree, users):
    make_member(users.superuser, tree.br1a, joined=D(2017, 3, 1))
    figures.refresh_dirty()
    assert UnitFigure.objects.filter(unit=tree.b1, year=2017).exists()
    assert _value(tree.p1, 2017, "members") == 1


def test_the_trend_ends_at_the_year_shown(tree, users):
    make_member(users.superuser, tree.br1a, joined=D(2016, 3, 1))
    figures.refresh_all()
    d = selectors.dashboard(tree.b1, 2019)
    assert [y for y, _v in d.trend] == [2015, 2016, 2017, 2018, 2019]
    assert [v["members"] for _y, v in d.trend][1:] == [1, 1, 1, 1]


def test_it_accepts_a_plan_for_the_next_term(tree, users):
    plan = services.create_plan(
        actor=users.superuser, unit=tree.p1, number="01-NQ/ĐH", issued_on=D(2025, 10, 20),
        title="Nghị quyết Đại hội nhiệm kỳ 2026–2030", start_year=2026, end_year=2030,
    )  # fmt: skip
    assert (plan.start_year, plan.end_year) == (2026, 2030)
    with pytest.raises(ValidationError):
        services.create_plan(
            actor=users.superuser, unit=tree.p1, number="02", issued_on=D(2025, 1, 1),
            title="Quá dài", start_year=2026, end_year=2060,
        )  # fmt: skip


def test_the_years_offered_reach_back_to_the_first_terms_start(tree, womens_terms):
    years = [y for y, _label in year_choices()]
    assert years[0] == timezone.localdate().year
    assert 2016 in years  # the 2016–2021 term's denominators are entered for 2016
