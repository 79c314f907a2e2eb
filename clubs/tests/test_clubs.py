"""Clubs and groups by interest: a type, people besides their membership, pages, API, indicators."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clubs import services
from clubs.models import Club, ClubMember
from core.models import AuditEvent
from indicators import figures, selectors
from indicators.catalogue import BY_CODE
from members.models import Membership
from members.tests.factories import make_member
from org.models import Unit, UnitKind

D = datetime.date


@pytest.fixture
def club(users, tree):
    return services.create_club(
        actor=users.base_editor, unit=tree.b1, name="CLB Dưỡng sinh người cao tuổi",
        type="age", founded_on=D(2023, 1, 1),
    )  # fmt: skip


@pytest.fixture
def member(users, tree):
    return make_member(users.base_editor, tree.br1a, "Trần Thị Lan", joined=D(2020, 3, 1))


def _value(unit, code, year=None):
    year = year or timezone.localdate().year
    [row] = selectors.values([unit], year, [BY_CODE[code]])
    return row.cells[code].value


# --- pages ---------------------------------------------------------------------------------------


def test_an_editor_founds_a_club_with_a_type(users, tree, login):
    client = login(users.base_editor)
    url = reverse("clubs:unit_clubs", args=[tree.b1.pk])
    form = {"name": "Nhóm Zalo Chữ thập đỏ phường", "type": "online", "founded_on": "2024-03-01"}
    response = client.post(url, form, follow=True)
    c = Club.objects.get()
    assert (c.type, c.unit) == ("online", tree.b1)
    assert "Đã lập Nhóm Zalo Chữ thập đỏ phường." in response.content.decode()
    page = client.get(url).content.decode()
    assert "Nhóm Zalo Chữ thập đỏ phường" in page and "Mạng lưới, nhóm trên mạng xã hội" in page
    assert AuditEvent.objects.filter(action="clubs.club.create").exists()


def test_a_member_joins_two_clubs_and_keeps_her_membership(users, tree, club, member, login):
    other = services.create_club(
        actor=users.base_editor, unit=tree.br1a, name="CLB Hiến máu", type="interest",
        founded_on=D(2023, 1, 1),
    )  # fmt: skip
    client = login(users.base_editor)
    for c in (club, other):
        page = client.get(reverse("clubs:club", args=[c.pk]), {"q": "tran thi lan"})
        assert "Trần Thị Lan" in page.content.decode()  # found without accents
        client.post(
            reverse("clubs:club", args=[c.pk]),
            {"person": member.person_id, "joined_on": "2024-01-10"},
        )
    assert ClubMember.objects.filter(person=member.person, left_on__isnull=True).count() == 2
    member.refresh_from_db()
    assert member.ended_on is None and Membership.objects.filter(person=member.person).count() == 1
    [cm] = ClubMember.objects.filter(club=club)
    client.post(reverse("clubs:leave", args=[cm.pk]), {"on": "2024-06-01"})
    cm.refresh_from_db()
    assert cm.left_on == D(2024, 6, 1)  # kept, with the day she left
    page = client.get(reverse("clubs:club", args=[club.pk])).content.decode()
    assert "Đã rời" in page


def test_only_people_of_the_clubs_unit_can_join(users, tree, club, login):
    outsider = make_member(users.sibling, tree.br2a, "Võ Văn Xa", joined=D(2020, 3, 1))
    response = login(users.superuser).post(
        reverse("clubs:club", args=[club.pk]),
        {"person": outsider.person_id, "joined_on": "2024-01-10"},
    )
    assert (
        response.status_code == 200
        and "Hãy tìm và chọn người tham gia." in response.content.decode()
    )
    assert not ClubMember.objects.exists()


def test_clubs_of_another_base_are_not_there(users, tree, club, member, client, login):
    cm = services.add_club_member(
        actor=users.base_editor, club=club, person=member.person, joined_on=D(2024, 1, 1)
    )
    sibling = login(users.sibling)
    assert sibling.get(reverse("clubs:club", args=[club.pk])).status_code == 404
    assert sibling.get(reverse("clubs:unit_clubs", args=[tree.b1.pk])).status_code == 404
    assert (
        sibling.post(reverse("clubs:leave", args=[cm.pk]), {"on": "2024-06-01"}).status_code == 404
    )
    viewer = login(users.base_viewer)
    assert viewer.get(reverse("clubs:club", args=[club.pk])).status_code == 200
    assert (
        viewer.post(reverse("clubs:leave", args=[cm.pk]), {"on": "2024-06-01"}).status_code == 403
    )
    assert viewer.put(reverse("clubs:club", args=[club.pk])).status_code == 405
    client.logout()
    response = client.get(reverse("clubs:club", args=[club.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# --- API -----------------------------------------------------------------------------------------


def test_the_api_lists_founds_and_fills_clubs_in_scope(users, tree, club, member, client, bearer):
    h = bearer(users.base_editor)
    listed = client.get(f"/api/v1/units/{tree.b1.pk}/clubs", **h).json()
    assert [(c["name"], c["type"], c["members"]) for c in listed] == [
        ("CLB Dưỡng sinh người cao tuổi", "age", 0)
    ]
    r = client.post(
        f"/api/v1/clubs/{club.pk}/members",
        {"person_id": member.person_id, "joined_on": "2024-02-01"},
        content_type="application/json", **h,
    )  # fmt: skip
    assert r.status_code == 201 and r.json()["full_name"] == "Trần Thị Lan"
    r = client.post(
        f"/api/v1/units/{tree.b1.pk}/clubs",
        {"name": "Tổ phụ nữ Công giáo", "type": "religion", "founded_on": "2024-01-01"},
        content_type="application/json", **h,
    )  # fmt: skip
    assert r.status_code == 201
    sibling = bearer(users.sibling)
    assert client.get(f"/api/v1/clubs/{club.pk}/members", **sibling).status_code == 404
    assert client.get(f"/api/v1/units/{tree.b1.pk}/clubs", **sibling).status_code == 404
    viewer = bearer(users.base_viewer)
    r = client.post(
        f"/api/v1/units/{tree.b1.pk}/clubs",
        {"name": "X", "type": "other", "founded_on": "2024-01-01"},
        content_type="application/json", **viewer,
    )  # fmt: skip
    assert r.status_code == 403


# --- indicators ----------------------------------------------------------------------------------


def test_clubs_and_their_people_are_counted_in_the_indicators(users, tree, club, member):
    su = users.superuser
    second = make_member(su, tree.br1b, joined=D(2020, 3, 1))
    services.add_club_member(actor=su, club=club, person=member.person, joined_on=D(2024, 1, 1))
    services.add_club_member(actor=su, club=club, person=second.person, joined_on=D(2024, 1, 1))
    closed = services.create_club(
        actor=su, unit=tree.br1a, name="CLB cũ", type="other", founded_on=D(2023, 1, 1)
    )
    services.close_club(actor=su, club=closed, on=D(2023, 6, 1))
    figures.refresh_dirty()
    assert _value(tree.b1, "clubs") == 1
    assert _value(tree.b1, "club_members") == 2
    assert _value(tree.p1, "club_members") == 2
    assert _value(tree.b1, "clubs", 2023) == 1  # the club of 2023 (the old one closed in June)
    assert _value(tree.b1, "club_members", 2023) == 0


def test_volunteer_teams_and_their_volunteers_are_counted(users, tree):
    su = users.superuser
    team = Unit.objects.add_child(
        Unit.objects.get(pk=tree.b1.pk), {"name": "Đội tình nguyện viên", "kind": UnitKind.TEAM}
    )
    for _i in range(3):
        make_member(su, team, category="volunteer", year=1995, joined=D(2022, 5, 1))
    make_member(su, tree.br1a, category="volunteer", year=1995, joined=D(2022, 5, 1))
    figures.refresh_all()
    assert _value(tree.b1, "teams") == 1
    assert _value(tree.b1, "team_volunteers") == 3
    assert _value(tree.b1, "volunteers") == 4


def test_the_catalogue_carries_the_fdrs_codebooks_codes():
    assert BY_CODE["volunteers"].fdrs == "KPI_PeopleVol_Tot"
    assert BY_CODE["volunteers_female"].fdrs == "KPI_PeopleVol_Tot_F"
    assert BY_CODE["volunteers_male"].fdrs == "KPI_PeopleVol_Tot_M"
    assert BY_CODE["branches"].fdrs == "KPI_noLocalUnits"
    assert BY_CODE["provinces"].fdrs == "KPI_noBranches"
