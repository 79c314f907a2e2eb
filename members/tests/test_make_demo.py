import datetime
import io
import unicodedata
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEvent
from core.text import search_key, vn_sort_key
from core.vn import age_on, clean_cccd, clean_phone
from members import demo
from members.models import EndReason, Membership
from members.services import MEMBER_UNIT_KINDS
from people.models import Person

TODAY = datetime.date(2026, 6, 15)
N = 300


def snapshot() -> list[tuple]:
    people = {
        p.pk: (p.full_name, p.sex, p.birth_date, p.birth_year, p.cccd, p.phone, p.address_detail)
        for p in Person.objects.all()
    }
    return sorted(
        (
            (
                people[m.person_id],
                m.unit_id,
                m.category,
                m.card_number,
                m.joined_on,
                m.ended_on,
                m.end_reason,
            )
            for m in Membership.objects.all()
        ),
        key=repr,
    )


@pytest.fixture
def made(tree):
    call_command("make_demo", members=N, seed=5, today=TODAY.isoformat(), stdout=io.StringIO())
    return tree


def test_it_makes_the_asked_number_of_memberships_and_one_audit_event(made):
    assert N <= Membership.objects.count() <= N + 3
    assert Person.objects.count() < Membership.objects.count()
    event = AuditEvent.objects.get(action="members.demo.generate")
    assert event.data["memberships"] == Membership.objects.count()
    assert event.data["people"] == Person.objects.count()
    assert event.data["seed"] == 5


def test_it_gives_the_same_data_for_the_same_seed(made):
    first = snapshot()
    Membership.objects.update(previous=None)
    Membership.objects.all().delete()
    Person.objects.all().delete()
    call_command("make_demo", members=N, seed=5, today=TODAY.isoformat(), stdout=io.StringIO())
    assert snapshot() == first


def test_it_gives_other_data_for_another_seed(tree):
    plan = demo.load_plan()
    one = [p["full_name"] for p, _r in demo.Generator(plan, seed=1, today=TODAY).people(50)]
    again = [p["full_name"] for p, _r in demo.Generator(plan, seed=1, today=TODAY).people(50)]
    other = [p["full_name"] for p, _r in demo.Generator(plan, seed=2, today=TODAY).people(50)]
    assert one == again
    assert one != other


def test_it_writes_cccd_numbers_that_pass_the_cccd_rules(made):
    people = list(Person.objects.exclude(cccd=None))
    assert len(people) > N * 0.7
    for p in people:
        assert clean_cccd(p.cccd, birth_year=p.birth_year, sex=p.sex) == p.cccd
    assert len({p.cccd for p in people}) == len(people)


def test_it_writes_valid_phones_and_names_with_their_keys(made):
    people = list(Person.objects.all())
    assert any(p.phone for p in people)
    for p in people:
        assert clean_phone(p.phone) == p.phone
        assert unicodedata.is_normalized("NFC", p.full_name)
        assert len(p.full_name.split()) >= 3
        assert p.search_key == search_key(p.full_name)
        assert p.sort_key == vn_sort_key(p.full_name)
        assert p.birth_year is not None and 1900 <= p.birth_year <= TODAY.year
        if p.birth_date is not None:
            assert p.birth_date.year == p.birth_year and p.birth_precision == "day"
        else:
            assert p.birth_precision == "year"
    assert sum(p.full_name != p.search_key for p in people) == len(people)  # all have diacritics
    women = sum(p.sex == "F" for p in people) / len(people)
    assert 0.5 < women < 0.7
    nguyen = sum(p.full_name.startswith("Nguyễn ") for p in people) / len(people)
    assert 0.25 < nguyen < 0.5
    assert any(p.birth_date is None for p in people)


def test_it_keeps_volunteers_adult_and_youth_young_at_joining(made):
    for m in Membership.objects.select_related("person").filter(
        category__in=["volunteer", "youth"]
    ):
        age = age_on(m.person.birth_year, m.person.birth_date, m.joined_on)
        if m.category == "volunteer":
            assert age >= 18
        else:
            assert 16 <= age <= 30


