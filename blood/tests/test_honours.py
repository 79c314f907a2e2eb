"""Milestones as data, counted across the donations recorded before sohoi (the opening count)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from blood import services
from blood.models import Donor, Honour, Milestone

from .conftest import donate

D = datetime.date
START = D(2020, 1, 5)


def _donations(users, drive_factory, person, n, start=START):
    for i in range(n):
        donate(users.base_editor, drive_factory(date=start + datetime.timedelta(days=90 * i)),
               person)  # fmt: skip


def test_the_fifth_donation_is_honoured(users, person_factory, drive_factory):
    p = person_factory()
    _donations(users, drive_factory, p, 4)
    assert not Honour.objects.exists()
    _donations(users, drive_factory, p, 1, start=D(2021, 6, 1))
    h = Honour.objects.get()
    assert (h.milestone, h.reached_on, h.person) == (5, D(2021, 6, 1), p)


def test_milestones_across_the_opening_count(users, person_factory, drive_factory):
    p = person_factory()
    services.update_donor(actor=users.base_editor, person=p, opening_count=9,
                          opening_source="Sổ theo dõi của phường 2010–2024")  # fmt: skip
    assert not Honour.objects.exists()  # the milestones before sohoi are not listed again
    _donations(users, drive_factory, p, 1)
    assert list(Honour.objects.values_list("milestone", flat=True)) == [10]
    assert Donor.objects.get().total_count == 10
    _donations(users, drive_factory, p, 5, start=D(2021, 1, 5))
    assert list(Honour.objects.order_by("milestone").values_list("milestone", flat=True)) == [
        10, 15,
    ]  # fmt: skip
    fifteenth = Honour.objects.get(milestone=15)
    assert fifteenth.reached_on == D(2021, 1, 5) + datetime.timedelta(days=90 * 4)


def test_an_opening_count_needs_its_source(users, person_factory):
    p = person_factory()
    with pytest.raises(ValidationError) as e:
        services.update_donor(actor=users.base_editor, person=p, opening_count=3)
    assert "nguồn" in str(e.value)


def test_milestones_are_data(users, person_factory, drive_factory):
    Milestone.objects.filter(count=5).update(active=False)
    Milestone.objects.create(count=3)
    p = person_factory()
    _donations(users, drive_factory, p, 5)
    assert list(Honour.objects.values_list("milestone", flat=True)) == [3]


def test_a_deferral_or_absence_is_not_a_donation(users, person_factory, drive_factory):
    p = person_factory()
    services.update_donor(actor=users.base_editor, person=p, opening_count=4,
                          opening_source="Giấy chứng nhận")  # fmt: skip
    drive = drive_factory()
    reg = services.register(actor=users.base_editor, drive=drive, person=p, weight_kg="60")
    services.record_outcomes(actor=users.base_editor, drive=drive,
                             items=[{"registration": reg.pk, "outcome": "absent"}])  # fmt: skip
    assert not Honour.objects.exists() and Donor.objects.get().total_count == 4


def test_saving_the_same_group_keeps_the_centre_as_its_source(users, person_factory):
    p = person_factory()
    services.update_donor(actor=users.base_editor, person=p, abo="A", rh="+")
    Donor.objects.filter(pk=p.pk).update(group_source="centre")
    services.update_donor(actor=users.base_editor, person=p, abo="A", rh="+", on_call=True)
    assert Donor.objects.get().group_source == "centre"
    services.update_donor(actor=users.base_editor, person=p, abo="B", rh="+")
    assert Donor.objects.get().group_source == "entered"
