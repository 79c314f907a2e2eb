"""Users, roles and API tokens: managers act only within their subtree, never above their role."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import ApiToken, RoleAssignment, hash_token
from accounts.services import (
    assign_role,
    create_user,
    issue_api_token,
    revoke_api_token,
    revoke_role,
    user_for_token,
)
from core.models import AuditEvent

User = get_user_model()
NEW_PASSWORD = "Hoa-sen-nở-giữa-đầm-2026"


def _new_user(actor, unit, username="nguoi_moi", role="editor", **extra):
    return create_user(
        actor=actor, unit=unit, username=username, password=NEW_PASSWORD, role=role, **extra
    )


# create_user


def test_it_creates_a_user_with_a_role_on_the_managers_unit(tree, users):
    user = _new_user(users.base_manager, tree.b1, full_name="Nguyễn Thị  Hoa", email=" a@b.vn ")
    user.refresh_from_db()
    assert user.username == "nguoi_moi"
    assert user.last_name == "Nguyễn Thị"
    assert user.first_name == "Hoa"
    assert user.email == "a@b.vn"
    assert user.is_active and not user.is_staff and not user.is_superuser
    assert user.check_password(NEW_PASSWORD)
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.unit, assignment.role, assignment.granted_by) == (
        tree.b1,
        "editor",
        users.base_manager,
    )


def test_it_creates_a_user_on_a_unit_below_the_managers_unit(tree, users):
    user = _new_user(users.province_manager, tree.br2a, role="manager")
    assert RoleAssignment.objects.get(user=user).unit == tree.br2a


def test_it_hashes_passwords_with_argon2(tree, users, settings):
    from sohoi import settings as project_settings

    # conftest swaps in a fast hasher for speed; check the project's real setting here.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = _new_user(users.base_manager, tree.b1)
    user.refresh_from_db()
    assert user.password.startswith("argon2")
    assert NEW_PASSWORD not in user.password


def test_it_records_audit_events_for_a_new_user(tree, users):
    user = _new_user(users.base_manager, tree.b1)
    created = AuditEvent.objects.get(action="accounts.user.create")
    assert created.actor == users.base_manager
    assert created.unit == tree.b1
    assert created.unit_path == tree.b1.path
    assert (created.object_type, created.object_id) == ("auth.user", str(user.pk))
    assigned = AuditEvent.objects.get(action="accounts.role.assign")
    assert assigned.actor == users.base_manager
    assert assigned.unit == tree.b1
    assert assigned.data["user"] == "nguoi_moi"
    assert assigned.data["role"] == "editor"


@pytest.mark.parametrize(
    ("actor", "unit"),
    [
        ("base_manager", "b2"),  # sibling base
        ("base_manager", "p1"),  # above the manager's unit
        ("sibling", "br1a"),  # a branch of the sibling base
        ("other_province", "b1"),  # another province
        ("base_editor", "b1"),  # editors do not manage users
        ("base_viewer", "b1"),
        ("nobody", "b1"),
    ],
)
def test_it_refuses_to_create_users_outside_the_managers_reach(tree, users, actor, unit):
    with pytest.raises(PermissionDenied):
        _new_user(getattr(users, actor), getattr(tree, unit), role="viewer")
    assert not User.objects.filter(username="nguoi_moi").exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_anonymous_actors(tree):
    with pytest.raises(PermissionDenied):
        _new_user(AnonymousUser(), tree.b1, role="viewer")
    assert not User.objects.filter(username="nguoi_moi").exists()


def test_it_refuses_a_role_above_the_managers_own(tree, users):
    with pytest.raises(PermissionDenied):
        _new_user(users.base_manager, tree.b1, role="admin")
    assert not User.objects.filter(username="nguoi_moi").exists()


@pytest.mark.parametrize("username", ["COSO_QL", "Coso_Ql", " coso_ql "])
def test_it_refuses_a_username_taken_in_any_case(tree, users, username):
    with pytest.raises(ValidationError) as info:
        _new_user(users.base_manager, tree.b1, username=username)
    assert "username" in info.value.message_dict
    assert User.objects.filter(username__iexact="coso_ql").count() == 1


@pytest.mark.parametrize("username", ["", "   ", "có dấu cách"])
def test_it_refuses_a_blank_or_invalid_username(tree, users, username):
    count = User.objects.count()
    with pytest.raises(ValidationError):
        _new_user(users.base_manager, tree.b1, username=username)
    assert User.objects.count() == count


@pytest.mark.parametrize("password", ["abc", "12345678901", "password123", "nguoi_moi_1"])
def test_it_refuses_a_weak_password(tree, users, password):
    with pytest.raises(ValidationError):
        create_user(
            actor=users.base_manager,
            unit=tree.b1,
            username="nguoi_moi_1",
            password=password,
            role="viewer",
        )
    assert not User.objects.filter(username="nguoi_moi_1").exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_malformed_email(tree, users):
    with pytest.raises(ValidationError):
        _new_user(users.base_manager, tree.b1, email="không-phải-email")
    assert not User.objects.filter(username="nguoi_moi").exists()


# assign_role / revoke_role


def test_it_lets_a_manager_change_a_lower_role_within_the_subtree(tree, users):
    assignment = assign_role(
        actor=users.base_manager, user=users.base_viewer, unit=tree.b1, role="editor"
    )
    assert RoleAssignment.objects.get(user=users.base_viewer, unit=tree.b1).role == "editor"
    assert assignment.granted_by == users.base_manager
    event = AuditEvent.objects.get(action="accounts.role.assign")
    assert event.actor == users.base_manager
    assert event.unit == tree.b1
    assert event.data == {"user": "coso_xem", "role": "editor", "previous": "viewer"}


def test_it_lets_a_manager_grant_a_role_on_a_branch(tree, users):
    assign_role(actor=users.base_manager, user=users.nobody, unit=tree.br1a, role="manager")
    assert RoleAssignment.objects.get(user=users.nobody).unit == tree.br1a


@pytest.mark.parametrize("unit", ["b2", "br2a", "p1", "central", "b3"])
def test_it_refuses_to_assign_roles_outside_the_subtree(tree, users, unit):
    with pytest.raises(PermissionDenied):
        assign_role(
            actor=users.base_manager, user=users.nobody, unit=getattr(tree, unit), role="viewer"
        )
    assert not RoleAssignment.objects.filter(user=users.nobody).exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_role_to_an_account_outside_the_managers_subtree(tree, users):
    with pytest.raises(ValidationError) as caught:
        assign_role(actor=users.base_manager, user=users.sibling, unit=tree.b1, role="viewer")
    assert caught.value.message_dict == {
        "username": ["Không tìm thấy tài khoản đang hoạt động với tên này."]
    }
    assert not RoleAssignment.objects.filter(user=users.sibling, unit=tree.b1).exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_to_grant_admin_as_a_manager(tree, users):
    with pytest.raises(PermissionDenied):
        assign_role(actor=users.province_manager, user=users.nobody, unit=tree.b1, role="admin")
    with pytest.raises(PermissionDenied):
        assign_role(actor=users.base_manager, user=users.base_manager, unit=tree.b1, role="admin")
    assert RoleAssignment.objects.get(user=users.base_manager).role == "manager"


@pytest.mark.parametrize("role", ["viewer", "editor", "manager"])
def test_it_refuses_to_alter_someone_holding_a_higher_role(tree, users, make_user, role):
    higher = make_user("qt_coso", tree.b1, "admin")
    with pytest.raises(PermissionDenied):
        assign_role(actor=users.base_manager, user=higher, unit=tree.b1, role=role)
    assert RoleAssignment.objects.get(user=higher, unit=tree.b1).role == "admin"


def test_it_refuses_editors_and_viewers_any_role_change(tree, users):
    for actor in (users.base_editor, users.base_viewer):
        with pytest.raises(PermissionDenied):
            assign_role(actor=actor, user=users.nobody, unit=tree.br1a, role="viewer")
        with pytest.raises(PermissionDenied):
            revoke_role(
                actor=actor,
                assignment=RoleAssignment.objects.get(user=users.base_viewer),
            )
    assert not RoleAssignment.objects.filter(user=users.nobody).exists()
    assert RoleAssignment.objects.filter(user=users.base_viewer).exists()


def test_it_lets_a_manager_revoke_a_role_within_the_subtree(tree, users):
    assignment = RoleAssignment.objects.get(user=users.base_editor, unit=tree.b1)
    pk = assignment.pk
    revoke_role(actor=users.province_manager, assignment=assignment)
    assert not RoleAssignment.objects.filter(user=users.base_editor).exists()
    event = AuditEvent.objects.get(action="accounts.role.revoke")
    assert event.actor == users.province_manager
    assert event.unit == tree.b1
    assert event.object_id == str(pk)
    assert event.data == {"user": "coso_nhap", "role": "editor"}


def test_it_refuses_to_revoke_a_role_in_a_sibling_unit(tree, users):
    assignment = RoleAssignment.objects.get(user=users.sibling)
    with pytest.raises(PermissionDenied):
        revoke_role(actor=users.base_manager, assignment=assignment)
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_it_refuses_to_revoke_a_higher_role(tree, users, make_user):
    higher = make_user("qt_coso", tree.b1, "admin")
    assignment = RoleAssignment.objects.get(user=higher)
    with pytest.raises(PermissionDenied):
        revoke_role(actor=users.base_manager, assignment=assignment)
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_province_role_revoked_by_a_base_manager(tree, users):
    assignment = RoleAssignment.objects.get(user=users.province_manager)
    with pytest.raises(PermissionDenied):
        revoke_role(actor=users.base_manager, assignment=assignment)
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


# API tokens


def test_it_issues_a_token_that_identifies_its_owner(tree, users):
    token, raw = issue_api_token(actor=users.base_editor, user=users.base_editor, name="máy A")
    assert raw.startswith("shi_")
    assert token.prefix == raw[:10]
    assert token.key_hash == hash_token(raw)
    assert raw not in token.key_hash
    assert token.name == "máy A"
    assert user_for_token(raw) == users.base_editor
    token.refresh_from_db()
    assert token.last_used_at is not None
    event = AuditEvent.objects.get(action="accounts.token.issue")
    assert event.actor == users.base_editor
    assert event.object_id == str(token.pk)


def test_it_issues_different_tokens_each_time(tree, users):
    _t1, raw1 = issue_api_token(actor=users.base_editor, user=users.base_editor)
    _t2, raw2 = issue_api_token(actor=users.base_editor, user=users.base_editor)
    assert raw1 != raw2
    assert user_for_token(raw1) == user_for_token(raw2) == users.base_editor


@pytest.mark.parametrize("raw", ["", "shi_", "shi_khong-co-that", None])
def test_it_finds_nobody_behind_an_unknown_token(tree, users, raw):
    issue_api_token(actor=users.base_editor, user=users.base_editor)
    assert user_for_token(raw) is None


def test_it_finds_nobody_behind_a_revoked_token(tree, users):
    token, raw = issue_api_token(actor=users.base_editor, user=users.base_editor)
    revoke_api_token(actor=users.base_editor, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert user_for_token(raw) is None
    event = AuditEvent.objects.get(action="accounts.token.revoke")
    assert event.actor == users.base_editor
    assert event.object_id == str(token.pk)


def test_it_keeps_the_first_revocation_time(tree, users):
    token, _raw = issue_api_token(actor=users.base_editor, user=users.base_editor)
    revoke_api_token(actor=users.base_editor, token=token)
    token.refresh_from_db()
    first = token.revoked_at
    revoke_api_token(actor=users.base_editor, token=ApiToken.objects.get(pk=token.pk))
    token.refresh_from_db()
    assert token.revoked_at == first


def test_it_finds_nobody_behind_an_inactive_users_token(tree, users):
    _token, raw = issue_api_token(actor=users.base_editor, user=users.base_editor)
    users.base_editor.is_active = False
    users.base_editor.save(update_fields=["is_active"])
    assert user_for_token(raw) is None


@pytest.mark.parametrize("actor", ["base_manager", "central_admin", "sibling"])
def test_it_refuses_to_issue_a_token_for_someone_else(tree, users, actor):
    with pytest.raises(PermissionDenied):
        issue_api_token(actor=getattr(users, actor), user=users.base_editor)
    assert not ApiToken.objects.exists()


def test_it_refuses_to_issue_a_token_for_an_anonymous_actor(tree, users):
    with pytest.raises(PermissionDenied):
        issue_api_token(actor=AnonymousUser(), user=users.base_editor)
    assert not ApiToken.objects.exists()


def test_it_refuses_to_revoke_someone_elses_token(tree, users):
    token, raw = issue_api_token(actor=users.base_editor, user=users.base_editor)
    with pytest.raises(PermissionDenied):
        revoke_api_token(actor=users.base_manager, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None
    assert user_for_token(raw) == users.base_editor


def test_it_lets_a_superuser_issue_and_revoke_anyones_token(tree, users):
    token, raw = issue_api_token(actor=users.superuser, user=users.base_editor)
    assert token.user == users.base_editor
    assert user_for_token(raw) == users.base_editor
    revoke_api_token(actor=users.superuser, token=token)
    assert user_for_token(raw) is None
    actors = set(
        AuditEvent.objects.filter(action__startswith="accounts.token.").values_list(
            "actor__username", flat=True
        )
    )
    assert actors == {"root"}
