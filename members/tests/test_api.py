import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from members import services
from members.models import Cadre, EndReason, Membership
from members.tests import factories

D = datetime.date
JOINED = D(2020, 3, 1)


def make_person(unit, full_name, sex="F", birth_year=1990, **fields):
    return factories.make_person(None, unit, full_name, sex, birth_year, **fields)


def make_member(unit, full_name, sex="F", birth_year=1990, joined_on=JOINED, **kw):
    return factories.make_member(
        None, unit, full_name, sex=sex, year=birth_year, joined=joined_on, **kw
    )


def send(client, method, url, body, headers):
    return client.generic(method, url, json.dumps(body), content_type="application/json", **headers)


def ids(response):
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture
def hoa(tree):
    return make_member(
        tree.br1a, "Nguyễn Thị Hòa", cccd="048190000123", religion="catholic", card_number="dn-0001"
    )


# GET /api/v1/units/{id}/memberships


def test_it_lists_the_register_with_person_and_unit(client, tree, users, hoa, bearer):
    make_member(tree.br2a, "Trần Thị Hòa")  # the sibling base's
    r = client.get(f"/api/v1/units/{tree.b1.pk}/memberships", **bearer(users.base_viewer))
    assert r.status_code == 200
    assert r.json()["count"] == 1
    [item] = r.json()["items"]
    assert item == {
        "id": hoa.pk,
        "person": {
            "id": hoa.person_id,
            "full_name": "Nguyễn Thị Hòa",
            "sex": "F",
            "birth_year": 1990,
        },
        "unit": {"id": tree.br1a.pk, "name": "Chi hội tổ dân phố 1"},
        "category": "member",
        "card_number": "DN-0001",
        "joined_on": "2020-03-01",
        "ended_on": None,
        "end_reason": "",
    }


def test_it_finds_nguyen_thi_hoa_without_accents(client, tree, users, hoa, bearer):
    hoa2 = make_member(tree.br1b, "Nguyễn Thị Hoà", birth_year=1970)
    make_member(tree.br1b, "Nguyễn Thị Hoa Mai", birth_year=1971)  # contains the key: found too
    make_member(tree.br1b, "Nguyễn Văn Hòa", "M", birth_year=1972)
    r = client.get(
        f"/api/v1/units/{tree.b1.pk}/memberships",
        {"q": "nguyen thi hoa"},
        **bearer(users.base_viewer),
    )
    names = {item["person"]["full_name"] for item in r.json()["items"]}
    assert names == {"Nguyễn Thị Hòa", "Nguyễn Thị Hoà", "Nguyễn Thị Hoa Mai"}
    assert hoa2.pk in ids(r)


def test_it_finds_a_member_by_card_number(client, tree, users, hoa, bearer):
    make_member(tree.br1b, "Lê Văn Tám", "M")
    r = client.get(
        f"/api/v1/units/{tree.b1.pk}/memberships", {"q": "dn-0001"}, **bearer(users.base_viewer)
    )
    assert ids(r) == [hoa.pk]


def test_it_sorts_the_register_by_given_name(client, tree, users, bearer):
    an = make_member(tree.br1a, "Trần Văn An", "M")
    binh = make_member(tree.br1a, "Lê Thị Bình")
    cuong = make_member(tree.br1b, "Ân Văn Cường", "M")
    url = f"/api/v1/units/{tree.b1.pk}/memberships"
    headers = bearer(users.base_viewer)
    assert ids(client.get(url, **headers)) == [an.pk, binh.pk, cuong.pk]
    assert ids(client.get(url, {"sort": "-name"}, **headers)) == [cuong.pk, binh.pk, an.pk]


