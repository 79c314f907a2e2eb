"""The child units' table of a dashboard stays readable with many units and columns: chosen
columns, sorting by name (the Vietnamese way), names without the words they all share."""

import datetime
import re

import pytest
from django.urls import reverse

from indicators import figures
from members.tests.factories import make_member

D = datetime.date


@pytest.fixture
def counted(tree, users):
    make_member(users.superuser, tree.br1a, joined=D(2023, 3, 1))
    make_member(users.superuser, tree.br2a, joined=D(2023, 3, 1))
    figures.refresh_all()


def _get(client, unit, **params):
    return client.get(reverse("indicators:dashboard", args=[unit.pk]), {"year": 2024, **params})


def _header_codes(html):
    return re.findall(r'<th scope="col" class="text-end" data-col="([a-z_]+)"', html)


def test_it_shows_only_the_chosen_columns_and_keeps_them_when_sorting(tree, users, login, counted):
    client = login(users.province_manager)
    every = _header_codes(_get(client, tree.p1).content.decode())
    assert len(every) > 15
    html = _get(client, tree.p1, col=["dues_rate", "members"]).content.decode()
    assert _header_codes(html) == ["members", "dues_rate"]  # in the catalogue's order
    assert "sort=members&amp;dir=asc&amp;col=members&amp;col=dues_rate" in html
    assert "Chọn cột (2/" in html
    # An unknown column is ignored; nothing known chosen means every column.
    assert _header_codes(_get(client, tree.p1, col="nope").content.decode()) == every


def test_it_sorts_the_units_by_name_the_vietnamese_way(tree, users, login, counted):
    from org.models import Unit, UnitKind

    for name in ("Hội Chữ thập đỏ xã Đắc Pring", "Hội Chữ thập đỏ xã Đại Lộc"):
        Unit.objects.add_child(tree.p1, {"name": name, "kind": UnitKind.BASE})
    figures.refresh_all()
    client = login(users.province_manager)
    rows = _get(client, tree.p1, sort="name", dir="asc").context["table"]
    names = [r.unit.name.removeprefix("Hội Chữ thập đỏ ") for r, _c in rows]
    assert names == ["phường Hải Châu", "xã Đại Lộc", "xã Đắc Pring", "xã Hòa Vang"]
    rows = _get(client, tree.p1, sort="name", dir="desc").context["table"]
    assert [r.unit.name for r, _c in rows][0].endswith("xã Hòa Vang")


def test_it_names_units_by_what_tells_them_apart(tree, users, login, counted):
    response = _get(login(users.province_manager), tree.p1)
    html = response.content.decode()
    assert f'title="{tree.b1.name}">phường Hải Châu</a>' in html
    assert "Hội Chữ thập đỏ …" in html  # the shared words, once, in the header
    data = response.context["chart_data"]
    assert sorted(data["children"]) == ["phường Hải Châu", "xã Hòa Vang"]
    assert data["text"]["top"] == "%(n)s đơn vị cao nhất"


def test_it_keeps_whole_names_when_they_share_no_words(tree, users, login, counted):
    from indicators.html import common_prefix

    assert common_prefix(["Chi hội tổ dân phố 1", "Chi hội tổ dân phố 2"]) == "Chi hội tổ dân phố "
    assert common_prefix(["Chi hội 1", "Chi hội"]) == ""  # one name would be left empty
    assert common_prefix(["Đội A", "Chi hội B"]) == ""
    assert common_prefix(["Hội X"]) == ""
