"""The association profile page: everyone signed in reads it, the central level edits it."""

from django.urls import reverse

from core.models import AuditEvent
from org.models import AssociationProfile

URL = reverse("association")
FORM = {
    "name": "Hội Chữ thập đỏ Việt Nam",
    "short_name": "VNRC",
    "member_categories": "member: Hội viên\nvolunteer: Tình nguyện viên\n\nsenior: Hội viên cao tuổi",
    "terminology": "branch: Chi hội\nmember: hội viên",
}


def test_it_shows_the_profile_to_any_signed_in_user(tree, users, login):
    r = login(users.base_viewer).get(URL)
    assert r.status_code == 200
    assert "Thiếu niên Chữ thập đỏ" in r.content.decode()
    assert b'data-testid="profile-form"' not in r.content


def test_it_lets_a_central_admin_edit_the_profile(tree, users, login):
    r = login(users.central_admin).post(URL, FORM)
    assert r.status_code == 302
    profile = AssociationProfile.current()
    assert profile.short_name == "VNRC"
    assert [c["code"] for c in profile.member_categories] == ["member", "volunteer", "senior"]
    assert profile.terminology == {"branch": "Chi hội", "member": "hội viên"}
    event = AuditEvent.objects.get(action="org.profile.update")
    assert event.actor == users.central_admin
    assert event.data["before"]["short_name"] == "CTĐ"


def test_it_refuses_bad_categories_in_vietnamese(tree, users, login):
    client = login(users.superuser)
    r = client.post(URL, FORM | {"member_categories": "member: Hội viên\nmember: Lặp lại"})
    assert r.status_code == 200 and "Mã loại hội viên bị trùng." in r.content.decode()
    r = client.post(URL, FORM | {"member_categories": "Hội viên không mã"})
    assert r.status_code == 200 and "thiếu dấu hai chấm" in r.content.decode()
    r = client.post(URL, FORM | {"member_categories": "Hội Viên: Tên"})
    assert r.status_code == 200 and "chữ thường không dấu" in r.content.decode()
    assert AssociationProfile.current().short_name == "CTĐ"


def test_it_refuses_edits_below_the_central_admin(tree, users, login, client):
    for user in (users.province_manager, users.base_manager):
        assert login(user).post(URL, FORM).status_code == 403
    assert AssociationProfile.current().short_name == "CTĐ"
    client.logout()
    r = client.get(URL)
    assert r.status_code == 302 and reverse("login") in r["Location"]
    assert login(users.base_viewer).delete(URL).status_code == 405


def test_it_serves_the_profile_over_the_api(client, tree, users, bearer):
    r = client.get("/api/v1/association", **bearer(users.base_viewer))
    assert r.status_code == 200
    body = r.json()
    assert body["preset"] == "red_cross"
    assert {"code": "volunteer", "name": "Tình nguyện viên"} in body["member_categories"]
    assert client.get("/api/v1/association").status_code == 401
    assert client.post("/api/v1/association", **bearer(users.base_viewer)).status_code == 405


def test_a_request_reads_the_profile_once_and_a_save_is_seen_at_once(
    tree, users, login, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def profile_reads(client, url):
        with CaptureQueriesContext(connection) as q:
            assert client.get(url).status_code == 200
        return sum("org_associationprofile" in x["sql"] for x in q.captured_queries)

    client = login(users.central_admin)
    # The dashboard's selectors and the page's context processor both ask for it.
    assert profile_reads(client, reverse("indicators:dashboard", args=[tree.p1.pk])) == 1
    # (the memo's own receivers: sending the signals would also close the test's connection)
    from org.models import _request_finished, _request_started

    _request_started()
    try:
        first = AssociationProfile.current()
        with django_assert_num_queries(0):
            assert AssociationProfile.current() is first
        first.short_name = "Đã đổi"
        first.save()
        assert AssociationProfile.current().short_name == "Đã đổi"
    finally:
        _request_finished()
    # Outside a request, every call reads the row: a change made elsewhere is seen.
    AssociationProfile.objects.filter(pk=1).update(short_name="Khác")
    assert AssociationProfile.current().short_name == "Khác"
