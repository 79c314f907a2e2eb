from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import ApiToken
from core.models import AuditEvent


def test_it_prints_a_token_that_works_against_the_api(client, users):
    out = StringIO()
    call_command("issue_token", "coso_ql", "--name", "máy chấm công", stdout=out)
    raw = out.getvalue().strip()
    assert raw.startswith("shi_")
    r = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert r.status_code == 200
    assert r.json()["username"] == "coso_ql"
    token = ApiToken.objects.get(user=users.base_manager)
    assert token.name == "máy chấm công"
    # Only the hash is kept.
    assert raw not in (token.key_hash, token.prefix)
    assert AuditEvent.objects.filter(
        action="accounts.token.issue", object_id=str(token.pk)
    ).exists()


def test_it_prints_a_new_token_each_time(users):
    first, second = StringIO(), StringIO()
    call_command("issue_token", "coso_ql", stdout=first)
    call_command("issue_token", "coso_ql", stdout=second)
    assert first.getvalue() != second.getvalue()
    assert ApiToken.objects.filter(user=users.base_manager).count() == 2


def test_it_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="Không có người dùng đang hoạt động tên 'ai_do'"):
        call_command("issue_token", "ai_do", stdout=StringIO())
    assert not ApiToken.objects.exists()


def test_it_refuses_a_deactivated_user(users):
    users.base_manager.is_active = False
    users.base_manager.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("issue_token", "coso_ql", stdout=StringIO())
