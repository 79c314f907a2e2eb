"""org.locks: the one check for periods the reporting cycle locked."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from org.locks import ensure_open, ensure_open_rows
from org.models import PeriodLock, Unit

D = datetime.date


@pytest.fixture
def lock(tree, users):
    return PeriodLock.objects.create(
        unit=tree.b1, start=D(2025, 1, 1), end=D(2025, 6, 30), label="6 tháng đầu năm 2025",
        locked_by=users.province_manager,
    )  # fmt: skip


def test_it_refuses_a_date_inside_for_the_unit_and_its_subtree(tree, lock):
    for unit in (tree.b1, tree.br1a):
        for day in (D(2025, 1, 1), D(2025, 6, 30)):  # both edges are inside
            with pytest.raises(ValidationError) as e:
                ensure_open(unit=unit, on=day)
            text = e.value.messages[0]
            assert "6 tháng đầu năm 2025" in text and "tinh_ql" in text
            assert day.strftime("%d/%m/%Y") in text


def test_it_allows_dates_outside_units_elsewhere_and_the_unit_above(tree, lock):
    ensure_open(unit=tree.b1, on=D(2024, 12, 31))
    ensure_open(unit=tree.b1, on=D(2025, 7, 1))
    ensure_open(unit=tree.b2, on=D(2025, 3, 1))
    ensure_open(unit=tree.p1, on=D(2025, 3, 1))  # a base's lock does not lock its province


def test_several_dates_and_a_reopened_lock(tree, lock):
    with pytest.raises(ValidationError, match="03/03/2025"):
        ensure_open(unit=tree.br1a, on=[D(2025, 9, 1), D(2025, 3, 3), D(2024, 1, 1)])
    ensure_open(unit=tree.br1a, on=[])
    PeriodLock.objects.filter(pk=lock.pk).update(reopened_at=timezone.now())
    ensure_open(unit=tree.br1a, on=D(2025, 3, 3))


def test_the_bulk_variant_over_rows(tree, lock):
    units = Unit.objects.filter(pk__in=[tree.b2.pk, tree.p1.pk])
    ensure_open_rows(units, path_field="path", date_field="valid_from")  # no dated row inside
    Unit.objects.filter(pk=tree.br1b.pk).update(valid_from=D(2025, 2, 2))
    with pytest.raises(ValidationError, match="02/02/2025"):
        ensure_open_rows(Unit.objects.all(), path_field="path", date_field="valid_from")
    ensure_open_rows(Unit.objects.none(), path_field="path", date_field="valid_from")
