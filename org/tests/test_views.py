import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from core import audit
from core.models import AuditEvent
from core.tests.test_views import assert_no_inline_code
from org.models import Unit, UnitKind


def unit_url(unit):
    return reverse("org:unit", args=[unit.pk])


def search_url(unit):
    return reverse("org:unit_search", args=[unit.pk])


def audit_url(unit):
    return reverse("org:audit", args=[unit.pk])


# --- unit home --------------------------------------------------------------------------


def test_it_shows_a_unit_with_its_children_and_their_child_counts(users, tree, login):
    response = login(users.province_manager).get(unit_url(tree.p1))
    assert response.status_code == 200
    html = response.content.decode()
    assert tree.p1.name in html
    assert "Tỉnh/Thành Hội" in html
    assert "48" in html  # admin code
    children = {c.name: c.child_count for c in response.context["children"]}
    assert children == {tree.b1.name: 2, tree.b2.name: 1}
    assert unit_url(tree.b1) in html and unit_url(tree.b2) in html
    assert_no_inline_code(html)


def test_it_counts_the_subtree_by_kind(users, tree, login):
    response = login(users.province_manager).get(unit_url(tree.p1))
    counts = {row["kind"]: row["n"] for row in response.context["kind_counts"]}
    assert counts == {"base": 2, "branch": 3}
    assert "Chi hội: <strong>3</strong>" in response.content.decode()


def test_it_uses_a_fixed_number_of_queries_whatever_the_number_of_children(
    users, tree, login, django_assert_num_queries
):
    client = login(users.province_manager)
    client.get(unit_url(tree.b1))  # warm the session
    with CaptureQueriesContext(connection) as before:
        client.get(unit_url(tree.b1))
    for i in range(5):
        tree.b1.refresh_from_db()
        Unit.objects.add_child(tree.b1, {"name": f"Chi hội số {i}", "kind": UnitKind.BRANCH})
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(unit_url(tree.b1))
    assert len(response.context["children"]) == 7


def test_it_links_only_breadcrumbs_the_user_can_see(users, tree, login):
    response = login(users.base_manager).get(unit_url(tree.br1a))
    html = response.content.decode()
    crumbs = [u.pk for u in response.context["crumbs"]]
    assert crumbs == [tree.b1.pk, tree.br1a.pk]
    assert unit_url(tree.b1) in html
    assert tree.p1.name not in html and tree.central.name not in html


def test_it_shows_all_ancestors_to_the_central_admin(users, tree, login):
    response = login(users.central_admin).get(unit_url(tree.br1a))
    crumbs = [u.pk for u in response.context["crumbs"]]
    assert crumbs == [tree.central.pk, tree.p1.pk, tree.b1.pk, tree.br1a.pk]


def test_it_hides_ceased_children_unless_asked(users, tree, login):
    Unit.objects.filter(pk=tree.br1b.pk).update(valid_to=datetime.date(2025, 7, 1))
    client = login(users.base_manager)
    shown = [c.pk for c in client.get(unit_url(tree.b1)).context["children"]]
    assert shown == [tree.br1a.pk]
    response = client.get(unit_url(tree.b1), {"ceased": "on"})
    assert [c.pk for c in response.context["children"]] == [tree.br1a.pk, tree.br1b.pk]
    assert "01/07/2025" in response.content.decode()


def test_it_says_when_a_unit_has_no_children(users, tree, login):
    response = login(users.base_manager).get(unit_url(tree.br1a))
    assert "Không có đơn vị trực thuộc" in response.content.decode()


def test_it_hides_a_sibling_unit(users, tree, login):
    response = login(users.base_manager).get(unit_url(tree.b2))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_it_hides_a_parent_unit(users, tree, login):
    assert login(users.base_manager).get(unit_url(tree.p1)).status_code == 404


def test_it_sends_anonymous_users_to_login_from_a_unit(tree, client):
    response = client.get(unit_url(tree.b1))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_rejects_post_on_a_unit(users, tree, login):
    assert login(users.base_manager).post(unit_url(tree.b1)).status_code == 405


def test_it_offers_management_tabs_only_to_managers(users, tree, login):
    html = login(users.base_manager).get(unit_url(tree.b1)).content.decode()
    assert audit_url(tree.b1) in html
    html = login(users.base_viewer).get(unit_url(tree.b1)).content.decode()
    assert audit_url(tree.b1) not in html


# --- search -----------------------------------------------------------------------------


