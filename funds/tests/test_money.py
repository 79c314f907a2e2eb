import pytest
from django.template import Context, Template

from funds.forms import MoneyField, parse_money


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1.234.567", 1_234_567), ("1 234 567 đ", 1_234_567), ("5000000", 5_000_000),
     ("12.000đ", 12_000), ("20.000 đồng", 20_000), ("", None), ("1,5", None), ("-100", None),
     ("abc", None), ("1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6.7", None)],
)  # fmt: skip
def test_it_parses_amounts_typed_the_vietnamese_way(raw, value):
    assert parse_money(raw) == value


def test_it_rejects_a_non_amount_in_the_form_field():
    field = MoneyField()
    assert field.clean("2.500.000") == 2_500_000
    with pytest.raises(Exception, match="số nguyên đồng"):
        field.clean("2,5 triệu")


def test_it_displays_money_with_dots_and_dong():
    out = Template("{% load sohoi %}{{ a|vnd }}|{{ b|vnd }}|{{ c|vnd }}").render(
        Context({"a": 1234567, "b": 0, "c": -5000000})
    )
    assert out == "1.234.567 đ|0 đ|-5.000.000 đ"