def test_it_filters_the_register(client, tree, users, hoa, bearer):
    man = make_member(tree.br1b, "Lê Văn Tám", "M", birth_year=1950, joined_on=D(2023, 5, 1))
    vol = make_member(tree.br1b, "Phan Thị Thu", birth_year=2000, category="volunteer")
    url = f"/api/v1/units/{tree.b1.pk}/memberships"
    headers = bearer(users.base_viewer)
    assert ids(client.get(url, {"sex": "M"}, **headers)) == [man.pk]
    assert ids(client.get(url, {"category": "volunteer"}, **headers)) == [vol.pk]
    assert ids(client.get(url, {"joined_year": 2023}, **headers)) == [man.pk]
    assert ids(client.get(url, {"age_band": "18-29", "on": "2024-01-01"}, **headers)) == [vol.pk]
    assert ids(client.get(url, {"branch": tree.br1a.pk}, **headers)) == [hoa.pk]
    assert ids(client.get(url, {"on": "2022-01-01"}, **headers)) == [hoa.pk, vol.pk]


def test_it_answers_the_register_as_of_a_date_across_a_transfer(client, tree, users, hoa, bearer):
    services.transfer_membership(actor=None, membership=hoa, to_unit=tree.br1b, on=D(2024, 1, 1))
    url = f"/api/v1/units/{tree.br1a.pk}/memberships"
    headers = bearer(users.base_viewer)
    assert ids(client.get(url, {"on": "2023-12-31"}, **headers)) == [hoa.pk]
    assert ids(client.get(url, {"on": "2024-01-01"}, **headers)) == []
    r = client.get(url, {"on": "2024-01-01", "status": "left"}, **headers)
    assert ids(r) == [hoa.pk]
    assert r.json()["items"][0]["end_reason"] == "transferred"
    # The base counts the person once on any day.
    base = f"/api/v1/units/{tree.b1.pk}/memberships"
    for on in ("2023-12-31", "2024-01-01"):
        assert client.get(base, {"on": on}, **headers).json()["count"] == 1


def test_it_lists_the_register_with_a_fixed_number_of_queries(client, tree, users, bearer):
    url = f"/api/v1/units/{tree.b1.pk}/memberships"
    headers = bearer(users.base_viewer)
    client.get(url, **headers)  # the token's first use is recorded once

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url, {"q": "thi"}, **headers)
        assert r.status_code == 200
        return len(ctx.captured_queries), r.json()["count"]

    for n in range(3):
        make_member(tree.br1a, f"Nguyễn Thị Ba {n}", birth_year=1980 + n)
    few, count = count_queries()
    assert count == 3
    for n in range(17):
        make_member(tree.br1b, f"Trần Thị Tư {n}", birth_year=1960 + n)
    many, count = count_queries()
    assert count == 20
    assert many == few == 6  # token, roles, unit, later moves of the unit, matches, page


def test_it_refuses_an_unknown_age_band(client, tree, users, bearer):
    r = client.get(
        f"/api/v1/units/{tree.b1.pk}/memberships", {"age_band": "99"}, **bearer(users.base_viewer)
    )
    assert r.status_code == 422
    assert r.json()["detail"] == "Nhóm tuổi không hợp lệ."


def test_it_hides_a_branch_outside_the_scope(client, tree, users, bearer):
    r = client.get(
        f"/api/v1/units/{tree.b1.pk}/memberships",
        {"branch": tree.br2a.pk},
        **bearer(users.base_viewer),
    )
    assert r.status_code == 404


def test_it_hides_the_register_from_a_sibling(client, tree, users, hoa, bearer):
    r = client.get(f"/api/v1/units/{tree.b1.pk}/memberships", **bearer(users.sibling))
    assert r.status_code == 404


def test_it_refuses_anonymous_register_reads(client, tree):
    assert client.get(f"/api/v1/units/{tree.b1.pk}/memberships").status_code == 401


def test_it_refuses_other_methods_on_the_register(client, tree, users, bearer):
    headers = bearer(users.base_manager)
    assert client.delete(f"/api/v1/units/{tree.b1.pk}/memberships", **headers).status_code == 405
    assert client.put("/api/v1/memberships/1", **headers).status_code == 405


# GET /api/v1/memberships/{id}


