import datetime

import pytest
from django.urls import reverse

from core.models import AuditEvent
from core.tests.test_views import assert_no_inline_code
from members import services
from members.models import Cadre, EndReason, Membership
from members.tests.factories import make_member

D = datetime.date
JOINED = D(2020, 3, 1)


@pytest.fixture
def member(users, tree):
    return make_member(users.base_manager, tree.br1a, "Phạm Thị Mai", year=1980, joined=JOINED)


def url(name, obj):
    return reverse(f"membership:{name}", args=[obj.pk])


# --- access, the same for every movement page -----------------------------------------------


@pytest.mark.parametrize("name", ["transfer", "end"])
def test_it_shows_a_movement_form_to_an_editor(users, member, login, name):
    response = login(users.base_editor).get(url(name, member))
    assert response.status_code == 200
    html = response.content.decode()
    assert member.person.full_name in html
    assert 'type="date"' in html
    assert_no_inline_code(html)


@pytest.mark.parametrize("name", ["transfer", "end", "readmit"])
def test_it_sends_anonymous_users_to_login_from_a_movement(member, client, name):
    response = client.post(url(name, member))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("name", ["transfer", "end", "readmit"])
def test_it_hides_a_movement_of_a_sibling_unit(users, member, login, name):
    assert login(users.sibling).get(url(name, member)).status_code == 404


@pytest.mark.parametrize("name", ["transfer", "end", "readmit"])
def test_it_refuses_a_movement_to_a_viewer(users, member, login, name):
    response = login(users.base_viewer).post(url(name, member), {"on": "2024-01-01"})
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.ended_on is None


@pytest.mark.parametrize("name", ["transfer", "end", "readmit"])
def test_it_refuses_other_methods_on_a_movement(users, member, login, name):
    assert login(users.base_editor).put(url(name, member)).status_code == 405


# --- transfer --------------------------------------------------------------------------------


