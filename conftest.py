"""Shared test fixtures: a small association tree and users with roles on it.

central
├── p1 (province)
│   ├── b1 (base) ── br1a, br1b (branches)
│   └── b2 (base) ── br2a
└── p2 (province)
    └── b3 (base)
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import RoleAssignment
from accounts.services import issue_api_token
from org.models import AssociationProfile, CongressTerm, TermLevel, Unit, UnitKind
from org.presets import PRESETS

PASSWORD = "Mật-khẩu-thử-2026"


def _one_day_for_the_whole_run() -> None:
    """The suite runs within one day of Vietnam's calendar: when it starts after noon (Hanoi
    time) the clock every test sees is moved back to 06:00 of that day and runs on from there, so
    a run that starts at 23:50 does not see "today" change between a test's setup and its check
    (a receipt cancelled "today" after midnight, a module's ``TODAY`` from before it)."""
    real_now = timezone.now
    local = timezone.localtime(real_now())
    if local.hour < 12:
        return
    shift = local - local.replace(hour=6, minute=0, second=0, microsecond=0)

    def now() -> datetime.datetime:
        return real_now() - shift

    timezone.now = now


_one_day_for_the_whole_run()


def _child(parent, name, kind, **extra):
    return Unit.objects.add_child(parent, {"name": name, "kind": kind, **extra})


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that check hashing itself set PASSWORD_HASHERS again.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded files of a test go to its own directory, never to var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tree(db):
    data = PRESETS["red_cross"]
    AssociationProfile.objects.create(
        pk=1,
        preset="red_cross",
        name=data["name"],
        short_name=data["short_name"],
        member_categories=data["member_categories"],
        terminology=data["terminology"],
    )
    # The test association's congress terms: 2017–2022 and 2022–2027 at every level.
    CongressTerm.objects.bulk_create(
        CongressTerm(level=level, start_year=start, end_year=start + 5)
        for level in TermLevel.values
        for start in (2017, 2022)
    )
    central = Unit.objects.add_root(
        {"name": "Trung ương Hội Chữ thập đỏ Việt Nam", "kind": UnitKind.CENTRAL}
    )
    p1 = _child(central, "Hội Chữ thập đỏ thành phố Đà Nẵng", UnitKind.PROVINCE, admin_code="48")
    p2 = _child(central, "Hội Chữ thập đỏ tỉnh Quảng Ngãi", UnitKind.PROVINCE, admin_code="51")
    b1 = _child(p1, "Hội Chữ thập đỏ phường Hải Châu", UnitKind.BASE, base_type="ward")
    b2 = _child(p1, "Hội Chữ thập đỏ xã Hòa Vang", UnitKind.BASE, base_type="commune")
    b3 = _child(p2, "Hội Chữ thập đỏ phường Cẩm Thành", UnitKind.BASE, base_type="ward")
    br1a = _child(b1, "Chi hội tổ dân phố 1", UnitKind.BRANCH)
    br1b = _child(b1, "Chi hội tổ dân phố 2", UnitKind.BRANCH)
    br2a = _child(b2, "Chi hội thôn La Bông", UnitKind.BRANCH)
    units = [central, p1, p2, b1, b2, b3, br1a, br1b, br2a]
    for u in units:
        u.refresh_from_db()
    return SimpleNamespace(
        central=central, p1=p1, p2=p2, b1=b1, b2=b2, b3=b3, br1a=br1a, br1b=br1b, br2a=br2a
    )


@pytest.fixture
def make_user(db):
    def make(username, unit=None, role=None, **extra):
        user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
        if unit is not None:
            RoleAssignment.objects.create(user=user, unit=unit, role=role or "viewer")
        return user

    return make


@pytest.fixture
def users(tree, make_user):
    """One user per typical role; ``sibling`` holds a role on b2, the sibling of b1."""
    return SimpleNamespace(
        superuser=make_user("root", is_superuser=True, is_staff=True),
        central_admin=make_user("tw_admin", tree.central, "admin"),
        province_manager=make_user("tinh_ql", tree.p1, "manager"),
        base_manager=make_user("coso_ql", tree.b1, "manager"),
        base_editor=make_user("coso_nhap", tree.b1, "editor"),
        base_viewer=make_user("coso_xem", tree.b1, "viewer"),
        sibling=make_user("coso_khac", tree.b2, "manager"),
        other_province=make_user("tinh_khac", tree.p2, "manager"),
        nobody=make_user("khong_quyen"),
    )


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do


@pytest.fixture
def bearer(db):
    """Headers for the test client carrying a new API token of ``user``."""

    def make(user):
        _token, raw = issue_api_token(actor=user, user=user)
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


@pytest.fixture(params=["token", "session"])
def api_get(request, client):
    """GET as ``user``, once with a bearer token and once with the web session."""

    def get(user, url, **params):
        if request.param == "session":
            client.force_login(user)
            return client.get(url, params)
        _token, raw = issue_api_token(actor=user, user=user)
        return client.get(url, params, headers={"Authorization": f"Bearer {raw}"})

    return get
