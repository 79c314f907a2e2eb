"""A rule change recomputes the roster's dates; a locked period refuses the drive's writes; the
drives page keeps a fixed number of queries; the roster's commune filter."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blood import selectors, services
from blood.models import Donor, Registration
from org.models import PeriodLock

from .conftest import donate

D = datetime.date


def test_a_rule_change_moves_the_next_eligible_dates(
    users, tree, person_factory, drive_factory, django_capture_on_commit_callbacks
):
    p = person_factory()
    donate(users.base_editor, drive_factory(date=D(2025, 1, 5)), p)
    assert Donor.objects.get().next_eligible_on == D(2025, 3, 30)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_rule(actor=users.superuser, unit=tree.p1, effective_from=D(2020, 1, 1),
                           whole_blood_days=100, source="QĐ tỉnh")  # fmt: skip
    assert Donor.objects.get().next_eligible_on == D(2025, 4, 15)


def test_a_locked_period_refuses_the_drive_writes(users, tree, person_factory, drive_factory):
    d = drive_factory(date=D(2025, 3, 2))
    reg = services.register(actor=users.base_editor, drive=d, person=person_factory(),
                            weight_kg="60")  # fmt: skip
    PeriodLock.objects.create(unit=tree.p1, start=D(2025, 1, 1), end=D(2025, 3, 31),
                              label="Quý I/2025", locked_by=users.province_manager)  # fmt: skip
    with pytest.raises(ValidationError) as e:
        services.record_outcomes(actor=users.base_editor, drive=d, items=[
            {"registration": reg.pk, "outcome": "absent"}
        ])  # fmt: skip
    assert "Quý I/2025" in e.value.messages[0] and "khoá sổ" in e.value.messages[0]
    with pytest.raises(ValidationError):
        drive_factory(date=D(2025, 2, 1))
    with pytest.raises(ValidationError):
        services.register(actor=users.base_editor, drive=d,
                          person=person_factory(name="Lê Văn Bảy"), weight_kg="60")  # fmt: skip
    assert Registration.objects.get().outcome == "pending"
    drive_factory(date=D(2025, 4, 1))  # after the period: open


def test_the_drives_page_has_a_fixed_number_of_queries(users, tree, login, drive_factory):
    client = login(users.base_editor)
    url = reverse("blood:home", args=[tree.b1.pk])
    drive_factory()
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(4):
        drive_factory(date=D(2025, 4, 1 + i), unit=tree.br1a)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).content.decode().count("Nhà văn hoá phường") == 5
    assert len(five) == len(one)


def test_the_roster_narrows_to_a_commune(users, tree, person_factory):
    for name, code in (("Nguyễn Văn Một", "20194"), ("Nguyễn Văn Hai", "20195")):
        p = person_factory(name=name, address_code=code)
        services.update_donor(actor=users.base_editor, person=p, abo="O", rh="+", on_call=True)
    rows = selectors.roster(users.base_editor, tree.b1,
                            selectors.RosterQuery(abo="O", commune="20195", on=D(2025, 1, 1)))  # fmt: skip
    assert [d.person.full_name for d in rows] == ["Nguyễn Văn Hai"]


def test_the_audit_trail_names_the_blood_actions(users, drive_factory):
    from core.audit_text import describe
    from core.models import AuditEvent

    drive_factory()
    [line] = describe(AuditEvent.objects.filter(action="blood.drive.create"))
    assert line.what == "lập một đợt hiến máu"
