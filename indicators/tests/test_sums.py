"""The compact sums stored per row (what a dashboard's child-unit table reads) give the same values
as the full figures; rows without them (or from another catalogue) still read right."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from indicators import figures, selectors
from indicators.catalogue import (
    BY_CODE,
    CATALOGUE,
    PRESET_SETTINGS,
    READS,
    SUMS_VERSION,
    CompactFigures,
    Figures,
    ProfileSettings,
    compact,
)
from indicators.models import UnitFigure
from indicators.tests.test_figures import data  # noqa: F401 (fixture)
from members.services import admit_member
from members.tests.factories import make_person

D = datetime.date
SETTINGS = [ProfileSettings(), *PRESET_SETTINGS.values()]

keys = st.one_of(
    st.builds(
        "a:{}:{}:{}".format,
        st.sampled_from(["member", "volunteer", "youth", "honorary"]),
        st.sampled_from(["M", "F", "U"]),
        st.sampled_from(["0-5", "18-29", "30-39", "unknown"]),
    ),
    st.builds("{}:{}".format, st.sampled_from("jlcr"), st.sampled_from(["member", "volunteer"])),
    st.builds("dues_out_to:{}".format, st.integers(1, 9)),
    st.sampled_from(sorted(k for k in READS if not k.endswith(":"))),
)
figure_dicts = st.dictionaries(keys, st.integers(-(10**7), 10**9), max_size=40)


@given(now=figure_dicts, before=st.none() | figure_dicts)
def test_it_gives_every_indicator_the_same_value_from_the_compact_sums(now, before):
    small_before = None if before is None else compact(before)
    for s in SETTINGS:
        full = Figures(now, before, s)
        small = CompactFigures(compact(now), small_before, s)
        for ind in CATALOGUE:
            assert ind.value(small) == ind.value(full), ind.code


def test_it_keeps_only_what_the_catalogue_reads():
    sums = compact({"a:member:F:18-29": 2, "a:member:M:30-39": 3, "c:member": 4, "cad": 0})
    assert sums == {"a:member:": 5, "a:member:F:": 2, "_v": SUMS_VERSION}
    assert {"a:member:", "d:population", "d:women_18plus", "dues_paid", "fund"} <= READS


def test_it_stores_the_sums_on_every_refresh(tree, users, data):  # noqa: F811
    rows = list(UnitFigure.objects.all())
    assert rows and all(r.sums == compact(r.figures) for r in rows)
    admit_member(actor=users.superuser, person=make_person(users.superuser, tree.br2a),
                 unit=tree.br2a, category="member", joined_on=D(2024, 5, 1))  # fmt: skip
    figures.refresh_dirty()
    rows = list(UnitFigure.objects.all())
    assert all(r.sums == compact(r.figures) for r in rows)
    assert UnitFigure.objects.get(unit=tree.p1, year=2024).sums["a:member:"] == 3


def _dashboard_values(unit, year):
    d = selectors.dashboard(unit, year)
    return (
        [(r.unit.pk, {c: cell.value for c, cell in r.cells.items()}) for r in [d.own, *d.children]],
        d.trend,
        d.breakdown,
    )


@pytest.mark.parametrize("stored", [None, {"_v": SUMS_VERSION + 1, "a:member:": 99}])
def test_it_reads_rows_without_current_sums_from_their_figures(tree, data, stored):  # noqa: F811
    year = timezone.localdate().year
    expected = {y: _dashboard_values(tree.p1, y) for y in (2023, 2024, year)}
    with CaptureQueriesContext(connection) as fresh:
        _dashboard_values(tree.p1, 2024)
    UnitFigure.objects.update(sums=stored)
    for y, values in expected.items():
        assert _dashboard_values(tree.p1, y) == values
    assert selectors.values([tree.b1], 2023, [BY_CODE["members"]])[0].cells["members"].value == 3
    with CaptureQueriesContext(connection) as old:
        _dashboard_values(tree.p1, 2024)
    # Rows written before the column: no extra query; of another catalogue: one more.
    assert len(old) == len(fresh) + (0 if stored is None else 1)
