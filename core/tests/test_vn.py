import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.text import given_name_first, search_key, vn_sort_key
from core.vn import age_on, cccd_century_digit, clean_cccd, clean_phone, fdrs_band


def test_it_accepts_a_cccd_that_agrees_with_birth_year_and_sex():
    assert clean_cccd("048185000123", birth_year=1985, sex="F") == "048185000123"
    assert clean_cccd("001090000001", birth_year=1990, sex="M") == "001090000001"
    assert clean_cccd("079305001234", birth_year=2005, sex="F") == "079305001234"


def test_it_restores_the_leading_zero_a_spreadsheet_dropped():
    assert clean_cccd(48185000123, birth_year=1985, sex="F") == "048185000123"
    assert clean_cccd(48185000123.0) == "048185000123"
    assert clean_cccd("48185000123", birth_year=1985, sex="F") == "048185000123"  # pasted
    assert clean_cccd(" 048 185 000 123 ") == "048185000123"


@pytest.mark.parametrize(
    ("value", "year", "sex", "code"),
    [
        ("04818500012", None, None, "cccd_length"),  # typed: a digit is missing
        ("48185000123", 1985, "M", "cccd_length"),  # not "the sex does not match"
        ("04818565432", 1985, "F", "cccd_length"),  # a middle digit missed: not "sex" either
        ("0481850001", None, None, "cccd_length"),
        ("04818500012A", None, None, "cccd_digits"),
        ("003185000123", None, None, "cccd_province"),  # 003 is not a province code
        ("048185000123", 1985, "M", "cccd_sex"),  # digit 1 = woman of the 1900s
        ("048185000123", 1986, "F", "cccd_year"),
        ("048285000123", 1985, "M", "cccd_year"),  # digit 2 = man born in the 2000s
    ],
)
def test_it_rejects_a_cccd_that_contradicts_itself_or_the_person(value, year, sex, code):
    with pytest.raises(ValidationError) as e:
        clean_cccd(value, birth_year=year, sex=sex)
    assert e.value.code == code
    assert e.value.messages[0]  # a Vietnamese sentence, not a code


@given(
    year=st.integers(min_value=1900, max_value=2099),
    sex=st.sampled_from(["M", "F"]),
    tail=st.integers(min_value=0, max_value=999_999),
)
def test_it_round_trips_every_century_and_sex(year, sex, tail):
    number = f"048{cccd_century_digit(year, sex)}{year % 100:02d}{tail:06d}"
    assert clean_cccd(number, birth_year=year, sex=sex) == number
    other = "F" if sex == "M" else "M"
    with pytest.raises(ValidationError):
        clean_cccd(number, birth_year=year, sex=other)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("84912345678", "0912345678"),
        (912345678, "0912345678"),
        ("(0236) 3821 234", "02363821234"),
        ("", ""),
    ],
)
def test_it_normalises_vietnamese_phone_numbers(raw, expected):
    assert clean_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "0112345678", "+1 202 555 0100", "09123456789", "abc"])
def test_it_rejects_phone_numbers_that_are_not_vietnamese(raw):
    with pytest.raises(ValidationError):
        clean_phone(raw)


def test_it_gives_both_unicode_spellings_and_tone_placements_the_same_keys():
    precomposed = "Nguyễn Thị Hoà"
    decomposed = unicodedata.normalize("NFD", precomposed)
    new_style = "Nguyễn Thị Hòa"
    assert search_key(precomposed) == search_key(decomposed) == search_key(new_style)
    assert search_key(new_style) == "nguyen thi hoa"
    assert vn_sort_key(precomposed) == vn_sort_key(decomposed) == vn_sort_key(new_style)


def test_it_sorts_by_given_name_in_the_vietnamese_alphabet():
    names = ["Trần Văn Đức", "Lê Thị Dung", "Phạm Ăn", "Ngô An", "Bùi Ân", "Đỗ Bình", "Hồ Ánh"]
    assert sorted(names, key=vn_sort_key) == [
        "Ngô An",
        "Hồ Ánh",
        "Phạm Ăn",
        "Bùi Ân",
        "Đỗ Bình",
        "Lê Thị Dung",
        "Trần Văn Đức",
    ]
    assert given_name_first("Nguyễn Thị Hoà") == "Hoà Nguyễn Thị"


def test_it_sorts_digit_keys_identically_as_strings_and_is_stable_under_case():
    assert vn_sort_key("NGUYỄN THỊ HOÀ") == vn_sort_key("nguyễn thị hoà")
    assert vn_sort_key("Nguyễn Thị Hoà").isdigit()


def test_it_computes_age_and_fdrs_band_from_a_date_or_a_year():
    on = datetime.date(2026, 3, 1)
    assert age_on(None, datetime.date(2008, 3, 2), on) == 17
    assert age_on(2008, None, on) == 18
    assert age_on(None, None, on) is None
    assert fdrs_band(17) == "13-17"
    assert fdrs_band(18) == "18-29"
    assert fdrs_band(85) == "80+"
    assert fdrs_band(None) == "unknown"


def test_it_turns_a_typed_phone_number_into_the_digits_to_search():
    from core.vn import phone_query_digits

    assert phone_query_digits("+84 912 345") == "0912345"
    assert phone_query_digits("84912345678") == "0912345678"
    assert phone_query_digits("0912") == "0912"
    assert phone_query_digits("nguyen") is None
