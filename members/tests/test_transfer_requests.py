"""Transfers to another base: an accent-insensitive destination search, and requests the
receiving base accepts or refuses (the sender learns the outcome, and only the base's name)."""

import datetime

import pytest
from django.urls import reverse

from core.models import AuditEvent
from members import transfers
from members.models import EndReason, Membership, TransferRequest
from members.tests.factories import make_member

D = datetime.date
B1 = "Hội Chữ thập đỏ phường Hải Châu"


@pytest.fixture
def member(users, tree):
    """A member of b2's branch: b2's manager (``users.sibling``) cannot reach b1."""
    return make_member(users.sibling, tree.br2a, "Lê Thị Thu", year=1990, joined=D(2020, 3, 1))


def url(name, pk):
    return reverse(f"membership:{name}", args=[pk])


def _ask(users, tree, member, **extra):
    return transfers.request_transfer(
        actor=users.sibling, membership=member, to_base=tree.b1, on=D(2024, 5, 1), **extra
    )


# --- the destination search -----------------------------------------------------------------


def test_it_finds_a_destination_without_accents(users, tree, login):
    m = make_member(users.superuser, tree.br2a, "Lê Văn Tư", joined=D(2020, 3, 1))
    html = login(users.province_manager).get(url("transfer_targets", m.pk), {"q": "hai chau"})
    page = html.content.decode()
    # the base found by its name, and its branches named with it
    assert B1 in page
    assert f"Chi hội tổ dân phố 1 — {B1}" in page
    assert f"Chi hội tổ dân phố 2 — {B1}" in page
    assert "Hòa Vang" not in page


def test_another_base_is_offered_by_its_name_only(users, tree, member, login):
    page = login(users.sibling).get(url("transfer", member.pk), {"q": "hai chau"})
    targets = page.context["targets"]
    assert [(t.unit, t.direct) for t in targets] == [(tree.b1, False)]
    html = page.content.decode()
    assert "gửi đề nghị" in html
    assert "Chi hội tổ dân phố" not in html  # nothing of b1 beyond its name


def test_the_search_of_a_sibling_membership_is_not_there(users, tree, login):
    m = make_member(users.superuser, tree.br1a, joined=D(2020, 3, 1))
    assert login(users.sibling).get(url("transfer_targets", m.pk), {"q": "a"}).status_code == 404


# --- requests --------------------------------------------------------------------------------


def test_a_base_manager_asks_another_base_to_take_a_member(users, tree, member, login):
    client = login(users.sibling)
    response = client.post(
        url("transfer", member.pk),
        {"to_unit": tree.b1.pk, "on": "2024-05-01", "note": "Chuyển về ở với con"},
        follow=True,
    )
    html = response.content.decode()
    assert f"Đã gửi đề nghị chuyển Lê Thị Thu đến {B1}." in html
    r = TransferRequest.objects.get()
    assert (r.status, r.from_unit, r.to_base, r.on) == (
        "pending",
        tree.br2a,
        tree.b1,
        D(2024, 5, 1),
    )
    member.refresh_from_db()
    assert member.ended_on is None  # nothing moves before b1 accepts
    # the transfer page now shows the request waiting, with a way to withdraw it
    page = client.get(url("transfer", member.pk)).content.decode()
    assert f"Đang chờ {B1} nhận" in page
    assert AuditEvent.objects.filter(action="members.transfer_request.create").exists()


def test_the_receiving_base_accepts_into_a_branch_and_the_sender_sees_only_the_outcome(
    users, tree, member, login
):
    r = _ask(users, tree, member)
    receiver = login(users.base_manager)
    page = receiver.get(url("transfer_requests", tree.b1.pk)).content.decode()
    assert "Lê Thị Thu (1990)" in page and "Chi hội thôn La Bông" in page
    response = receiver.post(
        url("transfer_accept", r.pk),
        {"to_unit": tree.br1a.pk, "back_unit": tree.b1.pk},
        follow=True,
    )
    assert f"Đã nhận Lê Thị Thu vào Chi hội tổ dân phố 1 — {B1}." in response.content.decode()
    member.refresh_from_db()
    assert (member.ended_on, member.end_reason) == (D(2024, 5, 1), EndReason.TRANSFERRED)
    new = Membership.objects.get(person=member.person, ended_on__isnull=True)
    assert (new.unit, new.joined_on, new.previous) == (tree.br1a, D(2024, 5, 1), member)
    r.refresh_from_db()
    assert (r.status, r.result, r.decided_by) == ("accepted", new, users.base_manager)
    sender = login(users.sibling).get(url("transfer_requests", tree.b2.pk)).content.decode()
    assert "Đã nhận" in sender and B1 in sender
    assert "Chi hội tổ dân phố 1" not in sender  # the receiving base's branch stays its own


