import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imports.parsing import (
    R_BDATE,
    R_BYEAR,
    R_CCCD,
    R_JOINED,
    R_NAME,
    R_PHONE,
    R_SEX,
    R_UNIT,
    Bad,
    BranchIndex,
    RowParser,
    parse_date,
)  # fmt: skip

TODAY = datetime.date(2026, 1, 15)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12/03/1985", (datetime.date(1985, 3, 12), 1985)),
        ("1/6/85", (datetime.date(1985, 6, 1), 1985)),
        ("1/6/15", (datetime.date(2015, 6, 1), 2015)),
        ("12-03-1985", (datetime.date(1985, 3, 12), 1985)),
        ("12 tháng 3 năm 1985", (datetime.date(1985, 3, 12), 1985)),
        ("Ngày 12 tháng 3 năm 1985", (datetime.date(1985, 3, 12), 1985)),
        ("1985", (None, 1985)),
        (1985, (None, 1985)),
        (1985.0, (None, 1985)),
        (31118, (datetime.date(1985, 3, 12), 1985)),  # an Excel serial date
        (datetime.date(1985, 3, 12), (datetime.date(1985, 3, 12), 1985)),
        (datetime.datetime(1985, 3, 12, 0, 0), (datetime.date(1985, 3, 12), 1985)),
        ("1985-03-12", (datetime.date(1985, 3, 12), 1985)),
        ("", (None, None)),
    ],
)
def test_it_parses_dates_the_vietnamese_way(value, expected):
    assert parse_date(value, TODAY) == expected


@pytest.mark.parametrize("value", ["31/02/1990", "abc", "13/13/13", True, -5])
def test_it_refuses_what_is_not_a_date(value):
    with pytest.raises(Bad):
        parse_date(value, TODAY)


def test_branch_names_match_without_accents_case_or_prefix():
    index = BranchIndex(
        [(1, "Chi hội tổ dân phố 1"), (2, "Chi hội tổ dân phố 2"), (3, "Chi hội thôn La Bông")]
    )
    assert index.find("chi hoi to dan pho 1") == 1
    assert index.find("TỔ DÂN PHỐ 2") == 2
    assert index.find("2") == 2
    assert index.find("La Bông") == 3
    assert index.find("la bong") == 3
    assert index.find("Chi hội 9") is None


def parser(**columns):
    by_index = dict(enumerate(columns["fields"]))
    return RowParser(
        columns=by_index,
        branches=BranchIndex([(10, "Chi hội tổ dân phố 1"), (11, "Chi hội tổ dân phố 2")]),
        default_unit_id=columns.get("default_unit_id", 10),
        default_joined_on=TODAY,
        today=TODAY,
        min_age=columns.get("min_age"),
    )


FIELDS = ["full_name", "male_birth", "female_birth", "cccd", "phone", "branch", "joined_on"]


def test_it_reads_the_birth_year_under_nam_or_nu_and_sex_from_which_is_filled():
    p = parser(fields=FIELDS)
    v, errors = p.parse(["Trần Thị Bình", "", "17/05/1990", "", "", "", ""])
    assert errors == []
    assert (v[R_SEX], v[R_BDATE], v[R_BYEAR]) == ("F", datetime.date(1990, 5, 17), 1990)
    v, _e = p.parse(["Lê Văn An", 1985, "", "", "", "", ""])
    assert (v[R_SEX], v[R_BDATE], v[R_BYEAR]) == ("M", None, 1985)
    v, _e = p.parse(["Lê Văn An", "x", "", "", "", "", ""])
    assert (v[R_SEX], v[R_BYEAR]) == ("M", None)
    v, errors = p.parse(["Lê Văn An", 1985, 1986, "", "", "", ""])
    assert v is None and errors[0][0] == 1