def test_it_shows_a_membership_with_its_history(client, tree, users, hoa, bearer):
    new = services.transfer_membership(
        actor=None, membership=hoa, to_unit=tree.br1b, on=D(2024, 1, 1)
    )
    r = client.get(f"/api/v1/memberships/{new.pk}", **bearer(users.base_viewer))
    assert r.status_code == 200
    data = r.json()
    assert data["previous_id"] == hoa.pk
    assert data["unit"]["id"] == tree.br1b.pk
    assert [(h["id"], h["ended_on"]) for h in data["history"]] == [
        (hoa.pk, "2024-01-01"),
        (new.pk, None),
    ]
    assert "cccd" not in json.dumps(data) and "religion" not in data["person"]


def test_it_hides_a_membership_from_a_sibling(client, users, hoa, bearer):
    assert client.get(f"/api/v1/memberships/{hoa.pk}", **bearer(users.sibling)).status_code == 404


def test_it_refuses_anonymous_membership_reads(client, hoa):
    assert client.get(f"/api/v1/memberships/{hoa.pk}").status_code == 401


# POST /api/v1/units/{id}/memberships


def test_it_admits_a_person(client, tree, users, bearer):
    person = make_person(tree.b1, "Đỗ Thị Nga")
    body = {"person_id": person.pk, "category": "member", "joined_on": "2025-01-15"}
    r = send(
        client, "POST", f"/api/v1/units/{tree.br1a.pk}/memberships", body, bearer(users.base_editor)
    )
    assert r.status_code == 201, r.content
    m = Membership.objects.get(pk=r.json()["id"])
    assert (m.person, m.unit, m.joined_on) == (person, tree.br1a, D(2025, 1, 15))
    assert AuditEvent.objects.filter(
        action="members.membership.admit", object_id=str(m.pk)
    ).exists()


def test_it_refuses_a_viewer_admitting(client, tree, users, bearer):
    person = make_person(tree.b1, "Đỗ Thị Nga")
    body = {"person_id": person.pk, "category": "member", "joined_on": "2025-01-15"}
    r = send(
        client, "POST", f"/api/v1/units/{tree.b1.pk}/memberships", body, bearer(users.base_viewer)
    )
    assert r.status_code == 403
    assert (
        r.json()["detail"] == "Bạn cần quyền nhập liệu ở đơn vị này để thay đổi danh sách hội viên."
    )
    assert not Membership.objects.exists()


def test_it_hides_a_person_outside_the_scope_when_admitting(client, tree, users, bearer):
    stranger = make_person(tree.b2, "Đỗ Thị Nga")
    body = {"person_id": stranger.pk, "category": "member", "joined_on": "2025-01-15"}
    r = send(
        client, "POST", f"/api/v1/units/{tree.b1.pk}/memberships", body, bearer(users.base_editor)
    )
    assert r.status_code == 404
    assert not Membership.objects.exists()


def test_it_refuses_an_unknown_category_in_vietnamese(client, tree, users, bearer):
    person = make_person(tree.b1, "Đỗ Thị Nga")
    body = {"person_id": person.pk, "category": "robot", "joined_on": "2025-01-15"}
    r = send(
        client, "POST", f"/api/v1/units/{tree.b1.pk}/memberships", body, bearer(users.base_editor)
    )
    assert r.status_code == 422
    assert r.json()["detail"] == "Loại hội viên không có trong danh mục của Hội."


def test_it_refuses_anonymous_admission(client, tree):
    body = {"person_id": 1, "category": "member", "joined_on": "2025-01-15"}
    assert (
        send(client, "POST", f"/api/v1/units/{tree.b1.pk}/memberships", body, {}).status_code == 401
    )


# POST /api/v1/memberships/{id}/transfer, /end, /readmit


def test_it_transfers_a_member(client, tree, users, hoa, bearer):
    body = {"to_unit_id": tree.br1b.pk, "on": "2024-06-01", "note": "Chuyển nhà"}
    r = send(
        client, "POST", f"/api/v1/memberships/{hoa.pk}/transfer", body, bearer(users.base_editor)
    )
    assert r.status_code == 201, r.content
    hoa.refresh_from_db()
    assert hoa.ended_on == D(2024, 6, 1)
    assert hoa.end_reason == EndReason.TRANSFERRED
    assert hoa.end_note == "Chuyển nhà"
    new = Membership.objects.get(pk=r.json()["id"])
    assert (new.unit, new.joined_on, new.previous, new.card_number) == (
        tree.br1b, D(2024, 6, 1), hoa, "DN-0001",
    )  # fmt: skip
    assert r.json()["ended_on"] is None


