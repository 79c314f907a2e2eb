"""A write that finds SQLite's write lock held past the busy timeout (a large import committing)
answers 503 "try again later" in Vietnamese, on pages and on the API, instead of a 500."""

import json
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from members.tests import factories
from people.models import Consent

BUSY_TEXT = "Hệ thống đang nhập dữ liệu, thử lại sau"


@contextmanager
def write_lock_held_elsewhere():
    """Every write fails as SQLite fails it when another process keeps the write lock."""

    def refuse_writes(execute, sql, params, many, context):
        if sql.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_writes):
        yield


@pytest.fixture
def person(tree):
    return factories.make_person(None, tree.b1, "Nguyễn Thị Hòa", "F", 1990)


def test_it_answers_503_with_a_vietnamese_page_when_the_database_is_locked(users, person, login):
    client = login(users.base_editor)
    url = reverse("people:consent_new", args=[person.pk])
    data = {"purpose": "Quản lý hội viên", "given_on": "2024-06-01", "method": "written"}
    with write_lock_held_elsewhere():
        response = client.post(url, data)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert BUSY_TEXT in html
    assert "Thay đổi của bạn chưa được lưu" in html
    assert not Consent.objects.exists()
    # Once the lock is gone the same form goes through.
    assert client.post(url, data).status_code == 302
    assert Consent.objects.count() == 1


@pytest.mark.parametrize("debug", [False, True])
def test_it_answers_503_json_on_the_api_when_the_database_is_locked(
    client, tree, users, bearer, settings, debug
):
    settings.DEBUG = debug  # `make run` serves with DEBUG on: ninja's own 500 must not win
    body = {"full_name": "Trần Văn Minh", "sex": "M", "birth_year": 1985}
    headers = bearer(users.base_editor)
    with write_lock_held_elsewhere():
        response = client.post(
            f"/api/v1/units/{tree.b1.pk}/people",
            json.dumps(body),
            content_type="application/json",
            **headers,
        )
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert BUSY_TEXT in response.json()["detail"]


def test_it_leaves_other_database_errors_alone(users, person, login):
    client = login(users.base_editor)
    url = reverse("people:consent_new", args=[person.pk])
    data = {"purpose": "Quản lý hội viên", "given_on": "2024-06-01", "method": "written"}

    def broken(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT"):
            raise OperationalError("disk I/O error")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(broken), pytest.raises(OperationalError):
        client.post(url, data)
