from django.urls import reverse

from conftest import PASSWORD
from core.models import AuditEvent

NEW = "Hoa-sen-nở-2026!"


def test_it_changes_the_password_and_keeps_the_session(tree, users, login):
    client = login(users.base_editor)
    r = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert r.status_code == 302 and r["Location"] == reverse("password_change_done")
    users.base_editor.refresh_from_db()
    assert users.base_editor.check_password(NEW)
    assert client.get(reverse("accounts:me")).status_code == 200
    assert AuditEvent.objects.filter(
        action="accounts.password.change", actor=users.base_editor
    ).exists()


def test_it_refuses_a_wrong_old_password_in_vietnamese(tree, users, login):
    client = login(users.base_editor)
    r = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": NEW, "new_password2": NEW},
    )
    assert r.status_code == 200
    assert "Mật khẩu cũ" in r.content.decode() or "mật khẩu cũ" in r.content.decode()
    users.base_editor.refresh_from_db()
    assert users.base_editor.check_password(PASSWORD)


def test_it_needs_a_login(client):
    r = client.get(reverse("password_change"))
    assert r.status_code == 302 and reverse("login") in r["Location"]
