import datetime

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from members.models import Cadre, Membership
from members.selectors import statistics
from members.services import (
    admit_member,
    appoint_cadre,
    end_membership,
    end_memberships,
    readmit_member,
    transfer_membership,
    update_cadre,
)
from members.tests.factories import make_member, make_person
from org.services.reorg import cease_unit, merge_units, move_unit, split_unit

D = datetime.date


@pytest.fixture
def actor(users):
    return users.central_admin


def count(unit, on):
    return Membership.objects.in_subtree_on(unit, on).active_on(on).count()


def test_it_admits_a_member_with_an_audit_event(tree, actor):
    m = make_member(actor, tree.br1a, card_number="dn-001")
    assert m.card_number == "DN-001" and m.ended_on is None
    assert AuditEvent.objects.filter(
        action="members.membership.admit", object_id=str(m.pk)
    ).exists()


def test_it_refuses_units_that_do_not_keep_members_and_unknown_categories(tree, actor):
    with pytest.raises(ValidationError) as e:
        make_member(actor, tree.p1)
    assert "unit" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        make_member(actor, tree.br1a, category="astronaut")
    assert "category" in e.value.message_dict


def test_it_refuses_a_volunteer_under_18(tree, actor):
    young = make_person(actor, tree.br1a, year=2010)
    with pytest.raises(ValidationError) as e:
        admit_member(
            actor=actor, person=young, unit=tree.br1a, category="volunteer", joined_on=D(2026, 1, 1)
        )
    assert "18" in e.value.message_dict["category"][0]
    admit_member(
        actor=actor, person=young, unit=tree.br1a, category="youth", joined_on=D(2026, 1, 1)
    )


def test_it_keeps_card_numbers_unique_across_people(tree, actor):
    make_member(actor, tree.br1a, card_number="DN-1")
    with pytest.raises(ValidationError) as e:
        make_member(actor, tree.br1b, card_number="dn-1")
    assert "card_number" in e.value.message_dict


def test_it_refuses_a_second_open_membership_of_the_same_category(tree, actor):
    m = make_member(actor, tree.br1a)
    with pytest.raises(ValidationError):
        admit_member(
            actor=actor, person=m.person, unit=tree.br2a, category="member", joined_on=D(2021, 1, 1)
        )
    # Another category at the same time is fine: a member who also volunteers.
    admit_member(
        actor=actor, person=m.person, unit=tree.br1a, category="volunteer", joined_on=D(2021, 1, 1)
    )


def test_a_transfer_closes_and_opens_on_the_same_day_and_counts_stay_right(tree, actor):
    m = make_member(actor, tree.br1a, card_number="DN-7")
    new = transfer_membership(actor=actor, membership=m, to_unit=tree.br2a, on=D(2022, 6, 1))
    m.refresh_from_db()
    assert m.ended_on == new.joined_on == D(2022, 6, 1)
    assert m.end_reason == "transferred" and new.previous == m and new.card_number == "DN-7"
    day_before, day_of = D(2022, 5, 31), D(2022, 6, 1)
    assert (count(tree.b1, day_before), count(tree.b2, day_before)) == (1, 0)
    assert (count(tree.b1, day_of), count(tree.b2, day_of)) == (0, 1)
    assert count(tree.p1, day_before) == count(tree.p1, day_of) == 1  # never counted twice
    assert count(tree.p1, D(2019, 12, 31)) == 0


def test_a_transfer_is_all_or_nothing(tree, actor):
    m = make_member(actor, tree.br1a)
    with pytest.raises(ValidationError):
        transfer_membership(actor=actor, membership=m, to_unit=tree.p2, on=D(2022, 6, 1))
    m.refresh_from_db()
    assert m.ended_on is None and Membership.objects.count() == 1


def test_it_ends_a_membership_with_a_reason_and_removal_needs_a_note(tree, actor):
    m = make_member(actor, tree.br1a)
    with pytest.raises(ValidationError) as e:
        end_membership(actor=actor, membership=m, on=D(2023, 1, 1), reason="removed")
    assert "note" in e.value.message_dict
    end_membership(
        actor=actor, membership=m, on=D(2023, 1, 1), reason="removed", note="Bỏ sinh hoạt 2 năm"
    )
    m.refresh_from_db()
    assert (m.ended_on, m.end_reason, m.end_note) == (
        D(2023, 1, 1),
        "removed",
        "Bỏ sinh hoạt 2 năm",
    )
    with pytest.raises(ValidationError):
        end_membership(actor=actor, membership=m, on=D(2023, 2, 1), reason="resigned")


