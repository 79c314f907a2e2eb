"""Numbers follow the active language: Vietnamese "1.234,5", English "1,234.5" (an English page
printed "3,03%")."""

from django.utils.translation import override

from core.formatting import format_decimal, format_number, format_vnd
from indicators.catalogue import BY_CODE, format_value


def test_it_groups_and_separates_digits_the_vietnamese_way():
    with override("vi"):
        assert format_number(3321) == "3.321"
        assert format_number(-1234567) == "-1.234.567"
        assert format_vnd(1234567) == "1.234.567 đ"
        assert format_decimal(1234.5, 2) == "1.234,50"
        assert format_value(BY_CODE["growth_pct"], 3.0303) == "3,03%"
        assert format_value(BY_CODE["dues_collected"], 1234567) == "1.234.567 đ"


def test_it_groups_and_separates_digits_the_english_way():
    with override("en"):
        assert format_number(3321) == "3,321"
        assert format_vnd(1234567) == "1,234,567 đ"
        assert format_decimal(1234.5, 2) == "1,234.50"
        assert format_value(BY_CODE["growth_pct"], 3.0303) == "3.03%"
        assert format_value(BY_CODE["members"], 12345) == "12,345"
    with override("vi"):  # the formatter made for English is not reused for Vietnamese
        assert format_value(BY_CODE["growth_pct"], 3.0303) == "3,03%"


def test_an_english_dashboard_prints_english_numbers(tree, users, login):
    from members.tests.factories import make_member

    for i in range(3):
        make_member(users.base_manager, tree.br1a, f"Nguyễn Văn {i}", year=1980 + i)
    from indicators.figures import refresh_all

    refresh_all()
    client = login(users.base_manager)
    client.cookies["django_language"] = "en"
    with override("vi"):  # the request activates English; leave Vietnamese to the next test
        body = client.get(f"/u/{tree.b1.pk}/indicators/").content.decode()
    assert "100.0%" in body or "100.00%" in body or "0.0%" in body
    assert ",0%" not in body and ",00%" not in body


def test_a_narrative_amount_is_rounded_down_with_hon_when_something_is_left_off():
    from core.formatting import format_vnd_rounded as rounded

    with override("vi"):
        assert rounded(3_000_000_000) == "3 tỷ đồng"
        assert rounded(3_050_000_000) == "hơn 3 tỷ đồng"
        assert rounded(3_250_000_000) == "hơn 3,2 tỷ đồng"
        assert rounded(12_000_000_000) == "12 tỷ đồng"
        assert rounded(120_500_000) == "hơn 120 triệu đồng"
        assert rounded(1_500_000) == "1,5 triệu đồng"
        assert rounded(999_999) == "999.999 đồng"
        assert rounded(-2_000_000) == "-2 triệu đồng"
        assert rounded(None) == ""
