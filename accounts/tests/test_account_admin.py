"""Managers reset passwords and lock accounts of people within their reach."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from accounts.models import RoleAssignment
from accounts.services import reset_password, set_account_active
from conftest import PASSWORD
from core.models import AuditEvent


def _url(name, unit, user):
    return reverse(f"accounts:{name}", args=[unit.pk, user.pk])


def test_it_gives_a_temporary_password_once(tree, users, login):
    client = login(users.base_manager)
    r = client.post(_url("account_reset_password", tree.b1, users.base_editor))
    assert r.status_code == 200
    temporary = r.context["temporary"]
    assert "no-cache" in r["Cache-Control"] or "no-store" in r["Cache-Control"]
    users.base_editor.refresh_from_db()
    assert users.base_editor.check_password(temporary)
    assert not users.base_editor.check_password(PASSWORD)
    event = AuditEvent.objects.get(action="accounts.password.reset")
    assert event.actor == users.base_manager and event.unit == tree.b1
    assert temporary not in str(event.data)


def test_it_locks_and_unlocks_an_account(tree, users, login, bearer):
    headers = bearer(users.base_editor)
    manager = login(users.base_manager)
    r = manager.post(_url("account_lock", tree.b1, users.base_editor))
    assert r.status_code == 302
    users.base_editor.refresh_from_db()
    assert not users.base_editor.is_active
    assert Client().get("/api/v1/me", **headers).status_code == 401
    manager.post(_url("account_unlock", tree.b1, users.base_editor))
    users.base_editor.refresh_from_db()
    assert users.base_editor.is_active
    actions = list(
        AuditEvent.objects.filter(action__startswith="accounts.user.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["accounts.user.lock", "accounts.user.unlock"]


def test_it_signs_a_locked_user_out(tree, users, client, login):
    editor = login(users.base_editor)
    assert editor.get(reverse("accounts:me")).status_code == 200
    set_account_active(actor=users.base_manager, user=users.base_editor, unit=tree.b1, active=False)
    r = editor.get(reverse("accounts:me"))
    assert r.status_code == 302 and reverse("login") in r["Location"]


def test_it_refuses_accounts_beyond_the_managers_reach(tree, users):
    # The province manager also holds a role in b1: the base manager must not lock them out.
    RoleAssignment.objects.create(user=users.province_manager, unit=tree.br1a, role="viewer")
    with pytest.raises(PermissionDenied):
        set_account_active(
            actor=users.base_manager, user=users.province_manager, unit=tree.b1, active=False
        )
    with pytest.raises(PermissionDenied):
        reset_password(actor=users.base_manager, user=users.base_manager, unit=tree.b1)
    with pytest.raises(PermissionDenied):
        reset_password(actor=users.base_manager, user=users.superuser, unit=tree.b1)
    users.province_manager.refresh_from_db()
    assert users.province_manager.is_active


def test_it_shows_refusals_as_messages(tree, users, login):
    RoleAssignment.objects.create(user=users.province_manager, unit=tree.br1a, role="viewer")
    r = login(users.base_manager).post(
        _url("account_lock", tree.b1, users.province_manager), follow=True
    )
    assert "cao hơn vai trò của bạn" in r.content.decode()


def test_it_hides_accounts_outside_scope_and_refuses_other_methods(tree, users, login, client):
    url = _url("account_reset_password", tree.b1, users.base_editor)
    r = client.post(url)
    assert r.status_code == 302 and reverse("login") in r["Location"]
    assert login(users.sibling).post(url).status_code == 404
    # A user with no role in the unit's subtree does not exist on that unit's page.
    assert (
        login(users.base_manager).post(_url("account_lock", tree.b1, users.sibling)).status_code
        == 404
    )
    assert (
        login(users.base_editor).post(_url("account_lock", tree.b1, users.base_viewer)).status_code
        == 403
    )
    assert login(users.base_manager).get(url).status_code == 405
    users.base_editor.refresh_from_db()
    assert users.base_editor.check_password(PASSWORD)
