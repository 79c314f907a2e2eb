import datetime

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from members.tests.factories import make_member
from people.models import Person
from people.selectors import base_of
from people.services import (
    DuplicateWarning,
    anonymise_person,
    create_person,
    record_consent,
    update_person,
    withdraw_consent,
)


@pytest.fixture
def actor(users):
    return users.base_manager


def _hoa(actor, unit, **extra):
    fields = {"full_name": "Nguyễn Thị Hoà", "sex": "F", "birth_year": 1985}
    fields.update(extra)
    return create_person(actor=actor, unit=unit, **fields)


def test_it_creates_a_person_with_normalised_keys_and_an_audit_event(tree, actor):
    p = _hoa(actor, tree.br1a, phone="+84 912 345 678", cccd="48185000123")
    assert p.search_key == "nguyen thi hoa"
    assert p.cccd == "048185000123" and p.phone == "0912345678"
    assert p.birth_precision == "year" and p.birth_date is None
    assert AuditEvent.objects.filter(action="people.person.create", object_id=str(p.pk)).exists()


def test_it_takes_the_birth_year_from_a_full_birth_date(tree, actor):
    p = create_person(
        actor=actor,
        unit=tree.br1a,
        full_name="Lê Văn An",
        sex="M",
        birth_date=datetime.date(1990, 5, 4),
    )
    assert p.birth_year == 1990 and p.birth_precision == "day"


def test_it_reports_every_bad_field_in_vietnamese(tree, actor):
    with pytest.raises(ValidationError) as e:
        create_person(
            actor=actor,
            unit=tree.br1a,
            full_name="Hoà",
            sex="F",
            birth_year=1985,
            cccd="048085000123",  # digit 0: a man
            phone="12345",
        )
    errors = e.value.message_dict
    assert set(errors) == {"full_name", "cccd", "phone"}
    assert "giới tính" in errors["cccd"][0]
    assert not Person.objects.exists()


def test_it_blocks_a_second_person_with_the_same_cccd_without_naming_the_holder(tree, users):
    _hoa(users.other_province, tree.b3, cccd="048185000123")
    with pytest.raises(ValidationError) as e:
        create_person(
            actor=users.base_manager,
            unit=tree.br1a,
            full_name="Trần Thị Hoa",
            sex="F",
            birth_year=1985,
            cccd="048185000123",
        )
    assert "cccd" in e.value.message_dict
    assert "Nguyễn" not in str(e.value)


def test_it_warns_of_the_same_name_and_birth_year_in_the_same_base_and_allows_confirming(
    tree, actor
):
    first = _hoa(actor, tree.br1a)
    # Other spelling of the tone, another branch of the same base: still the same key.
    with pytest.raises(DuplicateWarning) as e:
        _hoa(actor, tree.br1b, full_name="Nguyễn Thị Hòa")
    assert e.value.people == [first]
    second = _hoa(actor, tree.br1b, full_name="Nguyễn Thị Hòa", confirm_duplicate=True)
    assert Person.objects.count() == 2 and second.pk != first.pk


def test_it_finds_a_duplicate_through_a_membership_in_the_base(tree, users):
    p = _hoa(users.province_manager, tree.p1)  # registered by the province
    make_member(users.province_manager, tree.br1a, person=p)
    with pytest.raises(DuplicateWarning):
        _hoa(users.base_manager, tree.b1)


def test_it_does_not_warn_across_bases_or_birth_years(tree, actor, users):
    _hoa(actor, tree.br1a)
    _hoa(users.sibling, tree.br2a)  # another base
    _hoa(actor, tree.br1a, birth_year=1986)  # another year
    assert Person.objects.count() == 3


def test_it_warns_on_edit_when_the_name_becomes_a_duplicate(tree, actor):
    _hoa(actor, tree.br1a)
    other = create_person(
        actor=actor, unit=tree.br1a, full_name="Nguyễn Thị Hoa", sex="F", birth_year=1985 - 1
    )
    with pytest.raises(DuplicateWarning):
        update_person(actor=actor, person=other, birth_year=1985)
    updated = update_person(actor=actor, person=other, birth_year=1985, confirm_duplicate=True)
    assert updated.birth_year == 1985


def test_it_keeps_sensitive_values_out_of_the_audit_trail(tree, actor):
    p = _hoa(actor, tree.br1a)
    update_person(
        actor=actor, person=p, cccd="048185000123", religion="buddhism", phone="0912345678"
    )
    event = AuditEvent.objects.filter(action="people.person.update").get()
    assert event.data["changed"]["cccd"] == "…"
    assert event.data["changed"]["religion"] == "…"
    assert event.data["changed"]["phone"] == ["", "0912345678"]
    assert "048185000123" not in str(event.data)


def test_it_records_and_withdraws_consent(tree, actor):
    p = _hoa(actor, tree.br1a)
    c = record_consent(
        actor=actor,
        person=p,
        purpose="Quản lý hội viên",
        given_on=datetime.date(2026, 1, 2),
        method="written",
    )
    withdraw_consent(actor=actor, consent=c, on=datetime.date(2026, 2, 1))
    c.refresh_from_db()
    assert c.withdrawn_on == datetime.date(2026, 2, 1)
    with pytest.raises(ValidationError):
        withdraw_consent(actor=actor, consent=c, on=datetime.date(2026, 2, 2))
    with pytest.raises(ValidationError):
        record_consent(
            actor=actor, person=p, purpose=" ", given_on=datetime.date(2026, 1, 2), method="written"
        )


def test_it_anonymises_a_person_but_keeps_the_counts(tree, actor):
    p = _hoa(actor, tree.br1a, cccd="048185000123", phone="0912345678", ethnicity="01")
    m = make_member(actor, tree.br1a, person=p)
    anonymise_person(actor=actor, person=p)
    p.refresh_from_db()
    assert "Nguyễn" not in p.full_name and p.cccd is None and p.phone == "" and p.ethnicity == ""
    assert p.sex == "F" and p.birth_year == 1985 and p.anonymised_on
    m.refresh_from_db()
    assert m.ended_on is None  # the membership still counts
    with pytest.raises(ValidationError):
        update_person(actor=actor, person=p, full_name="Nguyễn Thị Hoà")


def test_it_finds_the_base_of_a_branch(tree):
    assert base_of(tree.br1a) == tree.b1
    assert base_of(tree.b1) == tree.b1
    assert base_of(tree.p1) == tree.p1


def test_people_are_visible_through_their_registering_unit_or_a_membership(tree, users):
    p = _hoa(users.province_manager, tree.p1)
    assert not Person.objects.visible_to(users.base_viewer).filter(pk=p.pk).exists()
    make_member(users.province_manager, tree.br1a, person=p)
    assert Person.objects.visible_to(users.base_viewer).filter(pk=p.pk).exists()
    assert not Person.objects.visible_to(users.sibling).filter(pk=p.pk).exists()
    assert not Person.objects.visible_to(users.nobody).exists()
