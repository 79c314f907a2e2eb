"""Property: after any run of admissions, ends, transfers, unit moves and merges, the stored
roll-ups (kept current incrementally) equal a direct recount over the memberships, for every unit
and every kept year, as the tree stood at the year's end."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators import figures, selectors
from members.models import EndReason, Membership
from members.selectors import joined_between, left_between
from members.services import admit_member, end_membership, transfer_membership
from members.tests.factories import make_person
from org.models import Unit, UnitKind
from org.services.reorg import merge_units, move_unit

START = datetime.date(2022, 1, 1)

op = st.one_of(
    st.tuples(st.just("admit"), st.integers(0, 50), st.sampled_from(["member", "volunteer"]),
              st.sampled_from(["M", "F"]), st.integers(1950, 2004)),
    st.tuples(st.just("end"), st.integers(0, 50)),
    st.tuples(st.just("transfer"), st.integers(0, 50), st.integers(0, 50)),
    st.tuples(st.just("move"), st.integers(0, 50), st.integers(0, 50)),
    st.tuples(st.just("merge"), st.integers(0, 50), st.integers(0, 50)),
)  # fmt: skip


def _pick(seq, i):
    return seq[i % len(seq)] if seq else None


def _apply(su, step, on):
    kind = step[0]
    member_units = list(
        Unit.objects.filter(kind__in=[UnitKind.BRANCH, UnitKind.BASE], valid_to__isnull=True)
    )
    bases = [u for u in member_units if u.kind == UnitKind.BASE]
    branches = [u for u in member_units if u.kind == UnitKind.BRANCH]
    open_ms = list(Membership.objects.filter(ended_on__isnull=True).order_by("pk"))
    if kind == "admit":
        unit = _pick(member_units, step[1])
        person = make_person(su, unit, sex=step[3], year=step[4])
        admit_member(actor=su, person=person, unit=unit, category=step[2], joined_on=on)
    elif kind == "end" and open_ms:
        end_membership(actor=su, membership=_pick(open_ms, step[1]), on=on,
                       reason=EndReason.RESIGNED)  # fmt: skip
    elif kind == "transfer" and open_ms:
        transfer_membership(actor=su, membership=_pick(open_ms, step[1]),
                            to_unit=_pick(member_units, step[2]), on=on)  # fmt: skip
    elif kind == "move" and branches:
        move_unit(actor=su, unit=_pick(branches, step[1]), new_parent=_pick(bases, step[2]), on=on)
    elif kind == "merge" and len(bases) > 1:
        a, b = _pick(bases, step[1]), _pick(bases, step[2])
        if a.pk != b.pk:
            merge_units(actor=su, sources=[a], into=b, on=on)


def _recount(unit, year):
    end = figures.period_end(year)
    after = end + datetime.timedelta(days=1)
    start = datetime.date(year, 1, 1)
    active = Membership.objects.in_subtree_on(unit, end).active_on(end)
    return {
        "members": active.filter(category="member").count(),
        "volunteers": active.filter(category="volunteer").count(),
        "joined": joined_between(unit, start, after).filter(category="member").count(),
        "left": left_between(unit, start, after).filter(category="member").count(),
    }


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(op, st.integers(1, 200)), min_size=1, max_size=14))
def test_it_keeps_rollups_equal_to_a_direct_recount(tree, users, steps):
    from indicators.catalogue import BY_CODE

    with transaction.atomic():
        figures.refresh_all()
        on = START
        today = figures.period_end(START.year + 10)
        for step, days in steps:
            on = min(on + datetime.timedelta(days=days), today)
            try:
                with transaction.atomic():
                    _apply(users.superuser, step, on)
            except ValidationError:
                pass
        figures.refresh_dirty()
        codes = [BY_CODE[c] for c in ("members", "volunteers", "joined", "left")]
        units = list(Unit.objects.all())
        for year in figures.kept_years():
            rows = selectors.values(units, year, codes)
            for unit, row in zip(units, rows, strict=True):
                got = {c: row.cells[c].value or 0 for c in row.cells}
                assert got == _recount(unit, year), (unit.name, year)
        transaction.set_rollback(True)
