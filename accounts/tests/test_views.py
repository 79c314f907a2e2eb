import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import ApiToken, RoleAssignment, hash_token
from conftest import PASSWORD
from core.models import AuditEvent
from core.tests.test_views import assert_no_inline_code

User = get_user_model()
NEW_PASSWORD = "Chi-hoi-moi-2026!"


def users_url(unit):
    return reverse("accounts:unit_users", args=[unit.pk])


def create_url(unit):
    return reverse("accounts:unit_user_create", args=[unit.pk])


def assign_url(unit):
    return reverse("accounts:unit_role_assign", args=[unit.pk])


def revoke_url(unit, assignment):
    return reverse("accounts:unit_role_revoke", args=[unit.pk, assignment.pk])


def new_user_data(unit, **extra):
    return {
        "username": "chihoi_moi",
        "full_name": "Nguyễn Thị Hòa",
        "email": "hoa@example.org",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "role": "editor",
        "unit": unit.pk,
    } | extra


# --- login and lockout ------------------------------------------------------------------


def test_it_locks_the_account_after_too_many_failures(users, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "coso_ql", "password": "sai"})
    response = client.post(reverse("login"), {"username": "coso_ql", "password": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 429
    assert "tạm khoá" in html and "30 phút" in html
    assert_no_inline_code(html)


def test_it_tells_a_wrong_password_in_vietnamese(users, client):
    response = client.post(reverse("login"), {"username": "coso_ql", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu" in response.content.decode().lower()
    assert not response.wsgi_request.user.is_authenticated


# --- list of role assignments -----------------------------------------------------------


def test_it_lists_assignments_of_the_subtree_for_a_manager(users, tree, login):
    RoleAssignment.objects.create(user=users.nobody, unit=tree.br1a, role="viewer")
    response = login(users.base_manager).get(users_url(tree.b1))
    assert response.status_code == 200
    listed = {(a.user.username, a.unit_id) for a in response.context["page"]}
    assert listed == {
        ("coso_ql", tree.b1.pk),
        ("coso_nhap", tree.b1.pk),
        ("coso_xem", tree.b1.pk),
        ("khong_quyen", tree.br1a.pk),
    }
    html = response.content.decode()
    assert "coso_khac" not in html and "tinh_ql" not in html
    assert_no_inline_code(html)


def test_it_offers_only_subtree_units_and_roles_up_to_the_managers_own(users, tree, login):
    form = login(users.base_manager).get(users_url(tree.b1)).context["create_form"]
    units = {pk for pk, _label in form.fields["unit"].choices}
    assert units == {tree.b1.pk, tree.br1a.pk, tree.br1b.pk}
    roles = [value for value, _label in form.fields["role"].choices]
    assert roles == ["viewer", "editor", "manager"]


def test_it_refuses_account_management_below_manage_with_403(users, tree, login):
    response = login(users.base_editor).get(users_url(tree.b1))
    assert response.status_code == 403
    assert "Chỉ người quản lý đơn vị" in response.content.decode()


def test_it_hides_the_accounts_of_a_sibling_unit(users, tree, login):
    assert login(users.base_manager).get(users_url(tree.b2)).status_code == 404


def test_it_sends_anonymous_users_to_login_from_accounts(tree, client):
    assert client.get(users_url(tree.b1))["Location"].startswith(reverse("login"))


def test_it_rejects_post_on_the_accounts_list(users, tree, login):
    assert login(users.base_manager).post(users_url(tree.b1)).status_code == 405


# --- create a user ----------------------------------------------------------------------


def test_it_creates_a_user_with_a_role_on_a_subtree_unit(users, tree, login):
    response = login(users.base_manager).post(create_url(tree.b1), new_user_data(tree.br1a))
    assert response.status_code == 302
    user = User.objects.get(username="chihoi_moi")
    assert user.check_password(NEW_PASSWORD)
    assert (user.last_name, user.first_name) == ("Nguyễn Thị", "Hòa")
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.unit_id, assignment.role) == (tree.br1a.pk, "editor")
    assert AuditEvent.objects.filter(action="accounts.user.create").exists()


def test_it_shows_mismatched_passwords_as_a_form_error(users, tree, login):
    data = new_user_data(tree.b1, password2="khac-han-2026!")
    response = login(users.base_manager).post(create_url(tree.b1), data)
    assert response.status_code == 200
    assert "Hai lần nhập mật khẩu không khớp" in response.content.decode()
    assert not User.objects.filter(username="chihoi_moi").exists()


def test_it_shows_the_password_validators_in_vietnamese(users, tree, login):
    data = new_user_data(tree.b1, password1="123", password2="123")
    response = login(users.base_manager).post(create_url(tree.b1), data)
    assert response.status_code == 200
    assert "password1" in response.context["create_form"].errors
    assert "Mật khẩu này hoàn toàn là số." in response.content.decode()
    assert not User.objects.filter(username="chihoi_moi").exists()


def test_it_shows_a_taken_username_as_a_form_error(users, tree, login):
    data = new_user_data(tree.b1, username="COSO_XEM")
    response = login(users.base_manager).post(create_url(tree.b1), data)
    assert response.context["create_form"].errors["username"] == ["Tên đăng nhập này đã được dùng."]


def test_it_refuses_a_unit_outside_the_subtree_in_the_form(users, tree, login):
    response = login(users.base_manager).post(create_url(tree.b1), new_user_data(tree.b2))
    assert response.status_code == 200
    assert "unit" in response.context["create_form"].errors
    assert not User.objects.filter(username="chihoi_moi").exists()


def test_it_refuses_a_role_above_the_managers_own(users, tree, login):
    data = new_user_data(tree.b1, role="admin")
    response = login(users.base_manager).post(create_url(tree.b1), data)
    assert "role" in response.context["create_form"].errors
    assert not User.objects.filter(username="chihoi_moi").exists()


def test_it_hides_user_creation_on_a_sibling_unit(users, tree, login):
    response = login(users.base_manager).post(create_url(tree.b2), new_user_data(tree.b2))
    assert response.status_code == 404
    assert not User.objects.filter(username="chihoi_moi").exists()


def test_it_sends_anonymous_users_to_login_from_user_creation(tree, client):
    response = client.post(create_url(tree.b1), new_user_data(tree.b1))
    assert response.status_code == 302
    assert not User.objects.filter(username="chihoi_moi").exists()


def test_it_rejects_get_on_user_creation(users, tree, login):
    assert login(users.base_manager).get(create_url(tree.b1)).status_code == 405


# --- assign and revoke ------------------------------------------------------------------


def test_it_assigns_a_role_to_an_existing_user(users, tree, login):
    data = {"username": "khong_quyen", "unit": tree.br1b.pk, "role": "viewer"}
    response = login(users.base_manager).post(assign_url(tree.b1), data)
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=users.nobody, unit=tree.br1b, role="viewer").exists()


def test_it_reports_an_unknown_username(users, tree, login):
    data = {"username": "khong_co_ai", "unit": tree.b1.pk, "role": "viewer"}
    response = login(users.base_manager).post(assign_url(tree.b1), data)
    assert response.status_code == 200
    assert "Không tìm thấy tài khoản" in response.content.decode()


@pytest.mark.parametrize("who", ["coso_khac", "tinh_khac", "root"])
def test_it_answers_an_account_out_of_scope_like_an_unknown_name(users, tree, login, who):
    """coso_khac manages the sibling base, tinh_khac another province: neither is the base
    manager's to give roles to, and the answer must not tell that the name exists."""
    client = login(users.base_manager)
    unknown = client.post(assign_url(tree.b1), {"username": "khong_co_ai", "unit": tree.b1.pk,
                                                "role": "viewer"})  # fmt: skip
    response = client.post(assign_url(tree.b1), {"username": who, "unit": tree.b1.pk,
                                                 "role": "viewer"})  # fmt: skip
    assert response.status_code == 200
    errors = response.context["assign_form"].errors
    assert errors == unknown.context["assign_form"].errors
    assert errors["username"] == ["Không tìm thấy tài khoản đang hoạt động với tên này."]
    assert not RoleAssignment.objects.filter(unit=tree.b1, user__username=who).exists()
    assert not list(response.context["messages"])


def test_a_province_manager_gives_a_role_to_an_account_of_another_base_in_the_province(
    users, tree, login
):
    data = {"username": "coso_khac", "unit": tree.b1.pk, "role": "viewer"}
    response = login(users.province_manager).post(assign_url(tree.p1), data)
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=users.sibling, unit=tree.b1).exists()


def test_it_shows_a_service_refusal_as_a_form_error(users, tree, login):
    # Changing a role higher than one's own is refused by the service, not by the form.
    RoleAssignment.objects.create(user=users.nobody, unit=tree.br1a, role="admin")
    data = {"username": "khong_quyen", "unit": tree.br1a.pk, "role": "viewer"}
    response = login(users.base_manager).post(assign_url(tree.b1), data)
    assert response.status_code == 200
    assert "Không thể thay đổi vai trò cao hơn" in response.content.decode()
    assert RoleAssignment.objects.get(user=users.nobody, unit=tree.br1a).role == "admin"


def test_it_hides_role_assignment_on_a_sibling_unit(users, tree, login):
    data = {"username": "khong_quyen", "unit": tree.b2.pk, "role": "viewer"}
    assert login(users.base_manager).post(assign_url(tree.b2), data).status_code == 404
    response = login(users.base_manager).post(assign_url(tree.b1), data)
    assert "unit" in response.context["assign_form"].errors
    assert not RoleAssignment.objects.filter(user=users.nobody).exists()


def test_it_rejects_get_on_role_assignment(users, tree, login):
    assert login(users.base_manager).get(assign_url(tree.b1)).status_code == 405


def test_it_revokes_a_role_in_the_subtree(users, tree, login):
    assignment = users.base_viewer.role_assignments.get()
    response = login(users.base_manager).post(revoke_url(tree.b1, assignment))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_it_refuses_to_revoke_a_higher_role(users, tree, login):
    assignment = RoleAssignment.objects.create(user=users.nobody, unit=tree.br1a, role="admin")
    client = login(users.base_manager)
    response = client.post(revoke_url(tree.b1, assignment), follow=True)
    assert "Không thể cấp vai trò cao hơn" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_it_hides_an_assignment_outside_the_subtree(users, tree, login):
    assignment = users.sibling.role_assignments.get()
    response = login(users.base_manager).post(revoke_url(tree.b1, assignment))
    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_it_sends_anonymous_users_to_login_from_revoke(users, tree, client):
    assignment = users.base_viewer.role_assignments.get()
    assert client.post(revoke_url(tree.b1, assignment)).status_code == 302
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_it_rejects_get_on_revoke(users, tree, login):
    assignment = users.base_viewer.role_assignments.get()
    assert login(users.base_manager).get(revoke_url(tree.b1, assignment)).status_code == 405


# --- my account and API tokens ----------------------------------------------------------


def test_it_shows_my_roles_and_tokens(users, tree, login):
    ApiToken.objects.create(
        user=users.base_manager, name="máy văn phòng", prefix="shi_abcdef", key_hash="x" * 64
    )
    ApiToken.objects.create(
        user=users.sibling, name="của người khác", prefix="shi_zzzzzz", key_hash="y" * 64
    )
    response = login(users.base_manager).get(reverse("accounts:me"))
    assert response.status_code == 200
    html = response.content.decode()
    assert tree.b1.name in html and "Quản lý" in html
    assert "máy văn phòng" in html and "shi_abcdef" in html
    assert "của người khác" not in html
    assert_no_inline_code(html)


def test_it_issues_a_token_and_shows_it_once(users, login):
    client = login(users.base_viewer)
    response = client.post(reverse("accounts:token_create"), {"name": "điện thoại"})
    assert response.status_code == 200
    raw = response.context["raw_token"]
    assert raw.startswith("shi_") and raw in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=users.base_viewer)
    assert token.key_hash == hash_token(raw) and token.name == "điện thoại"
    assert raw not in client.get(reverse("accounts:me")).content.decode()


def test_it_revokes_my_token(users, login):
    client = login(users.base_viewer)
    client.post(reverse("accounts:token_create"), {"name": ""})
    token = ApiToken.objects.get(user=users.base_viewer)
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_it_hides_another_users_token(users, login):
    token = ApiToken.objects.create(user=users.sibling, prefix="shi_zzzzzz", key_hash="y" * 64)
    response = login(users.base_manager).post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_sends_anonymous_users_to_login_from_my_account(db, client):
    assert client.get(reverse("accounts:me"))["Location"].startswith(reverse("login"))
    assert client.post(reverse("accounts:token_create")).status_code == 302
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("name", "method"), [("accounts:me", "post"), ("accounts:token_create", "get")]
)
def test_it_rejects_wrong_methods_on_my_account(name, method, users, login):
    client = login(users.base_viewer)
    assert getattr(client, method)(reverse(name)).status_code == 405


def test_it_rejects_get_on_token_revoke(users, login):
    token = ApiToken.objects.create(user=users.base_viewer, prefix="shi_aaaaaa", key_hash="z" * 64)
    assert (
        login(users.base_viewer).get(reverse("accounts:token_revoke", args=[token.pk])).status_code
        == 405
    )