def test_the_receiving_base_refuses_with_a_reason_the_sender_reads(users, tree, member, login):
    r = _ask(users, tree, member)
    receiver = login(users.base_manager)
    receiver.post(url("transfer_refuse", r.pk), {"reason": ""})
    assert TransferRequest.objects.get().status == "pending"  # a reason is required
    receiver.post(url("transfer_refuse", r.pk), {"reason": "Không cư trú trên địa bàn"})
    r.refresh_from_db()
    assert (r.status, r.reason) == ("refused", "Không cư trú trên địa bàn")
    member.refresh_from_db()
    assert member.ended_on is None
    sender = login(users.sibling).get(url("transfer_requests", tree.b2.pk)).content.decode()
    assert "Từ chối" in sender and "Không cư trú trên địa bàn" in sender
    # and another request may be sent afterwards
    _ask(users, tree, member)


def test_one_request_waits_at_a_time_and_the_sender_may_withdraw_it(users, tree, member, login):
    r = _ask(users, tree, member)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _ask(users, tree, member)
    login(users.sibling).post(url("transfer_cancel", r.pk), {"back_unit": tree.b2.pk})
    r.refresh_from_db()
    assert r.status == "cancelled"
    with pytest.raises(ValidationError):  # a withdrawn request cannot be accepted
        transfers.accept_transfer(actor=users.base_manager, request=r, to_unit=tree.br1a)


def test_it_accepts_only_into_the_receiving_base(users, tree, member, login):
    r = _ask(users, tree, member)
    login(users.base_manager).post(url("transfer_accept", r.pk), {"to_unit": tree.br2a.pk})
    r.refresh_from_db()
    assert r.status == "pending"


def test_the_register_tells_the_receiving_base_of_requests_waiting(users, tree, member, login):
    _ask(users, tree, member)
    page = login(users.base_manager).get(reverse("members:register", args=[tree.b1.pk]))
    assert "1 đề nghị chuyển sinh hoạt đến đang chờ nhận." in page.content.decode()
    page = login(users.sibling).get(reverse("members:register", args=[tree.b2.pk]))
    assert "đang chờ nhận." not in page.content.decode()


# --- access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["transfer_accept", "transfer_refuse"])
def test_a_request_to_another_base_is_not_there_for_the_sender_or_a_sibling(
    users, tree, member, login, name
):
    r = _ask(users, tree, member)
    for user in (users.sibling, users.other_province):
        assert login(user).post(url(name, r.pk), {"reason": "x"}).status_code == 404
    assert login(users.other_province).get(url("transfer_requests", tree.b1.pk)).status_code == 404
    r.refresh_from_db()
    assert r.status == "pending"


def test_the_receiving_sides_viewer_may_read_but_not_decide(users, tree, member, login):
    r = _ask(users, tree, member)
    client = login(users.base_viewer)
    page = client.get(url("transfer_requests", tree.b1.pk)).content.decode()
    assert "Lê Thị Thu" in page and 'data-testid="accept"' not in page
    assert client.post(url("transfer_accept", r.pk), {"to_unit": tree.b1.pk}).status_code == 403


def test_only_the_sending_side_withdraws(users, tree, member, login):
    r = _ask(users, tree, member)
    assert login(users.base_manager).post(url("transfer_cancel", r.pk)).status_code == 404


@pytest.mark.parametrize("name", ["transfer_accept", "transfer_refuse", "transfer_cancel"])
def test_decisions_are_posts_of_signed_in_users(users, tree, member, login, client, name):
    r = _ask(users, tree, member)
    response = client.post(url(name, r.pk))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert login(users.base_manager).get(url(name, r.pk)).status_code == 405


def test_the_persons_history_names_the_branch_with_its_base(users, tree, login):
    from members.services import transfer_membership

    m = make_member(users.base_manager, tree.br1a, "Đỗ Văn An", joined=D(2020, 3, 1))
    transfer_membership(actor=users.base_manager, membership=m, to_unit=tree.br1b, on=D(2024, 2, 1))
    page = login(users.base_manager).get(reverse("people:detail", args=[m.person_id]))
    html = page.content.decode()
    assert f"Chuyển sinh hoạt đến Chi hội tổ dân phố 2 — {B1}" in html
    assert f"Chi hội tổ dân phố 1 — {B1}" in html