def test_it_puts_members_in_member_units_of_the_tree(made):
    units = set(Membership.objects.values_list("unit__kind", flat=True))
    assert units <= set(MEMBER_UNIT_KINDS)
    assert Membership.objects.filter(unit=made.br1a).exists()
    assert Membership.objects.filter(unit__path__startswith=made.p2.path).exists()


def test_it_never_overlaps_memberships_of_one_person_and_category(made):
    spans = defaultdict(list)
    for m in Membership.objects.all():
        assert m.ended_on is None or m.ended_on > m.joined_on
        assert m.joined_on <= TODAY and (m.ended_on is None or m.ended_on <= TODAY)
        spans[(m.person_id, m.category)].append((m.joined_on, m.ended_on or datetime.date.max))
    for periods in spans.values():
        periods.sort()
        for (_a, end), (start, _b) in zip(periods, periods[1:], strict=False):
            assert end <= start


def test_it_makes_histories_with_transfers_exits_and_readmissions(made):
    ms = list(Membership.objects.select_related("previous", "unit", "previous__unit"))
    transfers = [m for m in ms if m.previous and m.previous.end_reason == EndReason.TRANSFERRED]
    readmits = [m for m in ms if m.previous and m.previous.end_reason != EndReason.TRANSFERRED]
    exits = [m for m in ms if m.end_reason and m.end_reason != EndReason.TRANSFERRED]
    assert transfers and exits
    for m in transfers:
        assert m.previous.ended_on == m.joined_on
        assert m.previous.person_id == m.person_id and m.previous.category == m.category
        assert m.previous.unit_id != m.unit_id
        assert m.previous.unit.path[:12] == m.unit.path[:12]  # branches of the same base
        assert m.card_number == m.previous.card_number
    for m in readmits:
        assert m.previous.ended_on < m.joined_on
        assert m.previous.end_reason in (EndReason.RESIGNED, EndReason.MOVED_AWAY)
    for m in exits:
        if m.end_reason == EndReason.REMOVED:
            assert m.end_note
    reasons = {m.end_reason for m in ms}
    assert EndReason.TRANSFERRED in reasons and len(reasons) >= 3


def test_it_gives_each_open_membership_its_own_card_number(made):
    cards = list(Membership.objects.filter(ended_on=None).values_list("card_number", flat=True))
    assert all(cards) and len(set(cards)) == len(cards)
    holders = defaultdict(set)
    for card, person in Membership.objects.values_list("card_number", "person_id"):
        holders[card].add(person)
    assert all(len(p) == 1 for p in holders.values())


def test_it_adds_to_what_is_there_without_clashing(made):
    call_command("make_demo", members=N, seed=5, today=TODAY.isoformat(), stdout=io.StringIO())
    cccds = list(Person.objects.exclude(cccd=None).values_list("cccd", flat=True))
    assert len(set(cccds)) == len(cccds)
    assert Membership.objects.count() >= 2 * N


def test_it_limits_the_data_to_one_province(tree):
    out = io.StringIO()
    call_command("make_demo", members=100, province="51", seed=1, stdout=out)
    assert not Membership.objects.exclude(unit__path__startswith=tree.p2.path).exists()
    assert "100" in out.getvalue()


def test_it_skips_when_members_exist_and_asked_to(made):
    call_command("make_demo", members=N, if_empty=True, stdout=io.StringIO())
    assert Membership.objects.count() <= N + 3


def test_it_refuses_an_unknown_province_and_an_empty_tree(db, tree):
    with pytest.raises(CommandError):
        call_command("make_demo", members=10, province="99", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("make_demo", members=10, province="x", stdout=io.StringIO())


def test_it_refuses_to_run_without_bases(db):
    with pytest.raises(CommandError):
        call_command("make_demo", members=10, stdout=io.StringIO())
