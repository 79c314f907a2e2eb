"""The project pages: every page renders for a viewer in scope, 404 outside it, 403 on a write
without edit rights; the phone path of a birth and a pass-on; a house tranche and its
cancellation; a group's loan; an event; the people served and the house files only for editors."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from funds.models import Entry
from projects import services
from projects.models import Animal, AnimalStatus, Event, House

from .factories import D, households


@pytest.fixture
def bank(users, tree):
    ed = users.base_editor
    h1, h2, h3 = households(ed, tree.b1, 3)
    services.add_waiting(actor=ed, unit=tree.b1, household=h2, since=D(2024, 1, 1))
    cow = services.acquire_cow(actor=ed, unit=tree.b1, tag="DN-01", acquired_on=D(2024, 1, 2), value=14_000_000)  # fmt: skip
    services.give_cow(actor=ed, animal=cow, household=h1, on=D(2024, 1, 3))
    house = services.propose_house(actor=ed, unit=tree.b1, household=h3, kind="new", location="Tổ 7", on=D(2025, 1, 1))  # fmt: skip
    group = services.create_group(actor=ed, unit=tree.b1, name="Tổ vốn thôn 1", founded_on=D(2025, 1, 1))  # fmt: skip
    event = services.record_event(actor=ed, unit=tree.b1, kind="kitchen", on=D(2025, 2, 1), place="Bệnh viện huyện", count=300,
                                  served=[services.Served(full_name="Hà Thị Năm", birth_year=1960, sex="F")])  # fmt: skip
    return {"h1": h1, "h2": h2, "cow": cow, "house": house, "group": group, "event": event}


def _urls(tree, bank):
    return [
        reverse("projects:home", args=[tree.b1.pk]), reverse("projects:cows", args=[tree.b1.pk]),
        reverse("projects:houses", args=[tree.b1.pk]), reverse("projects:groups", args=[tree.b1.pk]),
        reverse("projects:events", args=[tree.b1.pk]), reverse("projects:animal", args=[bank["cow"].pk]),
        reverse("projects:chain", args=[bank["cow"].pk]), reverse("projects:household", args=[bank["h1"].pk]),
        reverse("projects:house", args=[bank["house"].pk]), reverse("projects:group", args=[bank["group"].pk]),
        reverse("projects:event", args=[bank["event"].pk]),
    ]  # fmt: skip


def test_every_page_renders_in_scope_and_is_404_outside(users, tree, bank, login):
    c = login(users.base_viewer)
    for url in _urls(tree, bank):
        assert c.get(url).status_code == 200, url
    c = login(users.sibling)
    for url in _urls(tree, bank):
        assert c.get(url).status_code == 404, url


def test_a_viewer_cannot_write(users, tree, bank, login):
    c = login(users.base_viewer)
    r = c.post(reverse("projects:animal_action", args=[bank["cow"].pk, "birth"]), {"born_on": "2024-09-01", "sex": "F"})  # fmt: skip
    assert r.status_code == 403
    assert not Animal.objects.filter(mother=bank["cow"]).exists()


def test_a_birth_then_its_pass_on_to_the_next_household_on_the_page(users, tree, bank, login):
    c = login(users.base_editor)
    r = c.post(reverse("projects:animal_action", args=[bank["cow"].pk, "birth"]), {"born_on": "2024-09-01", "sex": "F", "tag": "DN-02"}, follow=True)  # fmt: skip
    calf = Animal.objects.get(tag="DN-02")
    assert calf.status == AnimalStatus.BANK
    page = r.content.decode()
    assert "Chuyển bê cho hộ tiếp theo" in page and bank["h2"].person.full_name in page
    r = c.post(reverse("projects:animal_action", args=[calf.pk, "pass"]), {"on": "2025-03-01", "household": ""}, follow=True)  # fmt: skip
    assert "Đã chuyển bê cho hộ tiếp theo." in r.content.decode()
    calf.refresh_from_db()
    assert calf.holder == bank["h2"]
    r = c.get(reverse("projects:household", args=[bank["h1"].pk]))
    assert "Hộ không còn nghĩa vụ nào" in r.content.decode()
    r = c.get(reverse("projects:chain", args=[calf.pk]))
    assert bank["h2"].person.full_name in r.content.decode()


def test_a_tranche_from_the_page_books_the_fund_and_its_cancel_reverses_it(
    users, tree, bank, login
):
    c = login(users.base_editor)
    h = bank["house"]
    c.post(reverse("projects:house_action", args=[h.pk, "advance"]), {"on": "2025-01-05"})
    assert House.objects.get(pk=h.pk).status == "approved"
    c.post(reverse("projects:house_action", args=[h.pk, "tranche"]), {"kind": "start", "on": "2025-01-06", "amount": "20.000.000"})  # fmt: skip
    t = h.tranches.get()
    assert t.fund_entry.amount == 20_000_000
    r = c.post(reverse("projects:tranche_cancel", args=[t.pk]), {"on": "2025-01-07", "reason": "Chi nhầm"}, follow=True)  # fmt: skip
    assert "bút toán quỹ đã được đảo" in r.content.decode()
    assert Entry.objects.filter(reverses=t.fund_entry).count() == 1


def test_a_group_loan_and_an_event_from_the_pages(users, tree, bank, login):
    c = login(users.base_editor)
    g = bank["group"]
    c.post(reverse("projects:group_action", args=[g.pk, "member"]), {"household": bank["h1"].pk, "joined_on": "2025-01-02"})  # fmt: skip
    m = g.members.get()
    c.post(reverse("projects:group_action", args=[g.pk, "contribute"]), {"on": "2025-01-03", "amount": "5.000.000", "member": "", "source": "Hội tỉnh"})  # fmt: skip
    r = c.post(reverse("projects:group_action", args=[g.pk, "lend"]), {"member": m.pk, "on": "2025-01-04", "amount": "3.000.000", "due": "2025-06-30"}, follow=True)  # fmt: skip
    page = r.content.decode()
    assert "Đã ghi khoản vay." in page and "quá hạn" in page
    r = c.post(reverse("projects:events", args=[tree.b1.pk]), {"kind": "checkup", "on": "2025-05-01", "place": "Trạm y tế", "count": "120", "male": "50", "female": "70", "services": ["checkup", "medicine"], "value_partner": "150.000.000"})  # fmt: skip
    e = Event.objects.get(kind="checkup")
    assert r.status_code == 302 and e.value == 150_000_000 and e.services == ["checkup", "medicine"]
    page = c.get(reverse("projects:event", args=[e.pk])).content.decode()
    assert "Dịch vụ: Khám bệnh, Cấp thuốc" in page
    # A member who still owes cannot leave; a mistaken loan is cancelled, then they leave.
    act = lambda a, **d: c.post(reverse("projects:group_action", args=[g.pk, a]), d, follow=True)  # noqa: E731
    assert "còn nợ tổ 3.000.000" in act("leave", member=m.pk, on="2025-02-01").content.decode()
    loan = g.loans.get()
    assert "Lý do huỷ: " in act("cancel-loan", entry=loan.pk, reason="").content.decode()
    page = act("cancel-loan", entry=loan.pk, reason="Ghi nhầm người vay").content.decode()
    assert "Đã huỷ khoản ghi nhầm." in page and "quá hạn" not in page
    page = act("leave", member=m.pk, on="2025-02-01").content.decode()
    assert "Đã ghi rời tổ." in page and "đã rời tổ" in page
    other = services.create_group(actor=users.base_editor, unit=tree.b1, name="Tổ khác", founded_on=D(2025, 1, 1))  # fmt: skip
    stray = services.contribute(
        actor=users.base_editor, group=other, on=D(2025, 1, 2), amount=1_000
    )
    assert (
        act("cancel-contribution", entry=stray.pk, reason="x").status_code == 404
    )  # not this group's


def test_people_served_and_house_files_only_for_editors_and_logged(users, tree, bank, login):
    url = reverse("projects:event", args=[bank["event"].pk])
    assert "Hà Thị Năm" not in login(users.base_viewer).get(url).content.decode()
    assert "Hà Thị Năm" in login(users.base_editor).get(url).content.decode()
    assert AuditEvent.objects.filter(action="projects.event.view_served").count() == 1


def test_the_person_page_shows_the_households_next_step(users, tree, bank, login):
    url = reverse("people:detail", args=[bank["h1"].person_id])
    page = login(users.base_viewer).get(url).content.decode()
    assert 'data-testid="person-projects"' in page and "Chờ bò sinh bê" in page
    page = (
        login(users.base_viewer)
        .get(reverse("people:detail", args=[bank["h2"].person_id]))
        .content.decode()
    )
    assert 'data-testid="person-projects"' not in page  # only waiting: nothing to show yet


def test_house_photos_are_for_editors_and_every_download_is_logged(users, tree, bank, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    h = bank["house"]
    c = login(users.base_editor)
    photo = SimpleUploadedFile("nha.jpg", b"\xff\xd8\xff\xe0 anh nha", content_type="image/jpeg")
    c.post(
        reverse("projects:house_action", args=[h.pk, "file"]),
        {"title": "Ảnh khởi công", "file": photo},
    )
    f = h.files.get()
    assert "Ảnh khởi công" in c.get(reverse("projects:house", args=[h.pk])).content.decode()
    assert c.get(reverse("projects:file", args=[f.pk])).status_code == 200
    assert (
        AuditEvent.objects.filter(action="people.person.view_sensitive").count() == 2
    )  # page + file
    v = login(users.base_viewer)
    assert "Ảnh khởi công" not in v.get(reverse("projects:house", args=[h.pk])).content.decode()
    assert v.get(reverse("projects:file", args=[f.pk])).status_code == 403
    assert login(users.sibling).get(reverse("projects:file", args=[f.pk])).status_code == 404


def test_the_household_lists_are_in_vietnamese_alphabetical_order(users, tree, login):
    from aid.tests.factories import beneficiary

    ed = users.base_editor
    for name in ("Nguyễn Văn Đức", "Nguyễn Văn Dũng", "Nguyễn Thị Ánh", "Nguyễn Thị Ân"):
        beneficiary(ed, tree.b1, name, categories=("poor",), year=1970)
    html = login(ed).get(reverse("projects:cows", args=[tree.b1.pk])).content.decode()
    # D before Đ, Á before Â (a plain a-z order of the names without marks puts Đức before Dũng).
    seen = [
        n
        for n in ("Nguyễn Thị Ánh", "Nguyễn Thị Ân", "Nguyễn Văn Dũng", "Nguyễn Văn Đức")
        if n in html
    ]
    assert len(seen) == 4
    assert sorted(seen, key=html.index) == [
        "Nguyễn Thị Ánh",
        "Nguyễn Thị Ân",
        "Nguyễn Văn Dũng",
        "Nguyễn Văn Đức",
    ]
