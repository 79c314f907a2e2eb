import datetime

import pytest
from django.urls import reverse

from core.models import AuditEvent
from core.tests.test_views import assert_no_inline_code
from members import services as member_services
from members.models import Membership
from members.tests import factories
from org.services.reorg import rename_unit
from people.models import Consent, Person

D = datetime.date
CCCD_MALE_1990 = "048090123456"  # Đà Nẵng, male, born 1990
CCCD_FEMALE_1985 = "048185654321"


def make_member(actor, unit, *, name="Nguyễn Văn An", sex="M", year=1990, cccd=None, **extra):
    extra.setdefault("ethnicity", "01")
    extra.setdefault("religion", "buddhism")
    m = factories.make_member(
        actor, unit, name, sex=sex, year=year, joined=D(2020, 3, 1), cccd=cccd,
        confirm_duplicate=False, **extra,
    )  # fmt: skip
    return m.person, m


def new_url(unit):
    return reverse("people:new", args=[unit.pk])


def detail_url(person):
    return reverse("people:detail", args=[person.pk])


def new_data(unit, **over):
    data = {
        "full_name": "Trần Thị Hoà",
        "sex": "F",
        "birth_date": "",
        "birth_year": "1985",
        "cccd": CCCD_FEMALE_1985,
        "phone": "0905 123 456",
        "address_detail": "12 Lê Duẩn",
        "ethnicity": "01",
        "religion": "none",
        "occupation": "Giáo viên",
        "category": "member",
        "member_unit": str(unit.pk),
        "joined_on": "2024-05-01",
        "card_number": "DN-0001",
        "purpose": "Quản lý hội viên",
        "given_on": "2024-05-01",
        "method": "written",
    }
    data.update(over)
    return data


# --- people:new -----------------------------------------------------------------------------


def test_it_shows_the_new_person_form_to_an_editor(users, tree, login):
    response = login(users.base_editor).get(new_url(tree.b1))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kết nạp / thêm người" in html
    assert 'type="date"' in html
    assert 'value="Quản lý hội viên"' in html
    units = [u.pk for u in response.context["form"].fields["member_unit"].queryset]
    assert set(units) == {tree.b1.pk, tree.br1a.pk, tree.br1b.pk}
    assert_no_inline_code(html)


def test_it_sends_anonymous_users_to_login_from_the_new_person_form(tree, client):
    response = client.get(new_url(tree.b1))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_it_hides_the_new_person_form_of_a_sibling_unit(users, tree, login):
    assert login(users.sibling).get(new_url(tree.b1)).status_code == 404


def test_it_refuses_the_new_person_form_to_a_viewer(users, tree, login):
    client = login(users.base_viewer)
    assert client.get(new_url(tree.b1)).status_code == 403
    assert client.post(new_url(tree.b1), new_data(tree.br1a)).status_code == 403
    assert not Person.objects.exists()


def test_it_refuses_other_methods_on_the_new_person_form(users, tree, login):
    assert login(users.base_editor).put(new_url(tree.b1)).status_code == 405


def test_it_creates_the_person_the_consent_and_the_membership_together(users, tree, login):
    client = login(users.base_editor)
    response = client.post(new_url(tree.b1), new_data(tree.br1a), follow=True)
    person = Person.objects.get()
    assert response.redirect_chain[-1][0] == detail_url(person)
    assert "Đã thêm Trần Thị Hoà." in response.content.decode()
    assert person.unit == tree.br1a and person.phone == "0905123456"
    assert person.cccd == CCCD_FEMALE_1985
    m = Membership.objects.get(person=person)
    assert (m.unit, m.category, m.joined_on, m.card_number) == (
        tree.br1a,
        "member",
        D(2024, 5, 1),
        "DN-0001",
    )
    consent = Consent.objects.get(person=person)
    assert (consent.purpose, consent.method) == ("Quản lý hội viên", "written")


def test_it_saves_nothing_when_the_membership_is_refused(users, tree, login):
    other, _m = make_member(users.base_editor, tree.b1, name="Lê Văn Bình")
    Membership.objects.filter(person=other).update(card_number="DN-0001")
    response = login(users.base_editor).post(new_url(tree.b1), new_data(tree.br1a))
    assert response.status_code == 200
    assert "Số thẻ DN-0001 đã cấp cho người khác." in response.content.decode()
    assert not Person.objects.filter(full_name="Trần Thị Hoà").exists()
    assert not Consent.objects.exists()


