import datetime
import json
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from members import services as member_services
from members.tests import factories
from people.models import Person

# Valid CCCD numbers: Đà Nẵng (048), a woman born in 1990 (century digit 1), a man born in 1985.
CCCD_F_1990 = "048190000123"
CCCD_M_1985 = "048085000456"


def make_person(unit, full_name="Nguyễn Thị Hòa", sex="F", birth_year=1990, **fields):
    return factories.make_person(None, unit, full_name, sex, birth_year, **fields)


def send(client, method, url, body, headers):
    return client.generic(method, url, json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def hoa(tree):
    return make_person(
        tree.b1,
        birth_date=datetime.date(1990, 5, 17),
        birth_year=None,
        cccd=CCCD_F_1990,
        phone="0905 123 456",
        ethnicity="01",
        religion="buddhism",
    )


# GET /api/v1/people


def test_it_lists_people_in_scope_without_sensitive_fields(client, tree, users, hoa, bearer):
    make_person(tree.b2, "Trần Văn Nam", "M", birth_year=1985)  # the sibling base's
    r = client.get("/api/v1/people", **bearer(users.base_viewer))
    assert r.status_code == 200
    assert r.json()["count"] == 1
    [item] = r.json()["items"]
    assert item == {
        "id": hoa.pk,
        "full_name": "Nguyễn Thị Hòa",
        "sex": "F",
        "birth_year": 1990,
        "unit": {"id": tree.b1.pk, "name": tree.b1.name},
    }


@pytest.mark.parametrize(
    "q", ["nguyen thi hoa", "NGUYEN THI HOA", "Nguyễn Thị Hoà", "hoa", "0905123", "+84905123456"]
)
def test_it_searches_people_accent_insensitively_and_by_phone(client, tree, users, hoa, q, bearer):
    other_spelling = make_person(tree.br1a, "Nguyễn Thị Hoà", birth_year=1970)
    make_person(tree.b1, "Lê Văn Hùng", "M", birth_year=1980)
    r = client.get("/api/v1/people", {"q": q}, **bearer(users.base_viewer))
    assert r.status_code == 200
    found = {item["id"] for item in r.json()["items"]}
    if q[0].isdigit() or q[0] == "+":
        assert found == {hoa.pk}
    else:
        assert found == {hoa.pk, other_spelling.pk}


def test_it_searches_decomposed_unicode_the_same(client, tree, users, hoa, bearer):
    q = unicodedata.normalize("NFD", "Nguyễn Thị Hòa")
    r = client.get("/api/v1/people", {"q": q}, **bearer(users.base_viewer))
    assert [item["id"] for item in r.json()["items"]] == [hoa.pk]


def test_it_sees_a_person_through_a_membership_in_scope(client, tree, users, bearer):
    # Registered by b2 but a member of b1's branch: b1's users see them.
    person = make_person(tree.b2, "Phạm Thị Lan", birth_year=1995)
    factories.make_member(None, tree.br1a, person=person, joined=datetime.date(2024, 1, 1))
    r = client.get("/api/v1/people", **bearer(users.base_viewer))
    assert [item["id"] for item in r.json()["items"]] == [person.pk]


def test_it_lists_people_with_a_fixed_number_of_queries(client, tree, users, bearer):
    headers = bearer(users.base_viewer)
    client.get("/api/v1/people", **headers)  # the token's first use is recorded once

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            r = client.get("/api/v1/people", **headers)
        assert r.status_code == 200
        return len(ctx.captured_queries), r.json()["count"]

    for n in range(3):
        make_person(tree.br1a, f"Nguyễn Văn Ba {n}", "M", birth_year=1980 + n)
    few, count = count_queries()
    assert count == 3
    for n in range(17):
        make_person(tree.br1b, f"Trần Thị Tư {n}", birth_year=1960 + n)
    many, count = count_queries()
    assert count == 20
    # token, roles, the scope's units, the people in scope, their sort keys, the page
    assert many == few == 6


def test_it_lists_people_for_a_session_user_too(api_get, users, hoa):
    r = api_get(users.base_viewer, "/api/v1/people", q="hoa")
    assert r.status_code == 200
    assert [item["id"] for item in r.json()["items"]] == [hoa.pk]


def test_it_refuses_anonymous_people_lists(client, hoa):
    r = client.get("/api/v1/people")
    assert r.status_code == 401
    assert "đăng nhập" in r.json()["detail"]


# GET /api/v1/people/{id}


def test_it_hides_sensitive_fields_from_a_viewer(client, users, hoa, bearer):
    r = client.get(f"/api/v1/people/{hoa.pk}", **bearer(users.base_viewer))
    assert r.status_code == 200
    data = r.json()
    assert data["full_name"] == "Nguyễn Thị Hòa"
    assert data["birth_date"] == "1990-05-17"
    assert data["phone"] == "0905123456"
    assert data["sensitive_visible"] is False
    for key in ("cccd", "ethnicity", "ethnicity_name", "religion", "religion_name"):
        assert data[key] is None, key
    assert not AuditEvent.objects.filter(action="people.person.view_sensitive").exists()


def test_it_shows_and_audits_sensitive_fields_for_an_editor(client, users, hoa, bearer):
    r = client.get(f"/api/v1/people/{hoa.pk}", **bearer(users.base_editor))
    assert r.status_code == 200
    data = r.json()
    assert data["sensitive_visible"] is True
    assert data["cccd"] == CCCD_F_1990
    assert data["ethnicity"] == "01"
    assert data["ethnicity_name"] == "Kinh"
    assert data["religion"] == "buddhism"
    assert data["religion_name"] == "Phật giáo"
    [event] = AuditEvent.objects.filter(action="people.person.view_sensitive")
    assert event.actor == users.base_editor
    assert event.object_id == str(hoa.pk)
    assert set(event.data["fields"]) == {"cccd", "ethnicity", "religion"}


def test_it_lists_the_persons_memberships_in_scope(client, tree, users, hoa, bearer):
    m = factories.make_member(None, tree.br1a, person=hoa, joined=datetime.date(2020, 3, 1))
    r = client.get(f"/api/v1/people/{hoa.pk}", **bearer(users.base_viewer))
    [item] = r.json()["memberships"]
    assert item["id"] == m.pk
    assert item["unit"] == {"id": tree.br1a.pk, "name": tree.br1a.name}
    assert item["joined_on"] == "2020-03-01"
    assert item["ended_on"] is None


def test_it_hides_a_person_from_a_sibling(client, users, hoa, bearer):
    r = client.get(f"/api/v1/people/{hoa.pk}", **bearer(users.sibling))
    assert r.status_code == 404
    assert r.json() == {"detail": "Không tìm thấy."}


def test_it_refuses_anonymous_person_reads(client, hoa):
    assert client.get(f"/api/v1/people/{hoa.pk}").status_code == 401


def test_it_refuses_other_methods_on_a_person(client, users, hoa, bearer):
    headers = bearer(users.base_manager)
    assert client.delete(f"/api/v1/people/{hoa.pk}", **headers).status_code == 405
    assert client.post("/api/v1/people", **headers).status_code == 405


# POST /api/v1/units/{id}/people

NEW = {"full_name": "Trần Văn Minh", "sex": "M", "birth_year": 1985, "cccd": CCCD_M_1985}


def test_it_creates_a_person(client, tree, users, bearer):
    body = {**NEW, "phone": "+84 905 000 111", "ethnicity": "06"}
    r = send(
        client, "POST", f"/api/v1/units/{tree.br1a.pk}/people", body, bearer(users.base_editor)
    )
    assert r.status_code == 201, r.content
    person = Person.objects.get(pk=r.json()["id"])
    assert person.unit == tree.br1a
    assert person.phone == "0905000111"
    assert person.cccd == CCCD_M_1985
    assert person.search_key == "tran van minh"
    assert r.json()["cccd"] == CCCD_M_1985
    assert AuditEvent.objects.filter(
        action="people.person.create", object_id=str(person.pk)
    ).exists()
    # What the caller just sent is not a "view" of someone's sensitive data.
    assert not AuditEvent.objects.filter(action="people.person.view_sensitive").exists()


def test_it_refuses_a_viewer_creating_a_person(client, tree, users, bearer):
    r = send(client, "POST", f"/api/v1/units/{tree.b1.pk}/people", NEW, bearer(users.base_viewer))
    assert r.status_code == 403
    assert r.json()["detail"] == "Bạn cần quyền nhập liệu ở đơn vị này để thêm người."
    assert not Person.objects.exists()


def test_it_hides_a_sibling_unit_when_creating_a_person(client, tree, users, bearer):
    r = send(client, "POST", f"/api/v1/units/{tree.b1.pk}/people", NEW, bearer(users.sibling))
    assert r.status_code == 404
    assert not Person.objects.exists()


def test_it_refuses_anonymous_person_creation(client, tree):
    r = send(client, "POST", f"/api/v1/units/{tree.b1.pk}/people", NEW, {})
    assert r.status_code == 401


def test_it_refuses_a_cccd_that_contradicts_the_sex(client, tree, users, bearer):
    body = {**NEW, "sex": "F"}
    r = send(client, "POST", f"/api/v1/units/{tree.b1.pk}/people", body, bearer(users.base_editor))
    assert r.status_code == 422
    assert r.json()["detail"] == "Số CCCD ghi giới tính nam, không khớp với giới tính đã nhập."
    assert not Person.objects.exists()


def test_it_refuses_a_cccd_already_registered(client, tree, users, hoa, bearer):
    body = {"full_name": "Lê Thị Mai", "sex": "F", "birth_year": 1990, "cccd": CCCD_F_1990}
    r = send(client, "POST", f"/api/v1/units/{tree.b1.pk}/people", body, bearer(users.base_editor))
    assert r.status_code == 422
    assert "đã được đăng ký cho một người khác" in r.json()["detail"]


def test_it_warns_of_a_duplicate_with_409_then_accepts_confirmation(
    client, tree, users, hoa, bearer
):
    headers = bearer(users.base_editor)
    body = {"full_name": "nguyễn thị hoà", "sex": "F", "birth_year": 1990}
    r = send(client, "POST", f"/api/v1/units/{tree.br1b.pk}/people", body, headers)
    assert r.status_code == 409
    assert r.json()["detail"].startswith("Đã có 1 người cùng họ tên và năm sinh")
    assert r.json()["duplicates"] == [
        {"id": hoa.pk, "full_name": "Nguyễn Thị Hòa", "birth_year": 1990}
    ]
    assert Person.objects.count() == 1
    body["confirm_duplicate"] = True
    r = send(client, "POST", f"/api/v1/units/{tree.br1b.pk}/people", body, headers)
    assert r.status_code == 201
    assert Person.objects.count() == 2


def test_it_lists_only_duplicates_the_user_may_see(client, tree, users, hoa, make_user, bearer):
    branch_editor = make_user("chi_hoi", tree.br1a, "editor")
    body = {"full_name": "Nguyễn Thị Hòa", "sex": "F", "birth_year": 1990}
    r = send(client, "POST", f"/api/v1/units/{tree.br1a.pk}/people", body, bearer(branch_editor))
    assert r.status_code == 409
    # The existing Hòa was registered by the base, outside this branch editor's scope.
    assert r.json()["duplicates"] == []


# PATCH /api/v1/people/{id}


def test_it_updates_only_the_fields_sent(client, users, hoa, bearer):
    r = send(
        client,
        "PATCH",
        f"/api/v1/people/{hoa.pk}",
        {"phone": "0912.345.678"},
        bearer(users.base_editor),
    )
    assert r.status_code == 200, r.content
    hoa.refresh_from_db()
    assert hoa.phone == "0912345678"
    assert hoa.cccd == CCCD_F_1990
    assert hoa.birth_date == datetime.date(1990, 5, 17)
    assert r.json()["phone"] == "0912345678"
    [event] = AuditEvent.objects.filter(action="people.person.update")
    assert event.data["changed"] == {"phone": ["0905123456", "0912345678"]}


def test_it_lets_a_receiving_base_editor_correct_a_transferred_member(
    client, tree, users, hoa, make_user, bearer
):
    m = factories.make_member(None, tree.br1a, person=hoa, joined=datetime.date(2020, 1, 1))
    member_services.transfer_membership(
        actor=None, membership=m, to_unit=tree.br2a, on=datetime.date(2024, 1, 1)
    )
    b2_editor = make_user("b2_nhap", tree.b2, "editor")
    r = send(
        client, "PATCH", f"/api/v1/people/{hoa.pk}", {"occupation": "Giáo viên"}, bearer(b2_editor)
    )
    assert r.status_code == 200
    hoa.refresh_from_db()
    assert hoa.occupation == "Giáo viên"


def test_it_refuses_a_viewer_editing_a_person(client, users, hoa, bearer):
    r = send(client, "PATCH", f"/api/v1/people/{hoa.pk}", {"phone": ""}, bearer(users.base_viewer))
    assert r.status_code == 403
    assert "quyền nhập liệu" in r.json()["detail"]
    hoa.refresh_from_db()
    assert hoa.phone == "0905123456"


def test_it_hides_a_person_from_a_sibling_editing(client, users, hoa, bearer):
    r = send(client, "PATCH", f"/api/v1/people/{hoa.pk}", {"phone": ""}, bearer(users.sibling))
    assert r.status_code == 404


def test_it_refuses_anonymous_person_edits(client, hoa):
    assert send(client, "PATCH", f"/api/v1/people/{hoa.pk}", {"phone": ""}, {}).status_code == 401


def test_it_refuses_an_edit_that_breaks_the_cccd(client, users, hoa, bearer):
    r = send(client, "PATCH", f"/api/v1/people/{hoa.pk}", {"sex": "M"}, bearer(users.base_editor))
    assert r.status_code == 422
    assert r.json()["detail"] == "Số CCCD ghi giới tính nữ, không khớp với giới tính đã nhập."
    hoa.refresh_from_db()
    assert hoa.sex == "F"


def test_it_warns_of_a_duplicate_when_renaming(client, tree, users, hoa, bearer):
    other = make_person(tree.b1, "Nguyễn Thị Lan", birth_year=1990)
    body = {"full_name": "Nguyen Thi Hoa"}
    r = send(client, "PATCH", f"/api/v1/people/{other.pk}", body, bearer(users.base_editor))
    assert r.status_code == 409
    assert [d["id"] for d in r.json()["duplicates"]] == [hoa.pk]
    other.refresh_from_db()
    assert other.full_name == "Nguyễn Thị Lan"
    body["confirm_duplicate"] = True
    r = send(client, "PATCH", f"/api/v1/people/{other.pk}", body, bearer(users.base_editor))
    assert r.status_code == 200
    other.refresh_from_db()
    assert other.full_name == "Nguyen Thi Hoa"


@pytest.mark.parametrize("membership", ["none", "open"])
def test_it_refuses_a_cccd_held_out_of_scope_with_one_neutral_message(
    client, tree, users, bearer, membership
):
    secret = make_person(tree.b2, "Đặng Thị Bí Mật", birth_year=1990, cccd=CCCD_F_1990,
                         phone="0905111222")  # fmt: skip
    if membership == "open":
        member_services.admit_member(actor=None, person=secret, unit=tree.b2, category="member",
                                     joined_on=datetime.date(2020, 1, 1))  # fmt: skip
    body = {"full_name": "Lê Thị Mai", "sex": "F", "birth_year": 1990, "cccd": CCCD_F_1990}
    r = send(client, "POST", f"/api/v1/units/{tree.b1.pk}/people", body, bearer(users.base_editor))
    assert r.status_code == 422
    assert r.json()["detail"] == (
        "Số CCCD đã được đăng ký ở đơn vị khác; liên hệ cấp trên để chuyển sinh hoạt"
    )
    assert "Bí Mật" not in r.content.decode() and "0905111222" not in r.content.decode()
    assert list(Person.objects.values_list("pk", flat=True)) == [secret.pk]
    # Nor by correcting someone of one's own base to that number.
    mine = make_person(tree.b1, "Lê Thị Mai", birth_year=1990)
    r = send(client, "PATCH", f"/api/v1/people/{mine.pk}", {"cccd": CCCD_F_1990},
             bearer(users.base_editor))  # fmt: skip
    assert r.status_code == 422
    assert r.json()["detail"].startswith("Số CCCD đã được đăng ký ở đơn vị khác")
    mine.refresh_from_db()
    secret.refresh_from_db()
    assert mine.cccd is None and secret.cccd == CCCD_F_1990 and secret.unit == tree.b2
    assert client.get(f"/api/v1/people/{secret.pk}", **bearer(users.base_editor)).status_code == 404
