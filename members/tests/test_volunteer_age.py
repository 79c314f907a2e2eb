"""The volunteer minimum age is a rule of the association's profile, not a constant."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members.tests.factories import make_member, make_person
from org.models import AssociationProfile

D = datetime.date


def test_it_refuses_a_volunteer_under_the_profiles_age(users, tree):
    with pytest.raises(ValidationError) as e:
        make_member(
            users.superuser, tree.br1a, category="volunteer", year=2010, joined=D(2025, 1, 2)
        )
    assert "từ đủ 18 tuổi" in str(e.value)


def test_an_association_with_youth_volunteers_sets_a_lower_age(users, tree):
    AssociationProfile.objects.filter(pk=1).update(volunteer_min_age=13)
    person = make_person(users.superuser, tree.br1a, year=2010)
    m = make_member(
        users.superuser, tree.br1a, person=person, category="volunteer", joined=D(2025, 1, 2)
    )
    assert m.category == "volunteer"  # 15 years old: in FDRS's 13–17 band
    with pytest.raises(ValidationError) as e:
        make_member(
            users.superuser, tree.br1b, category="volunteer", year=2014, joined=D(2025, 1, 2)
        )
    assert "từ đủ 13 tuổi" in str(e.value)