def test_it_refuses_an_end_before_the_join_or_in_the_future(tree, actor):
    m = make_member(actor, tree.br1a, joined=D(2020, 1, 1))
    with pytest.raises(ValidationError):
        end_membership(actor=actor, membership=m, on=D(2020, 1, 1), reason="resigned")
    with pytest.raises(ValidationError):
        end_membership(actor=actor, membership=m, on=D(2999, 1, 1), reason="resigned")


def test_death_ends_every_open_membership_of_the_person(tree, actor):
    m = make_member(actor, tree.br1a)
    v = admit_member(
        actor=actor, person=m.person, unit=tree.br1a, category="volunteer", joined_on=D(2021, 1, 1)
    )
    end_membership(actor=actor, membership=m, on=D(2024, 3, 1), reason="deceased")
    v.refresh_from_db()
    assert v.ended_on == D(2024, 3, 1) and v.end_reason == "deceased"
    with pytest.raises(ValidationError):
        readmit_member(actor=actor, membership=m, joined_on=D(2025, 1, 1))


def test_it_readmits_after_an_exit_and_links_the_stints(tree, actor):
    m = make_member(actor, tree.br1a, card_number="DN-9")
    end_membership(actor=actor, membership=m, on=D(2023, 1, 1), reason="resigned")
    with pytest.raises(ValidationError):
        readmit_member(actor=actor, membership=m, joined_on=D(2022, 1, 1))  # before the exit
    again = readmit_member(actor=actor, membership=m, joined_on=D(2024, 1, 1))
    assert again.previous == m and again.card_number == "DN-9"
    assert count(tree.b1, D(2023, 6, 1)) == 0 and count(tree.b1, D(2024, 6, 1)) == 1


def test_bulk_end_is_all_or_nothing(tree, actor):
    a = make_member(actor, tree.br1a)
    b = make_member(actor, tree.br1a, joined=D(2025, 1, 1))
    with pytest.raises(ValidationError):
        # b joined after the date: the whole batch is refused.
        end_memberships(actor=actor, memberships=[a, b], on=D(2024, 1, 1), reason="resigned")
    assert Membership.objects.filter(ended_on__isnull=False).count() == 0


def test_as_of_counts_survive_a_merge_of_bases(tree, actor):
    make_member(actor, tree.br1a)
    make_member(actor, tree.br1b)
    direct = make_member(actor, tree.b1)  # kept directly by the base
    make_member(actor, tree.br2a)
    make_member(actor, tree.b2)
    on = D(2024, 1, 1)
    merge_units(actor=actor, sources=[tree.b1], into=tree.b2, on=on)
    before, after = D(2023, 12, 31), on
    assert count(tree.b1, before) == 3 and count(tree.b2, before) == 2
    assert count(tree.b1, after) == 0 and count(tree.b2, after) == 5
    assert count(tree.p1, before) == count(tree.p1, after) == 5
    direct.refresh_from_db()
    assert direct.ended_on == on and direct.end_reason == "reorganised"
    assert direct.next.unit_id == tree.b2.pk and direct.next.joined_on == on
    # The merge is not a departure or an admission in the statistics.
    stats = statistics(tree.p1, D(2024, 6, 1))
    assert stats["left_per_year"][2024] == 0 and stats["joined_per_year"][2024] == 0


def test_as_of_counts_survive_a_merge_of_provinces_and_a_move(tree, actor):
    make_member(actor, tree.br1a)
    make_member(actor, tree.b3)
    merge_units(actor=actor, sources=[tree.p2], into=tree.p1, on=D(2024, 1, 1))
    assert count(tree.p2, D(2023, 1, 1)) == 1 and count(tree.p1, D(2023, 1, 1)) == 1
    assert count(tree.p1, D(2024, 1, 1)) == 2
    # Then a branch moves from b1 into b3 (which the merge carried under p1).
    move_unit(actor=actor, unit=tree.br1a, new_parent=tree.b3, on=D(2025, 1, 1))
    assert (count(tree.b1, D(2024, 6, 1)), count(tree.b3, D(2024, 6, 1))) == (1, 1)
    assert (count(tree.b1, D(2025, 6, 1)), count(tree.b3, D(2025, 6, 1))) == (0, 2)
    assert count(tree.p2, D(2023, 1, 1)) == 1  # still the old province's figure
    for day in (D(2023, 1, 1), D(2024, 6, 1), D(2025, 6, 1)):
        assert count(tree.central, day) == 2