def test_it_refuses_a_viewer_transferring(client, tree, users, hoa, bearer):
    body = {"to_unit_id": tree.br1b.pk, "on": "2024-06-01"}
    r = send(
        client, "POST", f"/api/v1/memberships/{hoa.pk}/transfer", body, bearer(users.base_viewer)
    )
    assert r.status_code == 403
    hoa.refresh_from_db()
    assert hoa.ended_on is None


def test_it_hides_a_destination_outside_the_scope(client, tree, users, hoa, bearer):
    body = {"to_unit_id": tree.br2a.pk, "on": "2024-06-01"}
    r = send(
        client, "POST", f"/api/v1/memberships/{hoa.pk}/transfer", body, bearer(users.base_editor)
    )
    assert r.status_code == 404
    hoa.refresh_from_db()
    assert hoa.ended_on is None


def test_it_hides_a_membership_from_a_sibling_transferring(client, tree, users, hoa, bearer):
    body = {"to_unit_id": tree.br2a.pk, "on": "2024-06-01"}
    r = send(client, "POST", f"/api/v1/memberships/{hoa.pk}/transfer", body, bearer(users.sibling))
    assert r.status_code == 404


def test_it_refuses_a_transfer_to_the_same_unit(client, tree, users, hoa, bearer):
    body = {"to_unit_id": tree.br1a.pk, "on": "2024-06-01"}
    r = send(
        client, "POST", f"/api/v1/memberships/{hoa.pk}/transfer", body, bearer(users.base_editor)
    )
    assert r.status_code == 422
    assert r.json()["detail"] == "Đơn vị chuyển đến trùng với đơn vị hiện tại."


def test_it_refuses_anonymous_transfers(client, tree, hoa):
    body = {"to_unit_id": tree.br1b.pk, "on": "2024-06-01"}
    r = send(client, "POST", f"/api/v1/memberships/{hoa.pk}/transfer", body, {})
    assert r.status_code == 401


def test_it_ends_a_membership(client, users, hoa, bearer):
    body = {"on": "2024-06-01", "reason": "resigned"}
    r = send(client, "POST", f"/api/v1/memberships/{hoa.pk}/end", body, bearer(users.base_editor))
    assert r.status_code == 200, r.content
    assert r.json()["ended_on"] == "2024-06-01"
    hoa.refresh_from_db()
    assert (hoa.ended_on, hoa.end_reason) == (D(2024, 6, 1), "resigned")


def test_it_refuses_striking_off_without_a_reason(client, users, hoa, bearer):
    body = {"on": "2024-06-01", "reason": "removed"}
    r = send(client, "POST", f"/api/v1/memberships/{hoa.pk}/end", body, bearer(users.base_editor))
    assert r.status_code == 422
    assert r.json()["detail"] == "Xoá tên phải ghi rõ lý do."
    hoa.refresh_from_db()
    assert hoa.ended_on is None


def test_it_refuses_a_viewer_ending(client, users, hoa, bearer):
    body = {"on": "2024-06-01", "reason": "resigned"}
    r = send(client, "POST", f"/api/v1/memberships/{hoa.pk}/end", body, bearer(users.base_viewer))
    assert r.status_code == 403


def test_it_hides_a_membership_from_a_sibling_ending(client, users, hoa, bearer):
    body = {"on": "2024-06-01", "reason": "resigned"}
    r = send(client, "POST", f"/api/v1/memberships/{hoa.pk}/end", body, bearer(users.sibling))
    assert r.status_code == 404


