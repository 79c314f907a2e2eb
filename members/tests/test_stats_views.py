import datetime
import re

import pytest
from django.urls import reverse

from core.tests.test_views import assert_no_inline_code
from members.services import appoint_cadre, end_membership, transfer_membership
from members.tests.factories import make_member, make_person

D = datetime.date
ON = "2024-12-31"


@pytest.fixture
def actor(users):
    return users.central_admin


@pytest.fixture
def data(tree, actor):
    """Five people active in b1 on 31/12/2024, four a year before; one outsider in b2."""
    make_member(actor, tree.br1a, "Nguyễn Văn An", sex="M", year=1990, joined=D(2020, 3, 1),
                ethnicity="01", religion="buddhism")  # fmt: skip
    make_member(actor, tree.b1, "Lê Thị Bình", sex="F", year=1950, joined=D(2023, 5, 1))
    make_member(actor, tree.br1b, "Trần Thị Chi", sex="F", year=2000, joined=D(2024, 2, 1),
                category="volunteer", ethnicity="01", religion="catholic")  # fmt: skip
    d = make_member(actor, tree.br1a, "Phạm Thị Dung", sex="F", year=1980, joined=D(2021, 1, 1))
    end_membership(actor=actor, membership=d, on=D(2024, 6, 1), reason="resigned")
    e = make_member(actor, tree.br1a, "Hoàng Văn Em", sex="M", year=1960, joined=D(2019, 1, 1))
    transfer_membership(actor=actor, membership=e, to_unit=tree.br1b, on=D(2024, 3, 1))
    make_member(actor, tree.b1, "Võ Văn Giang", sex="M", year=1975, joined=D(2024, 9, 1))
    make_member(actor, tree.br2a, "Đinh Văn Ngoài", sex="M", year=1990, joined=D(2024, 1, 1))


def stats(client, unit, **params):
    return client.get(reverse("members:stats", args=[unit.pk]), params)


def cells(html, testid):
    row = re.search(rf'data-testid="{re.escape(testid)}">(.*?)</tr>', html, re.S).group(1)
    return [c.strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]


def test_it_counts_by_category_and_sex_with_growth(users, tree, login, data):
    response = stats(login(users.base_viewer), tree.b1, on=ON)
    assert response.status_code == 200
    html = response.content.decode()
    assert cells(html, "cat-member") == ["Hội viên", "3", "1", "4"]
    assert cells(html, "cat-volunteer") == ["Tình nguyện viên", "0", "1", "1"]
    assert cells(html, "cat-total") == ["Cộng", "3", "2", "5"]
    s = response.context["s"]
    assert (s["total"], s["total_year_before"], s["growth_pct"]) == (5, 4, 25.0)
    assert ">+25%<" in html
    assert 'data-testid="unit-tabs"' in html
    assert_no_inline_code(html)


def test_it_counts_fdrs_age_bands_per_category(users, tree, login, data):
    response = stats(login(users.base_viewer), tree.b1, on=ON)
    ctx = response.context
    labels = ctx["band_labels"]
    by_cat = {c["code"]: dict(zip(labels, c["bands"], strict=True)) for c in ctx["categories"]}
    assert {b: n for b, n in by_cat["member"].items() if n} == {
        "30-39": 1, "40-49": 1, "60-69": 1, "70-79": 1,
    }  # fmt: skip
    assert {b: n for b, n in by_cat["volunteer"].items() if n} == {"18-29": 1}
    assert labels[-1] == "Chưa rõ"


def test_it_counts_ethnicity_and_religion_for_a_viewer(users, tree, login, data):
    response = stats(login(users.base_viewer), tree.b1, on=ON)
    ethnicities = {r["name"]: r["n"] for r in response.context["ethnicities"]}
    assert ethnicities == {"Kinh": 2, "Chưa rõ": 3}
    religions = {r["name"]: r["n"] for r in response.context["religions"]}
    assert religions == {"Phật giáo": 1, "Công giáo": 1, "Chưa rõ": 3}
    html = response.content.decode()
    assert "Kinh" in html and "Phật giáo" in html
    assert "Nguyễn Văn An" not in html  # aggregates only, no person