def test_as_of_counts_follow_a_moved_branch(tree, actor):
    make_member(actor, tree.br1a)
    make_member(actor, tree.br1a)
    move_unit(actor=actor, unit=tree.br1a, new_parent=tree.b2, on=D(2024, 1, 1))
    assert count(tree.b1, D(2023, 6, 1)) == 2 and count(tree.b2, D(2023, 6, 1)) == 0
    assert count(tree.b1, D(2024, 6, 1)) == 0 and count(tree.b2, D(2024, 6, 1)) == 2


def test_a_split_moves_the_direct_members_to_the_chosen_part(tree, actor):
    make_member(actor, tree.b1)
    make_member(actor, tree.br1a)
    parts = split_unit(
        actor=actor,
        unit=tree.b1,
        parts=[
            {"name": "Phường A", "children": [tree.br1a]},
            {"name": "Phường B", "children": [tree.br1b]},
        ],
        on=D(2024, 1, 1),
        members_to=1,
    )
    assert count(parts[0], D(2024, 1, 1)) == 1  # the branch's member
    assert Membership.objects.current().filter(unit=parts[1]).count() == 1
    assert count(tree.b1, D(2023, 12, 31)) == 2 and count(tree.p1, D(2024, 1, 1)) == 2


def test_a_unit_with_members_cannot_be_dissolved(tree, actor):
    m = make_member(actor, tree.br1b)
    with pytest.raises(ValidationError) as e:
        cease_unit(actor=actor, unit=tree.br1b, on=D(2024, 1, 1), reason="Sáp nhập tổ dân phố")
    assert "1 người" in str(e.value)
    end_membership(actor=actor, membership=m, on=D(2023, 1, 1), reason="moved_away")
    cease_unit(actor=actor, unit=tree.br1b, on=D(2024, 1, 1), reason="Sáp nhập tổ dân phố")


def test_statistics_count_by_category_sex_band_and_growth(tree, actor):
    make_member(actor, tree.br1a, sex="M", year=2000, category="volunteer", joined=D(2025, 2, 1))
    make_member(actor, tree.br1a, joined=D(2020, 1, 1))
    make_member(actor, tree.br1b, joined=D(2025, 3, 1))
    gone = make_member(actor, tree.br1b, joined=D(2020, 1, 1))
    end_membership(actor=actor, membership=gone, on=D(2025, 4, 1), reason="resigned")
    s = statistics(tree.b1, D(2025, 12, 31))
    assert s["total"] == 3 and s["total_year_before"] == 2 and s["growth_pct"] == 50.0
    assert s["by_category"]["member"] == {"total": 2, "male": 0, "female": 2}
    assert s["by_category"]["volunteer"] == {"total": 1, "male": 1, "female": 0}
    assert s["age_bands"]["volunteer"] == {"18-29": 1}
    assert s["joined_per_year"][2025] == 2 and s["left_per_year"][2025] == 1


def test_cadres_are_appointed_and_get_uniform_and_badge(tree, actor):
    p = make_person(actor, tree.b1)
    c = appoint_cadre(actor=actor, person=p, unit=tree.b1, position="chair", term="2022–2027",
                      started_on=D(2022, 5, 1))  # fmt: skip
    update_cadre(
        actor=actor, cadre=c, uniform_issued_on=D(2023, 1, 1), badge_issued_on=D(2023, 1, 2)
    )
    c.refresh_from_db()
    assert c.uniform_issued_on and c.badge_issued_on
    assert Cadre.objects.active_on(D(2023, 1, 1)).count() == 1
    with pytest.raises(ValidationError):
        update_cadre(actor=actor, cadre=c, ended_on=D(2021, 1, 1))
    with pytest.raises(ValidationError):
        appoint_cadre(
            actor=actor, person=p, unit=tree.b1, position="pope", started_on=D(2022, 5, 1)
        )
