"""Two people passing on the same calf at the same moment (two phones, one calf): the calf's row
lock makes the second wait, then see the calf already with the next household and refuse. Needs
PostgreSQL: ``PG_FAST=1 scripts/with-postgres.sh .venv/bin/python -m pytest projects``."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from aid.tests.test_concurrency import _race
from projects import services
from projects.models import Placement, PlacementKind

from .factories import D, households


@pytest.mark.django_db(transaction=True)
def test_one_calf_passed_on_twice_at_once_goes_to_one_household(users, tree):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, there is no race to test")
    ed = users.base_editor
    h1, h2, h3 = households(ed, tree.b1, 3)
    cow = services.acquire_cow(actor=ed, unit=tree.b1, acquired_on=D(2023, 1, 2))
    services.give_cow(actor=ed, animal=cow, household=h1, on=D(2023, 1, 3))
    calf = services.record_birth(actor=ed, mother=cow, born_on=D(2023, 10, 1), sex="F")
    out = _race(
        lambda: services.pass_on(actor=ed, calf=calf, on=D(2024, 5, 1), household=h2),
        lambda: services.pass_on(
            actor=users.base_manager, calf=calf, on=D(2024, 5, 2), household=h3
        ),
    )
    assert out["first"] is None
    assert isinstance(out["second"], ValidationError)
    assert "không phải bê hộ đang nợ" in str(out["second"])
    assert list(Placement.objects.filter(kind=PlacementKind.PASSED).values_list("household_id", flat=True)) == [h2.pk]  # fmt: skip
