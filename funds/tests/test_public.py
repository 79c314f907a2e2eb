import datetime

from django.urls import reverse
from django.utils import timezone

from funds import services
from funds.models import Category, Direction

D = datetime.date


def _open(tree, users):
    services.set_public(actor=users.base_manager, unit=tree.b1, public=True)


def test_it_is_404_when_the_unit_has_not_opted_in(client, tree, users, fund):
    url = reverse("funds:public", args=[tree.b1.pk])
    assert client.get(url).status_code == 404
    _open(tree, users)
    assert client.get(url).status_code == 200
    services.set_public(actor=users.base_manager, unit=tree.b1, public=False)
    assert client.get(url).status_code == 404
    assert client.get(reverse("funds:public", args=[999999])).status_code == 404


def test_it_shows_totals_without_personal_data(client, tree, users, fund):
    year = timezone.localdate().year
    services.record_entry(
        actor=users.base_manager, unit=tree.b1, on=D(year, 1, 1), amount=7_000_000,
        direction=Direction.IN, category=Category.DONATION, donor=fund.org_donor,
        campaign="Tết nhân ái", note="Giám đốc Lê Văn Tám trao tận tay",
    )  # fmt: skip
    services.record_entry(
        actor=users.base_manager, unit=tree.b1, on=D(year, 1, 1), amount=1_234_567,
        direction=Direction.IN, category=Category.DONATION, donor=fund.person_donor,
        document_number="PT-777",
    )  # fmt: skip
    services.record_entry(
        actor=users.base_manager, unit=tree.b1, on=D(year, 1, 1), amount=2_000_000,
        direction=Direction.OUT, category=Category.RELIEF, campaign="Tết nhân ái",
        note="Hỗ trợ cụ Nguyễn Văn Bảy",
    )  # fmt: skip
    _open(tree, users)
    r = client.get(reverse("funds:public", args=[tree.b1.pk]), {"year": year})
    assert r.status_code == 200
    body = r.content.decode()
    assert "8.234.567 đ" in body  # received this year
    assert "2.000.000 đ" in body  # spent
    assert "Tết nhân ái" in body and "Công ty TNHH Sông Hàn" in body
    for secret in ("Trần Thị Bích Ngọc", "Lê Văn Tám", "Nguyễn Văn Bảy", "PT-777", "phieu-thu"):
        assert secret not in body
    # the public page is read-only
    assert client.post(reverse("funds:public", args=[tree.b1.pk])).status_code == 405


def test_it_refuses_a_year_outside_the_range(client, tree, users, fund):
    _open(tree, users)
    url = reverse("funds:public", args=[tree.b1.pk])
    assert client.get(url, {"year": "abc"}).status_code == 404
    assert client.get(url, {"year": timezone.localdate().year + 1}).status_code == 404
