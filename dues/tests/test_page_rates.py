"""The dues page's collection rates for today: read from the figures the dashboards keep when
those are current, counted from the registers otherwise; the page shows the same either way and
a receipt recorded a moment ago at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dues import selectors
from indicators import figures
from indicators.models import UnitFigure

from .factories import exempt, members, pay


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def data(tree, today):
    ms = members(tree.br1a, 6, joined=datetime.date(today.year - 1, 1, 1))
    ms += members(tree.br1b, 4, joined=datetime.date(today.year - 1, 1, 1))
    ms += members(tree.b1, 2, joined=datetime.date(today.year - 1, 1, 1))  # kept by the base
    for m in (ms[0], ms[1], ms[6], ms[10]):
        pay(m, on=today, year=today.year)
    exempt(ms[2], on=today, year=today.year)
    figures.refresh_dirty()  # what the background task does seconds after the writes
    return ms


def shown(client, unit):
    r = client.get(reverse("dues:home", args=[unit.pk]))
    assert r.status_code == 200
    rows = [(row.unit.pk, row.members, row.paid, row.exempt) for row in r.context["rows"]]
    total = r.context["total"]
    return (total.members, total.paid, total.exempt), rows


def counted(unit, today):
    total, rows = selectors.rates_by_child(unit, today.year, today)
    return (total.members, total.paid, total.exempt), [
        (row.unit.pk, row.members, row.paid, row.exempt) for row in rows
    ]


def test_it_reads_current_figures_and_shows_what_the_registers_say(tree, users, data, login, today):
    client = login(users.province_manager)
    for unit in (tree.p1, tree.b1, tree.br1a):
        assert selectors.kept_rates(unit, today.year, today) is not None, unit
        assert shown(client, unit) == counted(unit, today)
    assert shown(client, tree.b1) == (
        (12, 4, 1),
        [(tree.b1.pk, 2, 1, 0), (tree.br1a.pk, 6, 2, 1), (tree.br1b.pk, 4, 1, 0)],
    )


def test_it_shows_a_receipt_recorded_a_moment_ago(tree, users, data, login, today):
    client = login(users.base_manager)
    pay(data[3], on=today, year=today.year)  # the figures wait for the next refresh
    assert selectors.kept_rates(tree.b1, today.year, today) is None
    assert shown(client, tree.b1)[0] == (12, 5, 1)


def test_it_counts_when_the_figures_are_of_an_earlier_day(tree, users, data, login, today):
    UnitFigure.objects.update(computed_at=timezone.now() - datetime.timedelta(days=1))
    assert selectors.kept_rates(tree.b1, today.year, today) is None
    assert shown(login(users.base_manager), tree.b1) == counted(tree.b1, today)


def test_it_counts_a_past_date(tree, users, data, login, today):
    on = today - datetime.timedelta(days=1)
    assert selectors.kept_rates(tree.b1, today.year, on) is None
