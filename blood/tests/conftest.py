import datetime

import pytest

from blood import services
from people.models import Person
from people.services import create_person

D = datetime.date
BORN = D(1990, 5, 10)
FIRST_SUNDAY = D(2025, 3, 2)


@pytest.fixture
def person_factory(users, tree):
    n = {"i": 0}

    def make(name="Nguyễn Văn An", sex="M", birth=BORN, unit=None, **extra):
        n["i"] += 1
        return create_person(
            actor=users.base_editor, unit=unit or tree.b1, full_name=name, sex=sex,
            birth_date=birth, confirm_duplicate=True, **extra,
        )  # fmt: skip

    return make


@pytest.fixture
def drive_factory(users, tree):
    def make(date=FIRST_SUNDAY, unit=None, **extra):
        return services.create_drive(
            actor=users.base_editor, unit=unit or tree.b1, date=date, site="Nhà văn hoá phường",
            centre="Trung tâm Truyền máu khu vực", campaign="red_sunday", target_units=100,
            **extra,
        )  # fmt: skip

    return make


def donate(actor, drive, person: Person, volume=350, kind="whole", weight="60", **extra):
    reg = services.register(actor=actor, drive=drive, person=person, weight_kg=weight, **extra)
    services.record_outcomes(
        actor=actor, drive=drive,
        items=[{"registration": reg.pk, "outcome": "donated", "volume_ml": volume, "kind": kind}],
    )  # fmt: skip
    return reg
