"""A unit's overview shows its members, this year's dues rate and its fund at a glance."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from dues import services as dues_services
from funds import services as fund_services
from funds.models import Category, Direction
from members.tests.factories import make_member


def url(unit):
    return reverse("indicators:glance", args=[unit.pk])


def text(response):
    """What the user reads: the page's text with its whitespace collapsed."""
    return " ".join(strip_tags(response.content.decode()).split())


def _some_figures(users, tree):
    today = timezone.localdate()
    a = users.base_manager
    paid = make_member(a, tree.br1a, "Lê Thị Hoa", joined=datetime.date(2020, 1, 1))
    make_member(a, tree.br1a, "Trần Văn Nam", sex="M", joined=datetime.date(2020, 1, 1))
    make_member(a, tree.br1b, "Phạm Văn Đức", sex="M", category="volunteer")
    dues_services.record_payment(
        actor=a, membership=paid, year=today.year, paid_on=today, amount=None
    )
    fund_services.record_entry(
        actor=a, unit=tree.br1a, on=today, amount=2_500_000, direction=Direction.IN,
        category=Category.DONATION, note="Ủng hộ",
    )  # fmt: skip


def test_it_shows_a_branchs_members_dues_rate_and_fund(users, tree, login):
    _some_figures(users, tree)
    response = login(users.base_viewer).get(url(tree.br1a))
    assert response.status_code == 200
    html = text(response)
    year = timezone.localdate().year
    assert "Đang sinh hoạt 2 hội viên Hội phí" in html
    assert f"Hội phí năm {year}" in html and "50,0%" in html and "1/2 hội viên đã đóng" in html
    assert "2.500.000 đ" in html
    assert "Cả cấp dưới" not in html  # a branch without sub-units


def test_it_adds_up_a_base_and_its_branches(users, tree, login):
    _some_figures(users, tree)
    html = text(login(users.base_viewer).get(url(tree.b1)))
    assert "2 hội viên" in html and "1 tình nguyện viên" in html
    assert "0 đ" in html and "Cả cấp dưới: 2.500.000 đ" in html


def test_it_shows_english_numbers_on_an_english_page(users, tree, login):
    from django.utils.translation import override

    _some_figures(users, tree)
    client = login(users.base_viewer)
    client.cookies["django_language"] = "en"
    with override("vi"):
        html = text(client.get(url(tree.br1a)))
    assert "50.0%" in html and "2,500,000 đ" in html


def test_it_sends_anonymous_users_to_login(tree, client):
    response = client.get(url(tree.br1a))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_hides_a_unit_outside_the_users_scope(users, tree, login):
    assert login(users.sibling).get(url(tree.br1a)).status_code == 404


def test_it_refuses_other_methods(users, tree, login):
    assert login(users.base_viewer).post(url(tree.br1a)).status_code == 405


def test_the_overview_loads_the_glance_and_offers_a_branch_head_their_work(
    users, tree, make_user, login
):
    head = make_user("chi_hoi_truong", tree.br1a, "editor")
    html = login(head).get(reverse("org:unit", args=[tree.br1a.pk])).content.decode()
    assert f'hx-get="{url(tree.br1a)}"' in html
    assert reverse("dues:ticklist", args=[tree.br1a.pk]) in html
    assert reverse("people:new", args=[tree.br1a.pk]) in html
    assert "Không có đơn vị trực thuộc" not in html  # a branch without sub-units: no empty list
