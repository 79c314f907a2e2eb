"""Congress terms (nhiệm kỳ) are data: per level, with their start and end years."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEvent
from org.models import AssociationProfile, CongressTerm, TermLevel, UnitKind
from org.services import apply_profile_preset, save_congress_term
from org.terms import Terms


def test_it_finds_the_term_a_year_falls_in_by_the_units_level():
    terms = Terms([("base", 2016, 2021), ("base", 2021, 2026), ("central", 2017, 2022)])
    assert terms.of(2019, UnitKind.BASE).label == "2016–2021"
    assert terms.of(2019, UnitKind.BRANCH).label == "2016–2021"  # a branch follows its base
    assert terms.of(2021, UnitKind.BASE).label == "2021–2026"  # the congress year opens a term
    assert terms.of(2019, UnitKind.CENTRAL).label == "2017–2022"
    assert terms.of(2019, UnitKind.PROVINCE) is None  # no term recorded for the level
    assert terms.of(2030, UnitKind.BASE) is None


def test_it_gives_each_preset_its_terms_where_none_are_recorded(db):
    apply_profile_preset(actor=None, preset="women_union")
    labels = {t.label for t in CongressTerm.objects.filter(level=TermLevel.BASE)}
    assert {"2016–2021", "2021–2026"} <= labels  # seed 001: "nhiệm kỳ 2016-2021"
    assert AssociationProfile.current().volunteer_min_age == 18


def test_it_refuses_overlapping_terms_but_lets_them_share_the_congress_year(tree, users):
    su = users.superuser
    save_congress_term(actor=su, level="base", start_year=2027, end_year=2032)
    with pytest.raises(ValidationError) as e:
        save_congress_term(actor=su, level="base", start_year=2030, end_year=2035)
    assert "trùng với nhiệm kỳ 2027–2032" in str(e.value)
    save_congress_term(actor=su, level="base", start_year=2032, end_year=2037)
    assert AuditEvent.objects.filter(action="org.term.save").count() == 2


def test_the_admin_records_a_term_through_the_service(tree, users, login):
    client = login(users.superuser)
    url = reverse("admin:org_congressterm_add")
    r = client.post(url, {"level": "base", "start_year": 2027, "end_year": 2032, "note": ""})
    assert r.status_code == 302
    assert CongressTerm.objects.filter(level="base", start_year=2027, end_year=2032).exists()
    assert AuditEvent.objects.filter(action="org.term.save", actor=users.superuser).exists()
    # an overlap is shown on the form, not a server error
    r = client.post(url, {"level": "base", "start_year": 2029, "end_year": 2031, "note": ""})
    assert r.status_code == 200 and "trùng với nhiệm kỳ" in r.content.decode()


def test_only_superusers_reach_the_terms_admin(tree, users, login):
    r = login(users.base_manager).get(reverse("admin:org_congressterm_changelist"))
    assert r.status_code == 302  # to the admin login: not staff


def test_the_profile_page_lists_the_terms_and_sets_the_volunteer_age(tree, users, login):
    client = login(users.central_admin)
    page = client.get(reverse("association")).content.decode()
    assert "2017–2022" in page and "2022–2027" in page
    form = {
        "name": "Hội Chữ thập đỏ Việt Nam",
        "short_name": "CTĐ",
        "member_categories": "member: Hội viên\nvolunteer: Tình nguyện viên",
        "terminology": "",
        "volunteer_min_age": "16",
    }
    assert client.post(reverse("association"), form).status_code == 302
    assert AssociationProfile.current().volunteer_min_age == 16
