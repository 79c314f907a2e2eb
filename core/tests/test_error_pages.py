"""`make run` serves the demo like the product: DEBUG off, static files by WhiteNoise, and friendly
Vietnamese error pages in the site's layout (no URL list, no traceback)."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import path

from sohoi.urls import urlpatterns as site_urls

ROOT = Path(settings.BASE_DIR)


def _boom(request):
    raise RuntimeError("hỏng")


def _bad(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("xấu")


# The site's URLs (the layout links to them) and two that fail.
urlpatterns = [path("boom/", _boom), path("bad/", _bad), *site_urls]


def test_make_run_serves_with_debug_off_and_cookies_that_work_over_http():
    out = subprocess.run(
        ["make", "-n", "-s", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    serve = next(line for line in out.splitlines() if "scripts/serve.sh" in line)
    probe = f"{shlex.quote(sys.executable)} -c " + shlex.quote(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'sohoi.settings'; "
        "django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_COOKIES"}}
    result = subprocess.run(
        ["bash", "-c", serve.replace("scripts/serve.sh", probe)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["False", "False", "False"]


def test_make_run_collects_the_static_files_before_serving():
    out = subprocess.run(
        ["make", "-n", "-s", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    lines = out.splitlines()
    collect = next(i for i, line in enumerate(lines) if "collectstatic" in line)
    assert collect < next(i for i, line in enumerate(lines) if "scripts/serve.sh" in line)


def test_it_shows_a_vietnamese_404_without_the_url_list(db, client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body
    assert "sohoi-navbar" in body  # the site's layout
    assert "URLconf" not in body and "admin/" not in body


def test_it_shows_a_404_in_english_when_english_is_chosen(db, client):
    client.cookies["django_language"] = "en"
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert 'lang="en"' in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_it_shows_a_friendly_500_in_the_layout(db):
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Đã xảy ra lỗi" in body and "sohoi-navbar" in body
    assert "hỏng" not in body and "Traceback" not in body


@override_settings(ROOT_URLCONF=__name__)
def test_it_shows_a_friendly_400_in_the_layout(db):
    response = Client().get("/bad/")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Yêu cầu không hợp lệ" in body and "sohoi-navbar" in body
    assert "xấu" not in body


def test_it_explains_a_refused_form_in_vietnamese(db, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users.base_viewer)
    response = client.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Tải lại trang" in body and "sohoi-navbar" in body
    assert "CSRF verification failed" not in body


def test_it_serves_static_files_with_debug_off(db, settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", "--noinput", verbosity=0)
    response = Client().get("/static/css/sohoi.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(
        (ROOT / "static/css/sohoi.css").read_bytes()[:40]
    )
    assert re.search(r"max-age=\d+", response["Cache-Control"])


@pytest.fixture(autouse=True)
def _no_debug(settings):
    settings.DEBUG = False