def test_it_searches_the_subtree_without_accents_as_an_htmx_partial(users, tree, login):
    response = login(users.province_manager).get(
        search_url(tree.p1), {"q": "hai chau"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert tree.b1.name in html
    assert [u.pk for u in response.context["results"]] == [tree.b1.pk]


def test_it_matches_accented_queries_too(users, tree, login):
    response = login(users.province_manager).get(
        search_url(tree.p1), {"q": "La Bông"}, headers={"HX-Request": "true"}
    )
    assert [u.pk for u in response.context["results"]] == [tree.br2a.pk]


def test_it_searches_only_within_the_subtree(users, tree, login):
    client = login(users.central_admin)
    response = client.get(search_url(tree.b1), {"q": "la bong"}, headers={"HX-Request": "true"})
    assert response.context["results"] == []
    assert "Không tìm thấy đơn vị nào" in response.content.decode()


def test_it_leaves_ceased_units_out_of_search_unless_asked(users, tree, login):
    Unit.objects.filter(pk=tree.br2a.pk).update(valid_to=datetime.date(2025, 7, 1))
    client = login(users.province_manager)
    response = client.get(search_url(tree.p1), {"q": "la bong"})
    assert response.context["results"] == []
    response = client.get(search_url(tree.p1), {"q": "la bong", "ceased": "on"})
    assert [u.pk for u in response.context["results"]] == [tree.br2a.pk]


def test_it_renders_a_full_search_page_without_htmx(users, tree, login):
    response = login(users.province_manager).get(search_url(tree.p1), {"q": "chi hoi"})
    html = response.content.decode()
    assert "<html" in html
    assert len(response.context["results"]) == 3
    assert_no_inline_code(html)


def test_it_hides_search_of_a_sibling_unit(users, tree, login):
    response = login(users.base_manager).get(search_url(tree.b2), {"q": "la"})
    assert response.status_code == 404


def test_it_sends_anonymous_users_to_login_from_search(tree, client):
    assert client.get(search_url(tree.b1), {"q": "chi"}).status_code == 302


def test_it_rejects_post_on_search(users, tree, login):
    assert login(users.base_manager).post(search_url(tree.b1)).status_code == 405


# --- audit ------------------------------------------------------------------------------


def _event(unit, action, actor=None, **data):
    with transaction.atomic():
        return audit.record(actor=actor, action=action, unit=unit, data=data)


def test_it_shows_the_subtree_audit_trail_newest_first(users, tree, login):
    _event(tree.b1, "org.unit.create", actor=users.central_admin, name="Hải Châu")
    _event(tree.br1a, "accounts.role.assign", actor=users.base_manager, user="coso_xem")
    _event(tree.b2, "org.unit.create", name="Hòa Vang")  # sibling: not shown
    response = login(users.base_manager).get(audit_url(tree.b1))
    assert response.status_code == 200
    actions = [e.action for e in response.context["events"]]
    assert actions == ["accounts.role.assign", "org.unit.create"]
    html = response.content.decode()
    assert "coso_ql" in html and "tw_admin" in html
    assert "coso_ql đã phân quyền cho một tài khoản tại Chi hội tổ dân phố 1." in " ".join(
        strip_tags(html).split()
    )
    assert "Tài khoản: coso_xem" in " ".join(strip_tags(html).split())
    assert "Hòa Vang" not in html
    assert_no_inline_code(html)


def test_it_formats_audit_times_as_day_month_year(users, tree, login):
    event = _event(tree.b1, "org.unit.create")
    AuditEvent.objects.filter(pk=event.pk).update(
        at=datetime.datetime(2026, 3, 9, 1, 5, tzinfo=datetime.UTC)
    )
    html = login(users.base_manager).get(audit_url(tree.b1)).content.decode()
    assert "09/03/2026 08:05" in html  # Asia/Ho_Chi_Minh


def test_it_filters_the_audit_trail_by_action_prefix(users, tree, login):
    _event(tree.b1, "org.unit.create")
    _event(tree.b1, "accounts.role.assign")
    _event(tree.b1, "accounts.role.revoke")
    response = login(users.base_manager).get(audit_url(tree.b1), {"action": "accounts.role"})
    assert sorted(e.action for e in response.context["events"]) == [
        "accounts.role.assign",
        "accounts.role.revoke",
    ]


def test_it_pages_the_audit_trail_fifty_at_a_time(users, tree, login):
    with transaction.atomic():
        for i in range(55):
            audit.record(actor=None, action="org.test", unit=tree.b1, data={"i": i})
    client = login(users.base_manager)
    first = client.get(audit_url(tree.b1))
    assert len(first.context["events"]) == 50
    assert first.context["next_page"] == 2
    assert "page=2" in first.content.decode()
    more = client.get(audit_url(tree.b1), {"page": 2}, headers={"HX-Request": "true"})
    html = more.content.decode()
    assert "<html" not in html
    assert len(more.context["events"]) == 5
    assert more.context["next_page"] is None
    assert html.count('data-testid="audit-event"') == 5


@pytest.mark.parametrize("who", ["base_viewer", "base_editor"])
def test_it_refuses_the_audit_trail_below_manage_with_403(who, users, tree, login):
    response = login(getattr(users, who)).get(audit_url(tree.b1))
    assert response.status_code == 403
    assert "Chỉ người quản lý đơn vị mới xem được nhật ký" in response.content.decode()


def test_it_hides_the_audit_trail_of_a_sibling_unit(users, tree, login):
    assert login(users.base_manager).get(audit_url(tree.b2)).status_code == 404


def test_it_sends_anonymous_users_to_login_from_audit(tree, client):
    assert client.get(audit_url(tree.b1))["Location"].startswith(reverse("login"))


def test_it_rejects_post_on_audit(users, tree, login):
    assert login(users.base_manager).post(audit_url(tree.b1)).status_code == 405
