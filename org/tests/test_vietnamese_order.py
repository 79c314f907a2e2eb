"""Lists of units follow the Vietnamese alphabet (đ after d, ă after a), not code points."""

import pytest
from django.urls import reverse

from accounts.forms import SubtreeUnitField
from core.text import vn_text_key
from indicators import figures, selectors
from org.models import Unit, UnitKind

# The order a Vietnamese reader expects (Python's sorted() puts "Đ..." after "Thanh Khê" and
# "Đắc Pring" before "Đại Lộc").
NAMES = ["Đại Lộc", "Đắc Pring", "Điện Bàn", "Thanh Khê"]
SHUFFLED = ["Thanh Khê", "Điện Bàn", "Đắc Pring", "Đại Lộc"]


def test_the_sort_key_orders_vietnamese_names():
    assert sorted(SHUFFLED, key=vn_text_key) == NAMES
    assert sorted(["Chi hội 10", "Chi hội 2", "Chi hội 1"], key=vn_text_key) == [
        "Chi hội 1",
        "Chi hội 2",
        "Chi hội 10",
    ]
    assert sorted(["Hải Châu", "Hà Nội", "Ha Long", "An Hải"], key=vn_text_key) == [
        "An Hải",
        "Ha Long",
        "Hà Nội",
        "Hải Châu",
    ]


@pytest.fixture
def province(tree):
    p3 = Unit.objects.add_child(
        tree.central, {"name": "Hội Chữ thập đỏ tỉnh Quảng Nam", "kind": UnitKind.PROVINCE}
    )
    for name in SHUFFLED:
        Unit.objects.add_child(Unit.objects.get(pk=p3.pk), {"name": name, "kind": UnitKind.BASE})
    return Unit.objects.get(pk=p3.pk)


def _in_order(html: str, names=NAMES) -> bool:
    where = [html.find(n) for n in names]
    return -1 not in where and where == sorted(where)


def test_the_unit_page_lists_children_in_vietnamese_order(province, users, login):
    html = login(users.superuser).get(reverse("org:unit", args=[province.pk])).content.decode()
    assert _in_order(html)


def test_the_unit_search_lists_results_in_vietnamese_order(province, users, login):
    url = reverse("org:unit_search", args=[province.pk])
    html = login(users.superuser).get(url, {"q": "a"}).content.decode()
    assert _in_order(html)


def test_the_dashboard_lists_children_in_vietnamese_order(province, users, login):
    figures.refresh_all()
    from django.utils import timezone

    kids = selectors.children_on(province, timezone.localdate())
    assert [k.name for k in kids] == NAMES
    html = login(users.superuser).get(reverse("indicators:dashboard", args=[province.pk]))
    assert _in_order(html.content.decode())


def test_the_dues_page_lists_children_in_vietnamese_order(province, users, login):
    html = login(users.superuser).get(reverse("dues:home", args=[province.pk])).content.decode()
    assert _in_order(html)


def test_unit_pickers_list_units_in_vietnamese_order(province):
    field = SubtreeUnitField(root=province)
    assert [label.strip() for _pk, label in field.choices][1:] == NAMES