def test_it_counts_joined_and_left_per_year_without_transfers(users, tree, login, data):
    html = stats(login(users.base_viewer), tree.b1, on=ON).content.decode()
    assert cells(html, "year-2024") == ["2024", "2", "1", "+1"]
    assert cells(html, "year-2023") == ["2023", "1", "0", "+1"]
    assert cells(html, "year-2021") == ["2021", "1", "0", "+1"]
    assert cells(html, "year-2020") == ["2020", "1", "0", "+1"]


def test_it_counts_as_of_an_earlier_date(users, tree, login, data):
    response = stats(login(users.base_viewer), tree.b1, on="2023-12-31")
    assert response.context["s"]["total"] == 4
    assert 'value="2023-12-31"' in response.content.decode()


def test_it_defaults_to_today_and_reports_a_bad_date(users, tree, login, data):
    client = login(users.base_viewer)
    assert stats(client, tree.b1).status_code == 200
    bad = stats(client, tree.b1, on="hôm qua")
    assert bad.status_code == 200
    assert "Ngày không hợp lệ" in bad.content.decode()


def test_it_guards_the_statistics_page(users, tree, login, client):
    anonymous = stats(client, tree.b1)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    assert stats(login(users.sibling), tree.b1).status_code == 404
    response = login(users.base_viewer).post(reverse("members:stats", args=[tree.b1.pk]))
    assert response.status_code == 405


# --- cadres ------------------------------------------------------------------------------


def cadre(actor, unit, name, position="branch_head", **kw):
    p = make_person(actor, unit, name, year=1970)
    return appoint_cadre(
        actor=actor, person=p, unit=unit, position=position, started_on=D(2022, 1, 1),
        term="2022-2027", **kw,
    )  # fmt: skip


def cadres(client, unit, **params):
    return client.get(reverse("members:cadres", args=[unit.pk]), params)


@pytest.fixture
def cadre_data(tree, actor):
    cadre(actor, tree.b1, "Lê Thị Chủ Tịch", position="chair",
          uniform_issued_on=D(2022, 2, 1), badge_issued_on=D(2022, 2, 1))  # fmt: skip
    cadre(actor, tree.br1a, "Lê Thị Chi Hội", uniform_issued_on=D(2022, 2, 1))
    cadre(actor, tree.br2a, "Lê Thị Bên Kia")
    from members.services import update_cadre

    gone = cadre(actor, tree.br1b, "Lê Thị Đã Nghỉ")
    update_cadre(actor=actor, cadre=gone, ended_on=D(2023, 1, 1))


def test_it_lists_the_cadres_active_on_a_date_with_the_summary(users, tree, login, cadre_data):
    response = cadres(login(users.base_viewer), tree.b1, on=ON)
    assert response.status_code == 200
    html = response.content.decode()
    rows = [c.person.full_name for c in response.context["page"].object_list]
    assert rows == ["Lê Thị Chủ Tịch", "Lê Thị Chi Hội"]
    assert "1/2 cán bộ đã được cấp đồng phục và huy hiệu" in html
    assert "Chủ tịch" in html and "2022-2027" in html and tree.br1a.name in html
    assert_no_inline_code(html)
    earlier = cadres(login(users.base_viewer), tree.b1, on="2022-06-30")
    assert len(earlier.context["page"].object_list) == 3
    assert "1/3 cán bộ" in earlier.content.decode()


def test_it_counts_issues_made_by_the_date(users, tree, login, cadre_data):
    html = cadres(login(users.base_viewer), tree.b1, on="2022-01-15").content.decode()
    assert "0/3 cán bộ đã được cấp đồng phục và huy hiệu" in html


def test_it_shows_the_add_cadre_button_to_editors_only(users, tree, login, cadre_data):
    new_url = reverse("membership:cadre_new", args=[tree.b1.pk])
    assert new_url in cadres(login(users.base_editor), tree.b1).content.decode()
    assert new_url not in cadres(login(users.base_viewer), tree.b1).content.decode()


def test_it_guards_the_cadre_page(users, tree, login, client):
    anonymous = cadres(client, tree.b1)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    assert cadres(login(users.sibling), tree.b1).status_code == 404
    response = login(users.base_viewer).post(reverse("members:cadres", args=[tree.b1.pk]))
    assert response.status_code == 405
