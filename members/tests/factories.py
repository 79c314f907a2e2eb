"""Plain factory functions for the people and members tests (no fixtures, no magic)."""

import datetime
import itertools

from members.services import admit_member
from people.services import create_person

JOINED = datetime.date(2020, 1, 1)
_numbers = itertools.count(1)


def make_person(actor, unit, name=None, sex="F", year=1985, *, confirm_duplicate=True, **fields):
    """A person registered with ``unit``; without a name, a unique one."""
    return create_person(
        actor=actor,
        unit=unit,
        full_name=name or f"Nguyễn Thị Người {next(_numbers)}",
        sex=sex,
        birth_year=year,
        confirm_duplicate=confirm_duplicate,
        **fields,
    )


def make_member(
    actor,
    unit,
    name=None,
    *,
    sex="F",
    year=1985,
    joined=JOINED,
    category="member",
    card_number="",
    note="",
    person=None,
    **person_fields,
):
    """Admit ``person`` (or a new person made from ``name``, ``sex``, ``year``, ``person_fields``)."""
    if person is None:
        person = make_person(actor, unit, name, sex, year, **person_fields)
    return admit_member(
        actor=actor,
        person=person,
        unit=unit,
        category=category,
        joined_on=joined,
        card_number=card_number,
        note=note,
    )
