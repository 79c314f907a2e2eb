"""Login lockout (django-axes): after AXES_FAILURE_LIMIT failures even the right password is refused."""

import pytest
from django.conf import settings
from django.urls import reverse

from conftest import PASSWORD

LOCKOUT_STATUS = 429  # axes' AXES_HTTP_RESPONSE_CODE default, rendered with AXES_LOCKOUT_TEMPLATE


@pytest.fixture
def member(make_user, tree):
    return make_user("hoi_vien_khoa", tree.b1, "viewer")


def _login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _fail(client, username, times, **extra):
    for _ in range(times):
        response = _login(client, username, "sai-mật-khẩu", **extra)
        assert "_auth_user_id" not in client.session
    return response


def test_it_logs_in_with_the_right_password(client, member):
    response = _login(client, "hoi_vien_khoa", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_it_refuses_the_right_password_after_the_failure_limit(client, member):
    assert settings.AXES_FAILURE_LIMIT == 5
    last = _fail(client, "hoi_vien_khoa", settings.AXES_FAILURE_LIMIT)
    assert last.status_code == LOCKOUT_STATUS
    response = _login(client, "hoi_vien_khoa", PASSWORD)
    assert response.status_code == LOCKOUT_STATUS
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session


def test_it_still_accepts_the_right_password_just_below_the_limit(client, member):
    last = _fail(client, "hoi_vien_khoa", settings.AXES_FAILURE_LIMIT - 1)
    assert last.status_code == 200  # the form again, with an error
    response = _login(client, "hoi_vien_khoa", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_it_resets_the_count_after_a_successful_login(client, member):
    below = settings.AXES_FAILURE_LIMIT - 1
    _fail(client, "hoi_vien_khoa", below)
    assert _login(client, "hoi_vien_khoa", PASSWORD).status_code == 302
    client.logout()
    # Without the reset this would make 2 * (limit - 1) >= limit failures in a row.
    _fail(client, "hoi_vien_khoa", below)
    response = _login(client, "hoi_vien_khoa", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_it_locks_the_username_not_everyone_at_the_same_address(client, member, make_user, tree):
    other = make_user("hoi_vien_khac", tree.b1, "viewer")
    _fail(client, "hoi_vien_khoa", settings.AXES_FAILURE_LIMIT)
    response = _login(client, "hoi_vien_khac", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_it_locks_out_an_unknown_username_too(client, db):
    last = _fail(client, "khong_ton_tai", settings.AXES_FAILURE_LIMIT)
    assert last.status_code == LOCKOUT_STATUS