def test_it_transfers_a_member_through_the_form(users, tree, member, login):
    response = login(users.base_editor).post(
        url("transfer", member),
        {"to_unit": tree.br1b.pk, "on": "2024-02-01", "note": "Chuyển nhà"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("people:detail", args=[member.person_id])
    # the result names the full path, not the branch alone (many bases have a "Chi hội 2")
    assert (
        "Đã chuyển Phạm Thị Mai đến Chi hội tổ dân phố 2 — Hội Chữ thập đỏ phường Hải Châu."
        in response.content.decode()
    )
    member.refresh_from_db()
    assert (member.ended_on, member.end_reason, member.end_note) == (
        D(2024, 2, 1),
        EndReason.TRANSFERRED,
        "Chuyển nhà",
    )
    new = Membership.objects.get(person=member.person, ended_on__isnull=True)
    assert (new.unit, new.joined_on, new.previous) == (tree.br1b, D(2024, 2, 1), member)


def test_it_only_offers_units_the_user_may_edit(users, tree, member, login):
    client = login(users.base_editor)
    offered = {t.unit.pk for t in client.get(url("transfer", member)).context["targets"]}
    assert offered == {tree.b1.pk, tree.br1b.pk}
    # a branch of another base is never a destination (its base is, by request)
    response = client.post(url("transfer", member), {"to_unit": tree.br2a.pk, "on": "2024-02-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["to_unit"]
    member.refresh_from_db()
    assert member.ended_on is None


def test_it_shows_the_services_refusal_of_a_transfer_date(users, tree, member, login):
    response = login(users.base_editor).post(
        url("transfer", member), {"to_unit": tree.br1b.pk, "on": "2019-01-01"}
    )
    assert response.status_code == 200
    assert "Ngày phải sau ngày vào (01/03/2020)." in response.content.decode()
    member.refresh_from_db()
    assert member.ended_on is None


# --- end -------------------------------------------------------------------------------------


def test_it_ends_a_membership_through_the_form(users, member, login):
    response = login(users.base_editor).post(
        url("end", member), {"on": "2024-03-01", "reason": "resigned", "note": ""}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.ended_on, member.end_reason) == (D(2024, 3, 1), EndReason.RESIGNED)
    assert AuditEvent.objects.filter(
        action="members.membership.end", actor=users.base_editor
    ).exists()


def test_it_rejects_removal_without_a_reason(users, member, login):
    response = login(users.base_editor).post(
        url("end", member), {"on": "2024-03-01", "reason": "removed", "note": "  "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["note"] == ["Xoá tên phải ghi rõ lý do."]
    member.refresh_from_db()
    assert member.ended_on is None


def test_it_records_a_removal_with_its_reason(users, member, login):
    login(users.base_editor).post(
        url("end", member),
        {"on": "2024-03-01", "reason": "removed", "note": "Không sinh hoạt 2 năm liền"},
    )
    member.refresh_from_db()
    assert (member.end_reason, member.end_note) == (EndReason.REMOVED, "Không sinh hoạt 2 năm liền")


def test_it_does_not_end_an_ended_membership_twice(users, member, login):
    services.end_membership(
        actor=users.base_manager, membership=member, on=D(2023, 1, 1), reason="resigned"
    )
    response = login(users.base_editor).post(
        url("end", member), {"on": "2024-03-01", "reason": "deceased"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.end_reason == EndReason.RESIGNED


# --- readmit ---------------------------------------------------------------------------------


def test_it_readmits_an_ended_member(users, tree, member, login):
    services.end_membership(
        actor=users.base_manager, membership=member, on=D(2022, 1, 1), reason="moved_away"
    )
    client = login(users.base_editor)
    response = client.get(url("readmit", member))
    assert response.status_code == 200
    assert response.context["form"].initial["member_unit"] == tree.br1a.pk
    response = client.post(
        url("readmit", member),
        {"member_unit": tree.br1b.pk, "joined_on": "2024-04-01", "card_number": ""},
    )
    assert response.status_code == 302
    new = Membership.objects.get(person=member.person, ended_on__isnull=True)
    assert (new.unit, new.joined_on, new.previous) == (tree.br1b, D(2024, 4, 1), member)


def test_it_refuses_a_readmission_before_the_last_end(users, tree, member, login):
    services.end_membership(
        actor=users.base_manager, membership=member, on=D(2022, 1, 1), reason="resigned"
    )
    response = login(users.base_editor).post(
        url("readmit", member), {"member_unit": tree.br1a.pk, "joined_on": "2021-06-01"}
    )
    assert response.status_code == 200
    assert "Ngày vào phải từ ngày 01/01/2022" in response.content.decode()
    assert not Membership.objects.filter(ended_on__isnull=True).exists()


def test_it_does_not_readmit_someone_still_a_member(users, member, login):
    response = login(users.base_editor).post(url("readmit", member), {"joined_on": "2024-04-01"})
    assert response.status_code == 302
    assert Membership.objects.count() == 1


# --- cadres ----------------------------------------------------------------------------------


def cadre_data(person, **over):
    data = {
        "person": person.pk,
        "position": "branch_head",
        "position_note": "",
        "term": "2022–2027",
        "started_on": "2022-06-01",
        "uniform_issued_on": "2022-07-01",
        "badge_issued_on": "",
    }
    return data | over


def test_it_appoints_a_cadre(users, tree, member, login):
    client = login(users.base_editor)
    response = client.get(reverse("membership:cadre_new", args=[tree.br1a.pk]))
    assert response.status_code == 200
    assert member.person in response.context["form"].fields["person"].queryset
    assert_no_inline_code(response.content.decode())
    response = client.post(
        reverse("membership:cadre_new", args=[tree.br1a.pk]), cadre_data(member.person)
    )
    assert response.status_code == 302
    cadre = Cadre.objects.get()
    assert (cadre.person, cadre.unit, cadre.position, cadre.term) == (
        member.person,
        tree.br1a,
        "branch_head",
        "2022–2027",
    )
    assert (cadre.uniform_issued_on, cadre.badge_issued_on) == (D(2022, 7, 1), None)


def test_it_finds_cadre_candidates_by_unaccented_name(users, tree, member, login):
    other = make_member(
        users.base_manager, tree.br1a, name="Võ Văn Tường", sex="M", year=1975, joined=JOINED
    )
    response = login(users.base_editor).get(
        reverse("membership:cadre_new", args=[tree.b1.pk]), {"q": "vo van tuong"}
    )
    assert list(response.context["form"].fields["person"].queryset) == [other.person]


def test_it_only_offers_cadre_candidates_of_the_unit(users, tree, member, login):
    stranger = make_member(
        users.sibling, tree.br2a, name="Đỗ Văn Hùng", sex="M", year=1970, joined=JOINED
    )
    response = login(users.base_editor).post(
        reverse("membership:cadre_new", args=[tree.b1.pk]), cadre_data(stranger.person)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["person"]
    assert not Cadre.objects.exists()


def test_it_guards_the_cadre_form(users, tree, member, login, client):
    new = reverse("membership:cadre_new", args=[tree.br1a.pk])
    assert client.post(new, cadre_data(member.person)).status_code == 302
    assert login(users.sibling).get(new).status_code == 404
    assert login(users.base_viewer).post(new, cadre_data(member.person)).status_code == 403
    assert login(users.base_editor).put(new).status_code == 405
    assert not Cadre.objects.exists()


def test_it_edits_a_cadre_term(users, tree, member, login, client):
    cadre = services.appoint_cadre(
        actor=users.base_manager, person=member.person, unit=tree.br1a, position="branch_head",
        started_on=D(2022, 6, 1), term="2022–2027",
    )  # fmt: skip
    edit = reverse("membership:cadre_edit", args=[cadre.pk])
    data = {"ended_on": "2024-12-31", "uniform_issued_on": "", "badge_issued_on": "2023-01-15"}
    assert client.post(edit, data).status_code == 302
    assert login(users.sibling).get(edit).status_code == 404
    assert login(users.base_viewer).post(edit, data).status_code == 403
    assert login(users.base_editor).delete(edit).status_code == 405
    cadre.refresh_from_db()
    assert cadre.ended_on is None
    response = login(users.base_editor).post(edit, data)
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert (cadre.ended_on, cadre.badge_issued_on) == (D(2024, 12, 31), D(2023, 1, 15))


def test_it_refuses_a_cadre_end_before_its_start(users, tree, member, login):
    cadre = services.appoint_cadre(
        actor=users.base_manager, person=member.person, unit=tree.br1a, position="branch_head",
        started_on=D(2022, 6, 1),
    )  # fmt: skip
    response = login(users.base_editor).post(
        reverse("membership:cadre_edit", args=[cadre.pk]), {"ended_on": "2021-01-01"}
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    cadre.refresh_from_db()
    assert cadre.ended_on is None
