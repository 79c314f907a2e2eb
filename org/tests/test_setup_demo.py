"""The demo association behind `make run`: one Red Cross province, its bases, branches, an admin."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.models import RoleAssignment
from core.models import AuditEvent
from org.models import AdminArea, AssociationProfile, Unit, UnitKind

LOGIN_LINE = re.compile(r"^Đăng nhập: tên đăng nhập admin, mật khẩu (\S+)$", re.MULTILINE)


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def argon2(settings):
    from sohoi import settings as project_settings

    # conftest swaps in a fast hasher for speed; check the project's real setting here.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def _setup_demo(*args) -> str:
    out = StringIO()
    call_command("setup_demo", *args, stdout=out)
    return out.getvalue()


def _snapshot():
    return {
        "units": sorted(Unit.objects.values_list("path", "name", "kind", "admin_code")),
        "users": list(get_user_model().objects.order_by("pk").values_list("username", flat=True)),
        "roles": sorted(RoleAssignment.objects.values_list("user__username", "unit__path", "role")),
        "profiles": AssociationProfile.objects.count(),
        "areas": AdminArea.objects.count(),
    }


@pytest.fixture
def demo(db, var_dir):
    return _setup_demo("--bases", "3")


def test_it_creates_the_profile_and_central_unit(demo):
    profile = AssociationProfile.current()
    assert profile.preset == "red_cross"
    assert profile.name == "Hội Chữ thập đỏ Việt Nam"
    roots = list(Unit.objects.filter(depth=1))
    assert len(roots) == 1
    assert roots[0].kind == UnitKind.CENTRAL
    assert roots[0].name == "Trung ương Hội Chữ thập đỏ Việt Nam"


def test_it_creates_province_48_with_all_its_bases(demo):
    province = Unit.objects.get(kind=UnitKind.PROVINCE)
    assert province.admin_code == "48"
    assert province.name == "Hội Chữ thập đỏ thành phố Đà Nẵng"
    assert Unit.objects.get_parent(province).kind == UnitKind.CENTRAL
    bases = Unit.objects.subtree_of(province).filter(kind=UnitKind.BASE)
    assert bases.count() == 94
    communes = AdminArea.objects.filter(level=AdminArea.Level.COMMUNE, province_code="48")
    assert set(bases.values_list("admin_code", flat=True)) == set(
        communes.values_list("code", flat=True)
    )


def test_it_adds_branches_and_a_team_under_the_first_three_bases(demo):
    bases = list(Unit.objects.filter(kind=UnitKind.BASE).order_by("path"))
    with_children = [b for b in bases if b.numchild]
    assert with_children == bases[:3]
    for base in with_children:
        kinds = Counter(Unit.objects.get_children(base).values_list("kind", flat=True))
        assert kinds == {UnitKind.BRANCH: 3, UnitKind.TEAM: 1}
    first = with_children[0]
    word = {"ward": "tổ dân phố", "commune": "thôn", "special_zone": "khu dân cư"}[first.base_type]
    names = set(Unit.objects.get_children(first).values_list("name", flat=True))
    assert names == {f"Chi hội {word} {i}" for i in (1, 2, 3)} | {"Đội tình nguyện viên"}
    # central + province + 94 bases + 3 x (3 branches + 1 team)
    assert Unit.objects.count() == 1 + 1 + 94 + 12
    assert "Hội mẫu: Hội Chữ thập đỏ thành phố Đà Nẵng, 107 đơn vị." in demo


def test_it_creates_a_superuser_admin_with_a_role_on_central(argon2, demo, var_dir):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.is_active
    assignment = RoleAssignment.objects.get(user=admin)
    assert assignment.role == "admin"
    assert assignment.unit.kind == UnitKind.CENTRAL
    password = LOGIN_LINE.search(demo).group(1)
    assert (var_dir / "admin-password.txt").read_text().strip() == password
    assert (var_dir / "admin-password.txt").stat().st_mode & 0o777 == 0o600
    assert admin.check_password(password)
    assert admin.password.startswith("argon2")


def test_it_records_the_demo_writes_in_the_audit_trail(demo):
    admin = get_user_model().objects.get(username="admin")
    creations = AuditEvent.objects.filter(action="org.unit.create")
    assert creations.count() == Unit.objects.count()
    assert set(creations.values_list("actor", flat=True)) == {admin.pk}


def test_it_does_not_duplicate_anything_when_run_twice(demo, var_dir):
    before = _snapshot()
    events = AuditEvent.objects.count()
    again = _setup_demo("--bases", "3")
    assert _snapshot() == before
    assert AuditEvent.objects.count() == events
    assert LOGIN_LINE.search(again).group(1) == LOGIN_LINE.search(demo).group(1)


def test_it_restores_the_admin_password_from_the_file(demo, var_dir):
    password = LOGIN_LINE.search(demo).group(1)
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("mật-khẩu-khác-2026")
    admin.save()
    _setup_demo("--bases", "3")
    admin.refresh_from_db()
    assert admin.check_password(password)


def test_it_extends_the_demo_to_more_bases_on_a_later_run(demo):
    _setup_demo("--bases", "5", "--branches", "2")
    bases = list(Unit.objects.filter(kind=UnitKind.BASE).order_by("path"))
    assert [b.numchild for b in bases[:6]] == [4, 4, 4, 3, 3, 0]


def test_it_writes_nothing_to_the_developers_var_dir(demo, var_dir, settings):
    assert var_dir == settings.VAR_DIR
    assert [p.name for p in var_dir.iterdir()] == ["admin-password.txt"]


@pytest.mark.parametrize("code", ["99", "abc", "-1"])
def test_it_refuses_an_unknown_province(db, var_dir, code):
    with pytest.raises(CommandError):
        _setup_demo("--province", code, "--bases", "1")
    assert not Unit.objects.exists()
    assert not get_user_model().objects.exists()


def test_it_accepts_a_province_code_without_its_leading_zero(db, var_dir):
    output = _setup_demo("--province", "4", "--bases", "1", "--branches", "1")
    province = Unit.objects.get(kind=UnitKind.PROVINCE)
    assert province.admin_code == "04"
    assert province.name == "Hội Chữ thập đỏ tỉnh Cao Bằng"
    assert "Hội mẫu: Hội Chữ thập đỏ tỉnh Cao Bằng" in output
