"""Volunteer activities of a club (clubs.Club): its people on the tick-list, hours recorded for
them only, on days the club ran; the page, the API and their scope."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clubs import services as clubs
from core.models import AuditEvent
from members.tests.factories import make_member, make_person
from training import services
from training.models import Activity, VolunteerHours

from .factories import presets

D = datetime.date


@pytest.fixture
def club(users, tree):
    presets()
    return clubs.create_club(
        actor=users.base_editor, unit=tree.b1, name="CLB Sơ cấp cứu tuổi trẻ",
        type="interest", founded_on=D(2024, 1, 1),
    )  # fmt: skip


@pytest.fixture
def people(users, tree, club):
    a = make_member(users.base_editor, tree.br1a, "Lý Văn Một", sex="M", category="volunteer")
    b = make_person(users.base_editor, tree.b1, "Đỗ Thị Hai")  # no membership: a club's person
    for p in (a.person, b):
        clubs.add_club_member(actor=users.base_editor, club=club, person=p, joined_on=D(2024, 2, 1))
    return a.person, b


def test_a_club_activity_records_hours_of_the_clubs_people(users, tree, club, people):
    a, b = people
    act = services.record_activity(
        actor=users.base_editor, unit=tree.b1, club=club, kind="first_aid", on=D(2025, 5, 10),
        hours={a: 3, b: 4},
    )  # fmt: skip
    assert act.club == club and act.unit == tree.b1
    assert VolunteerHours.objects.filter(activity=act).count() == 2
    event = AuditEvent.objects.get(action="training.activity.record")
    assert event.data["club"] == "CLB Sơ cấp cứu tuổi trẻ"


def test_a_club_activity_refuses_outsiders_other_units_and_days_the_club_did_not_run(
    users, tree, club, people
):
    a, _b = people
    outsider = make_person(users.base_editor, tree.b1, "Phan Văn Ngoài")
    with pytest.raises(
        ValidationError, match="Không tham gia câu lạc bộ vào ngày đó: Phan Văn Ngoài"
    ):
        services.record_activity(
            actor=users.base_editor, unit=tree.b1, club=club, kind="social", on=D(2025, 5, 10),
            hours={a: 2, outsider: 2},
        )  # fmt: skip
    with pytest.raises(ValidationError, match="không hoạt động vào ngày 31/12/2023"):
        services.record_activity(
            actor=users.base_editor, unit=tree.b1, club=club, kind="social", on=D(2023, 12, 31),
            hours={a: 2},
        )  # fmt: skip
    with pytest.raises(ValidationError, match="Câu lạc bộ không thuộc đơn vị này"):
        services.record_activity(
            actor=users.base_editor, unit=tree.br1a, club=club, kind="social", on=D(2025, 5, 10),
            hours={a: 2},
        )  # fmt: skip
    assert not Activity.objects.exists()


def test_the_club_page_leads_to_its_tick_list(users, tree, club, people, login):
    a, b = people
    client = login(users.base_editor)
    page = client.get(reverse("clubs:club", args=[club.pk])).content.decode()
    url = reverse("training:club_activity_new", args=[club.pk])
    assert url in page
    form_page = client.get(url).content.decode()
    assert "Câu lạc bộ: CLB Sơ cấp cứu tuổi trẻ" in form_page
    assert "Lý Văn Một" in form_page and "Đỗ Thị Hai" in form_page
    form = {"kind": "first_aid", "on": "2025-05-10", "hours": "4", "ids": [a.pk, b.pk]}
    done = client.post(url, form, follow=True).content.decode()
    assert "Đã ghi hoạt động với 2 tình nguyện viên." in done
    assert "CLB Sơ cấp cứu tuổi trẻ" in done  # the activity page names its club
    assert Activity.objects.get().club == club


def test_the_club_tick_list_is_scoped(users, tree, club, login):
    url = reverse("training:club_activity_new", args=[club.pk])
    assert login(users.sibling).get(url).status_code == 404
    assert login(users.base_viewer).get(url).status_code == 403
    assert (
        "club-activity"
        not in login(users.base_viewer).get(reverse("clubs:club", args=[club.pk])).content.decode()
    )


def test_a_club_activity_over_the_api(users, tree, club, people, client):
    from accounts.services import issue_api_token

    a, b = people
    _t, raw = issue_api_token(actor=users.base_editor, user=users.base_editor)
    body = {"kind": "relief", "on": "2025-05-10", "club_id": club.pk,
            "hours": [{"person_id": a.pk, "hours": "2"}, {"person_id": b.pk, "hours": "3"}]}  # fmt: skip
    r = client.post(
        f"/api/v1/units/{tree.b1.pk}/training/activities", json.dumps(body),
        content_type="application/json", headers={"Authorization": f"Bearer {raw}"},
    )  # fmt: skip
    assert r.status_code == 201, r.content
    assert r.json()["club_id"] == club.pk and r.json()["volunteers"] == 2


# --- the active-volunteer rule, set on a page ---------------------------------------------------


def test_the_association_sets_a_new_active_volunteer_rule_from_a_date(users, tree, login):
    from indicators.models import DirtyUnit
    from training.models import VolunteerRule
    from training.selectors import rule_on

    make_member(users.base_editor, tree.br1a, "Lý Văn Ba", category="volunteer")
    before = VolunteerRule.objects.count()  # the national rule of the presets
    url = reverse("training:volunteer_rule")
    client = login(users.central_admin)
    assert "rule-form" in client.get(url).content.decode()
    form = {"valid_from": "2026-01-01", "min_hours": "20", "min_activities": "4", "months": "6"}
    page = client.post(url, form, follow=True).content.decode()
    assert "Đã lưu tiêu chí áp dụng từ 01/01/2026." in page
    assert "Từ 01/01/2026: từ 20 giờ hoặc từ 4 hoạt động trong 6 tháng gần nhất" in page
    assert rule_on(D(2025, 12, 31)).min_hours == 12  # the years before keep their rule
    assert rule_on(D(2026, 3, 1)).min_hours == 20
    assert DirtyUnit.objects.filter(unit=tree.br1a).exists()  # counted again
    assert AuditEvent.objects.filter(action="training.rule.set").count() == 1
    bad = {"valid_from": "2026-02-01", "min_hours": "0", "min_activities": "0", "months": "6"}
    assert "Cần ít nhất một ngưỡng" in client.post(url, bad).content.decode()
    assert VolunteerRule.objects.count() == before + 1


def test_only_the_association_level_sets_the_rule(users, tree, login):
    url = reverse("training:volunteer_rule")
    client = login(users.province_manager)
    assert "rule-form" not in client.get(url).content.decode()
    form = {"valid_from": "2026-01-01", "min_hours": "1", "min_activities": "1", "months": "6"}
    assert client.post(url, form).status_code == 403
    assert login(users.base_viewer).get(url).status_code == 200  # reading it is for everyone
