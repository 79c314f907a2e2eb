"""Loading Vietnam's administrative units (since 1/7/2025) from the vietnam-provinces package."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from org.admin_areas import DIVISION_BASE_TYPE
from org.models import AdminArea, BaseType

PROVINCE = AdminArea.Level.PROVINCE
COMMUNE = AdminArea.Level.COMMUNE


def _load(*args) -> str:
    out = StringIO()
    call_command("load_admin_units", *args, stdout=out)
    return out.getvalue()


def _division_counts(level):
    rows = AdminArea.objects.filter(level=level).values("division_type").annotate(n=Count("code"))
    return {r["division_type"]: r["n"] for r in rows}


@pytest.fixture
def loaded(db):
    return _load()


def test_it_loads_34_provinces_and_3321_communes(loaded):
    assert AdminArea.objects.filter(level=PROVINCE).count() == 34
    assert AdminArea.objects.filter(level=COMMUNE).count() == 3321
    assert _division_counts(COMMUNE) == {"xã": 2621, "phường": 687, "đặc khu": 13}
    assert _division_counts(PROVINCE) == {"tỉnh": 28, "thành phố trung ương": 6}


def test_it_prints_the_counts_the_vietnamese_way(loaded):
    assert "34 tỉnh/thành phố" in loaded
    assert "3.321 xã/phường/đặc khu" in loaded
    assert "3,321" not in loaded
    assert "3321" not in loaded


def test_it_maps_every_division_type_to_a_base_type(loaded):
    types = set(AdminArea.objects.filter(level=COMMUNE).values_list("division_type", flat=True))
    assert types <= set(DIVISION_BASE_TYPE)
    assert DIVISION_BASE_TYPE["đặc khu"] == BaseType.SPECIAL_ZONE


def test_it_stores_official_codes_names_and_search_keys(loaded):
    danang = AdminArea.objects.get(code="48")
    assert (danang.name, danang.level, danang.province_code) == (
        "Thành phố Đà Nẵng",
        PROVINCE,
        "48",
    )
    assert danang.search_key == "thanh pho da nang"
    hai_chau = AdminArea.objects.get(code="20242")
    assert (hai_chau.name, hai_chau.division_type, hai_chau.province_code) == (
        "Phường Hải Châu",
        "phường",
        "48",
    )
    assert hai_chau.search_key == "phuong hai chau"
    assert AdminArea.objects.get(code="06994").name == "Đặc khu Vân Đồn"  # zero-padded to 5
    codes = AdminArea.objects.filter(level=COMMUNE).values_list("code", flat=True)
    assert all(len(c) == 5 and c.isdigit() for c in codes)
    # Every commune belongs to a loaded province.
    provinces = set(AdminArea.objects.filter(level=PROVINCE).values_list("code", flat=True))
    assert set(AdminArea.objects.values_list("province_code", flat=True)) == provinces


def test_it_names_every_province_with_its_division_type(loaded):
    # The package spells most provinces bare ("Cao Bằng"); unit names need "tỉnh Cao Bằng".
    assert AdminArea.objects.get(code="04").name == "Tỉnh Cao Bằng"
    assert AdminArea.objects.get(code="51").name == "Tỉnh Quảng Ngãi"
    assert AdminArea.objects.get(code="46").name == "Thành phố Huế"
    names = AdminArea.objects.filter(level=PROVINCE).values_list("name", flat=True)
    assert all(n.startswith(("Tỉnh ", "Thành phố ")) for n in names)
    assert AdminArea.objects.filter(name__startswith="Tỉnh Tỉnh").count() == 0


def test_it_is_idempotent_and_puts_changed_rows_back(loaded):
    AdminArea.objects.filter(code="20242").update(name="Tên sai", search_key="ten sai")
    AdminArea.objects.filter(code="48").update(division_type="tỉnh")
    output = _load()
    assert AdminArea.objects.filter(level=PROVINCE).count() == 34
    assert AdminArea.objects.filter(level=COMMUNE).count() == 3321
    assert AdminArea.objects.get(code="20242").name == "Phường Hải Châu"
    assert AdminArea.objects.get(code="20242").search_key == "phuong hai chau"
    assert AdminArea.objects.get(code="48").division_type == "thành phố trung ương"
    assert "tổng trong CSDL: 34 và 3.321" in output


def test_it_loads_one_province_and_only_its_communes(db):
    output = _load("--province", "48")
    assert list(AdminArea.objects.filter(level=PROVINCE).values_list("code", flat=True)) == ["48"]
    communes = AdminArea.objects.filter(level=COMMUNE)
    assert communes.count() == 94
    assert set(communes.values_list("province_code", flat=True)) == {"48"}
    assert _division_counts(COMMUNE) == {"xã": 70, "phường": 23, "đặc khu": 1}
    assert "Đã nạp 1 tỉnh/thành phố và 94 xã/phường/đặc khu" in output
    # Loading another province later adds to it without touching the first.
    _load("--province", "51")
    assert AdminArea.objects.filter(level=PROVINCE).count() == 2
    assert AdminArea.objects.filter(level=COMMUNE, province_code="48").count() == 94


def test_it_accepts_a_province_code_with_a_leading_zero(db):
    _load("--province", "04")
    assert list(AdminArea.objects.filter(level=PROVINCE).values_list("code", flat=True)) == ["04"]
    _load("--province", "4")
    assert AdminArea.objects.filter(level=PROVINCE).count() == 1


@pytest.mark.parametrize("code", ["99", "00", "abc", "4 8", "", "-48", "²", "４８x"])
def test_it_refuses_a_bad_province_code(db, code):
    with pytest.raises(CommandError):
        _load("--province", code)
    assert not AdminArea.objects.exists()