def test_it_readmits_a_former_member(client, tree, users, hoa, bearer):
    services.end_membership(actor=None, membership=hoa, on=D(2022, 1, 1), reason="moved_away")
    body = {"joined_on": "2024-02-01", "unit_id": tree.br1b.pk}
    r = send(
        client, "POST", f"/api/v1/memberships/{hoa.pk}/readmit", body, bearer(users.base_editor)
    )
    assert r.status_code == 201, r.content
    new = Membership.objects.get(pk=r.json()["id"])
    assert (new.unit, new.joined_on, new.previous, new.card_number) == (
        tree.br1b, D(2024, 2, 1), hoa, "DN-0001",
    )  # fmt: skip


def test_it_refuses_readmitting_a_current_member(client, users, hoa, bearer):
    body = {"joined_on": "2024-02-01"}
    r = send(
        client, "POST", f"/api/v1/memberships/{hoa.pk}/readmit", body, bearer(users.base_editor)
    )
    assert r.status_code == 422
    assert r.json()["detail"] == "Người này vẫn đang sinh hoạt."


def test_it_refuses_a_viewer_readmitting(client, users, hoa, bearer):
    services.end_membership(actor=None, membership=hoa, on=D(2022, 1, 1), reason="moved_away")
    body = {"joined_on": "2024-02-01"}
    r = send(
        client, "POST", f"/api/v1/memberships/{hoa.pk}/readmit", body, bearer(users.base_viewer)
    )
    assert r.status_code == 403
    assert Membership.objects.count() == 1


def test_it_hides_a_membership_from_a_sibling_readmitting(client, users, hoa, bearer):
    body = {"joined_on": "2024-02-01"}
    r = send(client, "POST", f"/api/v1/memberships/{hoa.pk}/readmit", body, bearer(users.sibling))
    assert r.status_code == 404


# GET /api/v1/units/{id}/member-statistics


def test_it_counts_members_as_of_a_date(client, tree, users, hoa, bearer):
    make_member(tree.br1b, "Lê Văn Tám", "M", birth_year=1950)
    make_member(tree.br1b, "Phan Thị Thu", birth_year=2000, category="volunteer")
    r = client.get(
        f"/api/v1/units/{tree.b1.pk}/member-statistics", {"on": "2024-12-31"},
        **bearer(users.base_viewer),
    )  # fmt: skip
    assert r.status_code == 200
    data = r.json()
    assert data["on"] == "2024-12-31"
    assert data["total"] == 3
    assert data["by_category"]["member"] == {"total": 2, "male": 1, "female": 1}
    assert data["by_category"]["volunteer"] == {"total": 1, "male": 0, "female": 1}
    assert data["age_bands"]["volunteer"] == {"18-29": 1}
    assert data["by_religion"] == {"catholic": 1, "": 2}
    assert data["joined_per_year"]["2020"] == 3
    assert data["growth_pct"] == 0.0


def test_it_hides_statistics_from_a_sibling(client, tree, users, bearer):
    r = client.get(f"/api/v1/units/{tree.b1.pk}/member-statistics", **bearer(users.sibling))
    assert r.status_code == 404


def test_it_refuses_anonymous_statistics(client, tree):
    assert client.get(f"/api/v1/units/{tree.b1.pk}/member-statistics").status_code == 401


# Cadres


@pytest.fixture
def chair(tree, hoa):
    return services.appoint_cadre(
        actor=None, person=hoa.person, unit=tree.b1, position="chair", started_on=D(2022, 9, 1),
        term="2022–2027",
    )  # fmt: skip


def test_it_lists_cadres_in_office(client, tree, users, chair, bearer):
    head = services.appoint_cadre(
        actor=None, person=make_person(tree.br1a, "Lê Văn Tám", "M"), unit=tree.br1a,
        position="branch_head", started_on=D(2023, 1, 1),
    )  # fmt: skip
    services.update_cadre(actor=None, cadre=head, ended_on=D(2024, 1, 1))
    url = f"/api/v1/units/{tree.b1.pk}/cadres"
    headers = bearer(users.base_viewer)
    r = client.get(url, {"on": "2023-06-01"}, **headers)
    assert r.status_code == 200
    assert ids(r) == [chair.pk, head.pk]
    assert r.json()["items"][0]["position_name"] == "Chủ tịch"
    assert r.json()["items"][0]["person"]["full_name"] == "Nguyễn Thị Hòa"
    assert ids(client.get(url, **headers)) == [chair.pk]


