"""A team leader records an activity with hours for 20 volunteers on a phone: tick everyone,
the default hours prefilled, one person's hours changed, one save."""

import pytest
from playwright.sync_api import expect

from members.tests.factories import make_member
from org.models import Unit, UnitKind
from training.models import Activity, VolunteerHours
from training.tests.factories import presets

from .test_walk import SCREENSHOTS, assert_fits_the_phone, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_team_leader_records_an_activity_for_20_volunteers_on_a_phone(
    page, users, tree, make_user
):
    presets()
    team = Unit.objects.add_child(tree.b1, {"name": "Đội sơ cấp cứu phường", "kind": UnitKind.TEAM})
    vols = [
        make_member(
            users.base_editor,
            team,
            f"Nguyễn Văn Tình Nguyện {i:02d}",
            sex="M",
            category="volunteer",
        )  # fmt: skip
        for i in range(20)
    ]
    make_user("doi_truong", team, "editor")
    log_in(page, "doi_truong")
    page.goto(f"/u/{team.pk}/training/")
    page.get_by_test_id("activity-new").click()
    form = page.get_by_test_id("activity-form")
    form.get_by_label("Loại hoạt động").select_option(label="Trực sơ cấp cứu")
    form.get_by_label("Số giờ mỗi người").fill("4")
    form.get_by_label("Địa điểm").fill("Bãi biển Mỹ Khê")
    expect(page.get_by_test_id("roster-row")).to_have_count(20)
    form.get_by_role("button", name="Đánh dấu tất cả").click()
    form.get_by_label("Số giờ của Nguyễn Văn Tình Nguyện 07").fill("6")
    expect(page.get_by_test_id("activity-submit")).to_contain_text("(20 · 82 h)")
    assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / "training-activity-phone.png", full_page=True)
    page.get_by_test_id("activity-submit").click()
    expect(page.get_by_text("Đã ghi hoạt động với 20 tình nguyện viên.")).to_be_visible()
    expect(page.get_by_test_id("activity-total")).to_have_text("20 tình nguyện viên · 82 giờ")
    assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / "training-activity-done-phone.png", full_page=True)
    activity = Activity.objects.get()
    assert activity.place == "Bãi biển Mỹ Khê" and activity.unit == team
    hours = dict(VolunteerHours.objects.values_list("person_id", "hours"))
    assert len(hours) == 20 and hours[vols[7].person_id] == 6 and hours[vols[0].person_id] == 4
    assert page.console_errors == []


def test_a_club_records_its_activity_and_the_rule_page_reads_on_a_phone(page, users, tree):
    import datetime

    from clubs import services as clubs
    from members.tests.factories import make_person

    presets()
    club = clubs.create_club(
        actor=users.base_editor, unit=tree.b1, name="CLB Bơi an toàn", type="interest",
        founded_on=datetime.date(2024, 1, 1),
    )  # fmt: skip
    for i in range(3):
        person = make_person(users.base_editor, tree.b1, f"Trần Thị Bơi {i}")
        clubs.add_club_member(
            actor=users.base_editor, club=club, person=person, joined_on=datetime.date(2024, 2, 1)
        )
    log_in(page, users.base_editor.username)
    page.goto(f"/clubs/{club.pk}/")
    page.get_by_test_id("club-activity").click()
    expect(page.get_by_test_id("activity-club")).to_have_text("Câu lạc bộ: CLB Bơi an toàn")
    expect(page.get_by_test_id("roster-row")).to_have_count(3)
    form = page.get_by_test_id("activity-form")
    form.get_by_label("Loại hoạt động").select_option(label="Truyền thông")
    form.get_by_role("button", name="Đánh dấu tất cả").click()
    assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / "training-club-activity-phone.png", full_page=True)
    page.get_by_test_id("activity-submit").click()
    expect(page.get_by_text("Đã ghi hoạt động với 3 tình nguyện viên.")).to_be_visible()
    assert Activity.objects.get().club == club
    page.goto("/training/volunteer-rule/")
    expect(page.get_by_test_id("rules")).to_contain_text("từ 12 giờ hoặc từ 3 hoạt động")
    assert_fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / "training-rule-phone.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=SCREENSHOTS / "training-rule-desktop.png", full_page=True)
    assert page.console_errors == []
