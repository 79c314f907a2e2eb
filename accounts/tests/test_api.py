import re

import pytest
from django.conf import settings
from django.test import RequestFactory
from ninja.errors import HttpError

from accounts.api import SessionCookieAuth, TokenAuth
from accounts.services import issue_api_token, revoke_api_token


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


# GET /api/v1/me


def test_it_describes_the_current_user(api_get, tree, make_user):
    user = make_user("lan", tree.b1, "editor", last_name="Nguyễn Thị", first_name="Lan")
    r = api_get(user, "/api/v1/me")
    assert r.status_code == 200
    assert r.json() == {
        "username": "lan",
        "full_name": "Nguyễn Thị Lan",
        "is_superuser": False,
        "roles": [
            {
                "unit_id": tree.b1.pk,
                "unit_name": "Hội Chữ thập đỏ phường Hải Châu",
                "role": "editor",
            }
        ],
    }


def test_it_shows_only_the_users_own_roles(api_get, tree, users):
    data = api_get(users.sibling, "/api/v1/me").json()
    assert data["username"] == "coso_khac"
    assert data["roles"] == [
        {"unit_id": tree.b2.pk, "unit_name": "Hội Chữ thập đỏ xã Hòa Vang", "role": "manager"}
    ]


def test_it_flags_a_superuser(api_get, users):
    data = api_get(users.superuser, "/api/v1/me").json()
    assert data["is_superuser"] is True
    assert data["roles"] == []


def test_it_refuses_anonymous_me(client):
    r = client.get("/api/v1/me")
    assert r.status_code == 401
    assert r["Content-Type"].startswith("application/json")
    assert r.json() == {"detail": "Chưa xác thực: hãy đăng nhập hoặc gửi mã truy cập API hợp lệ."}
    assert r["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_post_to_me(client, users):
    client.force_login(users.base_manager)
    assert client.post("/api/v1/me").status_code == 405


def test_it_refuses_a_revoked_token(client, users):
    token, raw = issue_api_token(actor=users.base_manager, user=users.base_manager)
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 200
    revoke_api_token(actor=users.base_manager, token=token)
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 401


def test_it_refuses_an_unknown_token(client, users):
    assert client.get("/api/v1/me", headers=bearer("shi_not-a-token")).status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(client, users):
    _token, raw = issue_api_token(actor=users.base_manager, user=users.base_manager)
    users.base_manager.is_active = False
    users.base_manager.save(update_fields=["is_active"])
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 401


def test_it_marks_a_token_as_used(client, users):
    token, raw = issue_api_token(actor=users.base_manager, user=users.base_manager)
    assert token.last_used_at is None
    client.get("/api/v1/me", headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at is not None


# The auth classes themselves: CSRF applies to session callers on unsafe methods only.


def _post(user=None, csrf=None):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().post("/api/v1/anything")
    request.user = user or AnonymousUser()
    if csrf:
        request.COOKIES[settings.CSRF_COOKIE_NAME] = csrf
        request.META["HTTP_X_CSRFTOKEN"] = csrf
    return request


def test_it_treats_an_anonymous_post_as_unauthenticated_not_csrf(db):
    assert SessionCookieAuth()(_post()) is None


def test_it_requires_csrf_for_a_session_post(users):
    with pytest.raises(HttpError) as exc:
        SessionCookieAuth()(_post(users.base_manager))
    assert exc.value.status_code == 403
    assert "CSRF" in exc.value.message


def test_it_accepts_a_session_post_with_csrf(users):
    secret = "a" * 32
    assert SessionCookieAuth()(_post(users.base_manager, csrf=secret)) == users.base_manager


def test_it_needs_no_csrf_with_a_token(users):
    _token, raw = issue_api_token(actor=users.base_manager, user=users.base_manager)
    request = _post()
    request.META["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    assert TokenAuth()(request) == users.base_manager
    assert request.user == users.base_manager


# OpenAPI and the docs page


def test_it_publishes_openapi_with_both_auth_schemes(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    schema = r.json()
    assert set(schema["paths"]["/api/v1/me"]) == {"get"}
    schemes = schema["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionCookieAuth"]["in"] == "cookie"
    assert schema["paths"]["/api/v1/me"]["get"]["security"] == [
        {"TokenAuth": []},
        {"SessionCookieAuth": []},
    ]


def test_it_serves_the_docs_page_from_local_assets_without_inline_script(client, db):
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert all(a.startswith("/static/") for a in assets), assets
    # script-src 'self': every <script> either loads a file or is a JSON data block.
    for attrs in re.findall(r"<script([^>]*)>", html):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