def test_it_restores_the_leading_zero_of_a_cccd_stored_as_a_number():
    p = parser(fields=FIELDS)
    v, errors = p.parse(["Lê Văn An", 1985, "", 48085000123, "", "", ""])
    assert errors == [] and v[R_CCCD] == "048085000123"
    v, errors = p.parse(["Lê Văn An", 1985, "", 48085000123.0, "", "", ""])
    assert v[R_CCCD] == "048085000123"


def test_it_refuses_a_cccd_that_disagrees_with_sex_or_year():
    p = parser(fields=FIELDS)
    _v, errors = p.parse(["Lê Văn An", 1986, "", "048085000123", "", "", ""])
    assert errors and errors[0][0] == 3
    _v, errors = p.parse(["Lê Thị An", "", 1985, "048085000123", "", "", ""])
    assert errors and errors[0][0] == 3


def test_it_takes_sex_and_year_from_the_cccd_when_the_file_has_none():
    p = parser(fields=["full_name", "cccd"])
    v, errors = p.parse(["Lê Thị An", "048190000456"])
    assert errors == [] and (v[R_SEX], v[R_BYEAR]) == ("F", 1990)


@pytest.mark.parametrize(
    "phone", ["0912345678", "+84 912 345 678", "84912345678", 912345678, "091.234.5678"]
)
def test_it_normalises_phone_numbers(phone):
    v, errors = parser(fields=FIELDS).parse(["Lê Văn An", 1985, "", "", phone, "", ""])
    assert errors == [] and v[R_PHONE] == "0912345678"


@pytest.mark.parametrize(
    ("mark", "sex"), [("Nam", "M"), ("nam", "M"), ("NỮ", "F"), ("nữ", "F"), ("Nu", "F")]
)
def test_it_reads_sex_marks(mark, sex):
    v, errors = parser(fields=["full_name", "sex"]).parse(["Lê An", mark])
    assert errors == [] and v[R_SEX] == sex


def test_it_reports_every_bad_cell_of_a_row_with_its_column():
    p = parser(fields=FIELDS)
    v, errors = p.parse(["An", 2030, "", "12345", "12", "Chi hội 9", "31/02/2020"])
    assert v is None
    assert {c for c, _m in errors} >= {0, 1, 3, 4, 5, 6}


def test_it_puts_rows_without_a_branch_in_the_unit_itself_or_refuses_them():
    v, _e = parser(fields=FIELDS).parse(["Lê Văn An", 1985, "", "", "", "", ""])
    assert v[R_UNIT] == 10 and v[R_JOINED] == TODAY
    v, errors = parser(fields=FIELDS, default_unit_id=None).parse(
        ["Lê Văn An", 1985, "", "", "", "", ""]
    )
    assert v is None and errors[0][0] == 5


def test_volunteers_must_be_18_when_they_join():
    p = parser(fields=FIELDS, min_age=18)
    v, errors = p.parse(["Lê Văn An", 2010, "", "", "", "", "01/01/2020"])
    assert v is None and errors[0][0] == 6


def test_it_joins_family_and_given_name_columns():
    v, errors = parser(fields=["family_middle", "given_name", "sex"]).parse(
        ["Nguyễn Thị", "Hoa", "Nữ"]
    )
    assert errors == [] and v[R_NAME] == "Nguyễn Thị Hoa"


cells = st.one_of(
    st.just(""),
    st.text(max_size=30),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2200, 1, 1)),
    st.sampled_from(["Nam", "Nữ", "x", "12/03/1985", "048085000123", "0912345678", "2", "1985"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cells, min_size=0, max_size=9))
def test_random_cells_never_crash_and_errors_name_a_column(row):
    fields = [
        "full_name",
        "male_birth",
        "female_birth",
        "cccd",
        "phone",
        "branch",
        "joined_on",
        "sex",
        "birth_date",
    ]
    p = parser(fields=fields)
    values, errors = p.parse(row)
    assert (values is None) == bool(errors)
    for column, message in errors:
        assert column in range(len(fields)) or column in fields
        assert message