def test_it_hides_cadres_from_a_sibling(client, tree, users, bearer):
    assert (
        client.get(f"/api/v1/units/{tree.b1.pk}/cadres", **bearer(users.sibling)).status_code == 404
    )


def test_it_refuses_anonymous_cadre_lists(client, tree):
    assert client.get(f"/api/v1/units/{tree.b1.pk}/cadres").status_code == 401


def test_it_appoints_a_cadre(client, tree, users, hoa, bearer):
    body = {"person_id": hoa.person_id, "position": "branch_head", "started_on": "2024-01-01",
            "term": "2022–2027"}  # fmt: skip
    r = send(
        client, "POST", f"/api/v1/units/{tree.br1a.pk}/cadres", body, bearer(users.base_editor)
    )
    assert r.status_code == 201, r.content
    cadre = Cadre.objects.get(pk=r.json()["id"])
    assert (cadre.person_id, cadre.unit, cadre.position) == (
        hoa.person_id,
        tree.br1a,
        "branch_head",
    )
    assert r.json()["position_name"] == "Chi hội trưởng"


def test_it_refuses_an_unknown_position(client, tree, users, hoa, bearer):
    body = {"person_id": hoa.person_id, "position": "king", "started_on": "2024-01-01"}
    r = send(client, "POST", f"/api/v1/units/{tree.b1.pk}/cadres", body, bearer(users.base_editor))
    assert r.status_code == 422
    assert r.json()["detail"] == "Chức danh không hợp lệ."


def test_it_refuses_a_viewer_appointing(client, tree, users, hoa, bearer):
    body = {"person_id": hoa.person_id, "position": "chair", "started_on": "2024-01-01"}
    r = send(client, "POST", f"/api/v1/units/{tree.b1.pk}/cadres", body, bearer(users.base_viewer))
    assert r.status_code == 403
    assert r.json()["detail"] == "Bạn cần quyền nhập liệu ở đơn vị này để cập nhật cán bộ Hội."
    assert not Cadre.objects.exists()


def test_it_records_a_uniform_and_the_end_of_a_term(client, users, chair, bearer):
    body = {"uniform_issued_on": "2023-03-08", "ended_on": "2024-12-31"}
    r = send(client, "PATCH", f"/api/v1/cadres/{chair.pk}", body, bearer(users.base_editor))
    assert r.status_code == 200, r.content
    chair.refresh_from_db()
    assert (chair.uniform_issued_on, chair.ended_on) == (D(2023, 3, 8), D(2024, 12, 31))
    assert r.json()["ended_on"] == "2024-12-31"
    assert chair.badge_issued_on is None


def test_it_refuses_a_term_ending_before_it_starts(client, users, chair, bearer):
    body = {"ended_on": "2020-01-01"}
    r = send(client, "PATCH", f"/api/v1/cadres/{chair.pk}", body, bearer(users.base_editor))
    assert r.status_code == 422
    assert r.json()["detail"] == "Ngày kết thúc phải sau ngày bắt đầu."


def test_it_refuses_a_viewer_updating_a_cadre(client, users, chair, bearer):
    body = {"badge_issued_on": "2023-03-08"}
    r = send(client, "PATCH", f"/api/v1/cadres/{chair.pk}", body, bearer(users.base_viewer))
    assert r.status_code == 403


def test_it_hides_a_cadre_from_a_sibling(client, users, chair, bearer):
    body = {"badge_issued_on": "2023-03-08"}
    r = send(client, "PATCH", f"/api/v1/cadres/{chair.pk}", body, bearer(users.sibling))
    assert r.status_code == 404


def test_it_refuses_anonymous_cadre_updates(client, chair):
    assert send(client, "PATCH", f"/api/v1/cadres/{chair.pk}", {}, {}).status_code == 401


def test_it_refuses_other_methods_on_a_cadre(client, users, chair, bearer):
    assert client.get(f"/api/v1/cadres/{chair.pk}", **bearer(users.base_editor)).status_code == 405