def test_it_warns_about_a_possible_duplicate_then_saves_when_confirmed(users, tree, login):
    existing, _m = make_member(
        users.base_editor, tree.br1b, name="Trần Thị Hòa", sex="F", year=1985, cccd=None
    )
    client = login(users.base_editor)
    data = new_data(tree.br1a, cccd="")
    response = client.post(new_url(tree.b1), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vẫn lưu (đây là người khác)" in html
    assert detail_url(existing) in html
    assert tree.br1b.name in html
    assert 'value="12 Lê Duẩn"' in html  # nothing typed is lost
    assert Person.objects.count() == 1

    response = client.post(new_url(tree.b1), data | {"confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 2
    event = AuditEvent.objects.get(action="people.person.create", data__duplicate_confirmed=True)
    assert event.actor == users.base_editor


def test_it_shows_a_cccd_that_does_not_match_sex_and_keeps_what_was_typed(users, tree, login):
    response = login(users.base_editor).post(
        new_url(tree.b1), new_data(tree.br1a, cccd=CCCD_MALE_1990)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Số CCCD ghi giới tính nam, không khớp với giới tính đã nhập." in html
    assert response.context["form"].errors["cccd"]
    assert 'value="Trần Thị Hoà"' in html and f'value="{CCCD_MALE_1990}"' in html
    assert not Person.objects.exists()


def test_it_shows_a_cccd_that_does_not_match_the_birth_year(users, tree, login):
    response = login(users.base_editor).post(
        new_url(tree.b1), new_data(tree.br1a, birth_year="1986")
    )
    assert "Số CCCD ghi năm sinh 1985, không khớp với năm sinh 1986." in response.content.decode()
    assert 'value="1986"' in response.content.decode()
    assert not Person.objects.exists()


def test_it_tells_when_a_cccd_is_already_registered(users, tree, login):
    make_member(
        users.base_editor, tree.b1, name="Trần Thị Lan", sex="F", year=1985, cccd=CCCD_FEMALE_1985
    )
    response = login(users.base_editor).post(new_url(tree.b1), new_data(tree.br1a))
    assert response.status_code == 200
    assert "đã được đăng ký cho một người khác" in response.context["form"].errors["cccd"][0]
    assert Person.objects.count() == 1


def test_it_refuses_a_cccd_held_out_of_scope_and_says_nothing_of_the_holder(users, tree, login):
    secret, _m = make_member(users.sibling, tree.b2, name="Đặng Thị Bí Mật", sex="F", year=1985,
                             cccd=CCCD_FEMALE_1985, phone="0905111222")  # fmt: skip
    response = login(users.base_editor).post(new_url(tree.b1), new_data(tree.br1a))
    assert response.status_code == 200
    assert response.context["form"].errors["cccd"] == [
        "Số CCCD đã được đăng ký ở đơn vị khác; liên hệ cấp trên để chuyển sinh hoạt"
    ]
    page = response.content.decode()
    assert "Bí Mật" not in page and "0905111222" not in page and "Hòa Vang" not in page
    assert list(Person.objects.values_list("pk", flat=True)) == [secret.pk]
    assert list(Membership.objects.values_list("person_id", "unit_id")) == [(secret.pk, tree.b2.pk)]


def test_it_requires_a_birth_date_or_year(users, tree, login):
    response = login(users.base_editor).post(
        new_url(tree.b1), new_data(tree.br1a, birth_year="", cccd="")
    )
    assert "Cần ghi ngày sinh hoặc ít nhất năm sinh." in response.content.decode()
    assert not Person.objects.exists()


def test_it_only_offers_member_units_in_the_users_edit_scope(users, tree, login):
    response = login(users.base_editor).post(new_url(tree.b1), new_data(tree.br2a))
    assert response.status_code == 200
    assert response.context["form"].errors["member_unit"]
    assert not Person.objects.exists()


# --- people:detail --------------------------------------------------------------------------


def test_it_shows_sensitive_data_to_an_editor_and_logs_the_view(users, tree, login):
    person, _m = make_member(users.base_manager, tree.br1a, cccd=CCCD_MALE_1990)
    response = login(users.base_editor).get(detail_url(person))
    assert response.status_code == 200
    html = response.content.decode()
    assert CCCD_MALE_1990 in html
    assert "Kinh" in html and "Phật giáo" in html
    event = AuditEvent.objects.get(action="people.person.view_sensitive")
    assert event.actor == users.base_editor
    assert event.object_id == str(person.pk)
    assert set(event.data["fields"]) == {"cccd", "ethnicity", "religion"}
    assert reverse("people:edit", args=[person.pk]) in html
    assert_no_inline_code(html)


def test_it_masks_the_cccd_and_hides_sensitive_data_from_a_viewer(users, tree, login):
    person, _m = make_member(users.base_manager, tree.br1a, cccd=CCCD_MALE_1990)
    response = login(users.base_viewer).get(detail_url(person))
    assert response.status_code == 200
    html = response.content.decode()
    assert CCCD_MALE_1990 not in html
    assert "048•••••••56" in html
    assert "Kinh" not in html and "Phật giáo" not in html
    assert not AuditEvent.objects.filter(action="people.person.view_sensitive").exists()
    assert reverse("people:edit", args=[person.pk]) not in html
    assert reverse("membership:transfer", args=[_m.pk]) not in html


def test_it_hides_a_person_of_a_sibling_unit(users, tree, login):
    person, _m = make_member(users.base_manager, tree.br1a)
    assert login(users.sibling).get(detail_url(person)).status_code == 404


def test_it_sends_anonymous_users_to_login_from_a_person(users, tree, client):
    person, _m = make_member(users.base_manager, tree.br1a)
    assert client.get(detail_url(person)).status_code == 302


def test_it_refuses_post_on_a_person(users, tree, login):
    person, _m = make_member(users.base_manager, tree.br1a)
    assert login(users.base_editor).post(detail_url(person)).status_code == 405


def test_it_shows_the_history_with_unit_names_of_the_time(users, tree, login):
    person, m = make_member(users.base_manager, tree.br1a)
    member_services.transfer_membership(
        actor=users.base_manager, membership=m, to_unit=tree.br1b, on=D(2022, 1, 1)
    )
    rename_unit(
        actor=users.central_admin, unit=tree.br1a, name="Chi hội khu phố Mới", on=D(2023, 1, 1)
    )
    response = login(users.base_editor).get(detail_url(person))
    timeline = response.context["timeline"]
    assert [e["kind"] for e in timeline] == ["join", "end", "continued_transfer_in"]
    html = response.content.decode()
    assert (
        "Bắt đầu sinh hoạt (Hội viên) tại Chi hội tổ dân phố 1" in html
    )  # the name it had in 2020
    assert "Chuyển sinh hoạt đến Chi hội tổ dân phố 2" in html
    rows = [e.action for e in response.context["audit_rows"]]
    assert "members.membership.transfer" in rows and "people.person.create" in rows


def test_it_offers_readmission_of_an_ended_membership(users, tree, login):
    person, m = make_member(users.base_manager, tree.br1a)
    member_services.end_membership(
        actor=users.base_manager, membership=m, on=D(2023, 1, 1), reason="resigned"
    )
    html = login(users.base_editor).get(detail_url(person)).content.decode()
    assert reverse("membership:readmit", args=[m.pk]) in html
    assert reverse("membership:transfer", args=[m.pk]) not in html


# --- people:edit, consent_new, anonymise ----------------------------------------------------


def edit_url(person):
    return reverse("people:edit", args=[person.pk])


def test_opening_the_edit_form_logs_the_sensitive_data_it_shows(users, tree, login):
    person, _m = make_member(users.base_manager, tree.br1a, cccd=CCCD_MALE_1990, religion="")
    bare, _m2 = make_member(
        users.base_manager, tree.br1a, name="Trần Thị Bình", ethnicity="", religion=""
    )
    client = login(users.base_editor)
    assert client.get(edit_url(person)).status_code == 200
    assert client.get(edit_url(bare)).status_code == 200
    [event] = AuditEvent.objects.filter(action="people.person.view_sensitive")
    assert (event.actor, event.object_id) == (users.base_editor, str(person.pk))
    assert event.data["fields"] == ["cccd", "ethnicity"]


def test_it_edits_a_person(users, tree, login):
    person, _m = make_member(users.base_manager, tree.br1a, cccd=CCCD_MALE_1990)
    client = login(users.base_editor)
    form = client.get(edit_url(person)).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(phone="0912345678", occupation="Nông dân")
    response = client.post(edit_url(person), data, follow=True)
    assert "Đã lưu hồ sơ Nguyễn Văn An." in response.content.decode()
    person.refresh_from_db()
    assert (person.phone, person.occupation, person.cccd) == (
        "0912345678",
        "Nông dân",
        CCCD_MALE_1990,
    )


def test_it_keeps_typed_values_when_an_edit_is_refused(users, tree, login):
    person, _m = make_member(users.base_manager, tree.br1a, cccd=CCCD_MALE_1990)
    client = login(users.base_editor)
    data = {
        k: ("" if v is None else v)
        for k, v in client.get(edit_url(person)).context["form"].initial.items()
    }
    data.update(sex="F", address_detail="Tổ 5")
    response = client.post(edit_url(person), data)
    assert response.status_code == 200
    assert "không khớp với giới tính" in response.content.decode()
    assert 'value="Tổ 5"' in response.content.decode()
    person.refresh_from_db()
    assert person.sex == "M"


def test_it_guards_the_edit_page(users, tree, login, client):
    person, _m = make_member(users.base_manager, tree.br1a)
    assert client.get(edit_url(person)).status_code == 302
    assert login(users.sibling).get(edit_url(person)).status_code == 404
    assert login(users.base_viewer).get(edit_url(person)).status_code == 403
    assert login(users.base_editor).delete(edit_url(person)).status_code == 405


def test_it_records_a_consent(users, tree, login, client):
    person, _m = make_member(users.base_manager, tree.br1a)
    url = reverse("people:consent_new", args=[person.pk])
    data = {
        "purpose": "Nhận tin nhắn về hiến máu",
        "given_on": "2024-06-01",
        "method": "electronic",
    }
    assert client.post(url, data).status_code == 302 and not Consent.objects.exists()
    assert login(users.sibling).post(url, data).status_code == 404
    assert login(users.base_viewer).post(url, data).status_code == 403
    assert login(users.base_editor).put(url).status_code == 405
    assert not Consent.objects.exists()
    response = login(users.base_editor).post(url, data)
    assert response.status_code == 302
    consent = Consent.objects.get(person=person)
    assert (consent.purpose, consent.given_on, consent.method) == (
        "Nhận tin nhắn về hiến máu",
        D(2024, 6, 1),
        "electronic",
    )


def test_it_refuses_a_consent_dated_in_the_future(users, tree, login):
    person, _m = make_member(users.base_manager, tree.br1a)
    url = reverse("people:consent_new", args=[person.pk])
    response = login(users.base_editor).post(
        url, {"purpose": "Quản lý hội viên", "given_on": "2999-01-01", "method": "written"}
    )
    assert "Ngày đồng ý không được sau hôm nay." in response.content.decode()
    assert not Consent.objects.exists()


def test_it_anonymises_a_person_for_a_manager_who_confirms(users, tree, login):
    person, _m = make_member(users.base_manager, tree.br1a, cccd=CCCD_MALE_1990)
    url = reverse("people:anonymise", args=[person.pk])
    client = login(users.base_manager)
    client.post(url)  # no confirmation
    person.refresh_from_db()
    assert person.anonymised_on is None
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.anonymised_on is not None and person.cccd is None


@pytest.mark.parametrize(
    ("who", "method", "status"),
    [("base_editor", "post", 403), ("sibling", "post", 404), ("base_manager", "get", 405)],
)
def test_it_guards_anonymisation(users, tree, login, who, method, status):
    person, _m = make_member(users.base_manager, tree.br1a)
    url = reverse("people:anonymise", args=[person.pk])
    response = getattr(login(getattr(users, who)), method)(url, {"confirm": "yes"})
    assert response.status_code == status
    person.refresh_from_db()
    assert person.anonymised_on is None


def test_it_sends_anonymous_users_to_login_from_anonymisation(users, tree, client):
    person, _m = make_member(users.base_manager, tree.br1a)
    assert client.post(reverse("people:anonymise", args=[person.pk])).status_code == 302
    person.refresh_from_db()
    assert person.anonymised_on is None
