import datetime

import pytest
from django.urls import reverse

from core.models import AuditEvent
from dues import services
from dues.models import DuesExemption, DuesPayment, DuesPolicy

from .factories import YEAR, exempt, members, pay

# Pages any role in scope may read (a viewer included).
READ_PAGES = [
    "home",
    "payments",
    "exemptions",
    "policy",
    "remittance",
    "remittance_xlsx",
    "remittance_pdf",
]


@pytest.fixture
def data(tree):
    ms = members(tree.br1a, 10)
    p = pay(ms[0])
    e = exempt(ms[1])
    return {"ms": ms, "payment": p, "exemption": e}


def unit_url(name, tree, **q):
    url = reverse(f"dues:{name}", args=[tree.br1a.pk])
    return url + "?year=2025" + "".join(f"&{k}={v}" for k, v in q.items())


@pytest.mark.parametrize("name", READ_PAGES)
def test_it_shows_read_pages_to_a_viewer_and_hides_them_from_others(
    name, tree, users, data, client, login
):
    url = unit_url(name, tree)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    login(users.base_viewer)
    assert client.get(url).status_code == 200
    assert client.delete(url).status_code == 405
    login(users.sibling)
    assert client.get(url).status_code == 404
    login(users.nobody)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        lambda t, d: unit_url("ticklist", t),
        lambda t, d: unit_url("payment_new", t, membership=d["ms"][2].pk),
        lambda t, d: reverse("dues:payment_cancel", args=[d["payment"].pk]),
    ],
    ids=["ticklist", "payment_new", "payment_cancel"],
)
def test_it_scopes_the_collection_pages(url, tree, users, data, client, login):
    u = url(tree, data)
    assert client.get(u).status_code == 302
    login(users.base_editor)
    assert client.get(u).status_code == 200
    assert client.put(u).status_code == 405
    login(users.base_viewer)
    assert client.get(u).status_code == 403
    assert client.post(u, {}).status_code == 403
    login(users.sibling)
    assert client.get(u).status_code == 404
    assert client.post(u, {}).status_code == 404


def test_it_scopes_the_revoke_page(tree, users, data, client, login):
    u = reverse("dues:exemption_revoke", args=[data["exemption"].pk])
    assert client.get(u).status_code == 302
    login(users.base_manager)
    assert client.get(u).status_code == 200
    assert client.put(u).status_code == 405
    login(users.base_editor)
    assert client.get(u).status_code == 403
    login(users.sibling)
    assert client.get(u).status_code == 404


def test_it_records_a_ticklist_in_one_post(tree, users, data, client, login):
    login(users.base_editor)
    url = reverse("dues:ticklist", args=[tree.br1a.pk])
    page = client.get(url + "?year=2025")
    rows = page.context["rows"]
    assert len(rows) == 10
    assert {r.status for r in rows} == {"paid", "exempt", "unpaid"}
    assert page.content.decode().count('name="ids"') == 8  # only the unpaid can be ticked
    ticked = [m.pk for m in data["ms"][2:7]]
    r = client.post(
        url,
        {"year": "2025", "paid_on": "2025-04-02", "amount": "12000", "note": "", "ids": ticked},
    )
    assert r.status_code == 302
    assert DuesPayment.objects.live().filter(year=YEAR).count() == 6
    assert set(
        DuesPayment.objects.filter(paid_on=datetime.date(2025, 4, 2)).values_list(
            "membership", flat=True
        )
    ) == set(ticked)
    assert AuditEvent.objects.filter(action="dues.ticklist.record").get().data["count"] == 5
    page = client.get(url + "?year=2025")
    assert sum(1 for r in page.context["rows"] if r.status == "paid") == 6
    assert "Đã đóng 12.000 đ ngày 02/04/2025" in page.content.decode()


def test_it_404s_a_ticklist_naming_someone_outside_the_unit(tree, users, data, client, login):
    (other,) = members(tree.br2a, 1)
    login(users.base_editor)
    url = reverse("dues:ticklist", args=[tree.br1a.pk])
    r = client.post(
        url, {"year": "2025", "paid_on": "2025-04-02", "amount": "12000", "ids": [other.pk]}
    )
    assert r.status_code == 404
    assert DuesPayment.objects.count() == 1


def test_it_shows_refusals_on_the_ticklist(tree, users, data, client, login):
    login(users.base_editor)
    url = reverse("dues:ticklist", args=[tree.br1a.pk])
    r = client.post(
        url, {"year": "2025", "paid_on": "2025-04-02", "amount": "12000", "ids": [data["ms"][0].pk]}
    )
    assert r.status_code == 200
    assert "đã đóng hội phí năm 2025" in r.content.decode()


def test_it_cancels_a_receipt_with_a_reason(tree, users, data, client, login):
    login(users.base_editor)
    u = reverse("dues:payment_cancel", args=[data["payment"].pk])
    assert client.post(u, {"reason": ""}).status_code == 200
    assert client.post(u, {"reason": "Thu nhầm"}).status_code == 302
    p = DuesPayment.objects.get(pk=data["payment"].pk)
    assert p.cancelled_by == users.base_editor and p.cancel_reason == "Thu nhầm"


def test_it_records_a_single_payment(tree, users, data, client, login):
    login(users.base_editor)
    m = data["ms"][3]
    u = unit_url("payment_new", tree, membership=m.pk)
    r = client.post(u, {"year": "2025", "paid_on": "2025-05-05", "amount": "15000"})
    assert r.status_code == 302
    assert DuesPayment.objects.get(membership=m).amount == 15_000


def test_it_lets_the_base_manager_grant_exemptions(tree, users, data, client, login):
    u = unit_url("exemptions", tree)
    login(users.base_editor)
    r = client.post(
        u,
        {
            "membership": data["ms"][5].pk,
            "year": 2025,
            "decision_ref": "1",
            "decided_on": "2025-05-01",
        },
    )
    assert r.status_code == 403
    login(users.base_manager)
    r = client.post(
        u,
        {
            "membership": data["ms"][5].pk,
            "year": 2025,
            "decision_ref": "QĐ 2",
            "decided_on": "2025-05-01",
        },
    )
    assert r.status_code == 200  # cap of 10 members is 1, already used
    assert "tối đa 1" in r.content.decode()
    services.revoke_exemption(actor=None, exemption=data["exemption"], reason="Sai")
    r = client.post(
        u,
        {
            "membership": data["ms"][5].pk,
            "year": 2025,
            "decision_ref": "QĐ 2",
            "decided_on": "2025-05-01",
        },
    )
    assert r.status_code == 302
    assert DuesExemption.objects.live().get().membership == data["ms"][5]


def test_it_lets_only_a_province_manager_edit_the_policy(tree, users, client, login):
    form = {
        "amount": "20000",
        "categories": ["member"],
        "exemption_cap_pct": "5",
        "share_branch": "40",
        "share_base": "40",
        "share_above": "20",
        "receiving_level": "province",
    }
    base_url = reverse("dues:policy", args=[tree.b1.pk]) + "?year=2025"
    login(users.base_manager)
    assert client.post(base_url, form).status_code == 403
    login(users.province_manager)
    url = reverse("dues:policy", args=[tree.p1.pk]) + "?year=2025"
    assert client.post(url, form).status_code == 302
    assert DuesPolicy.objects.get(unit=tree.p1, year=2025).amount == 20_000
    page = client.get(base_url)
    assert "20.000 đ" in page.content.decode()
    login(users.other_province)
    assert client.post(url, form).status_code == 404


def test_it_shows_rates_by_child_unit(tree, users, data, client, login):
    login(users.province_manager)
    r = client.get(reverse("dues:home", args=[tree.p1.pk]) + "?year=2025&on=2025-12-31")
    assert r.status_code == 200
    total = r.context["total"]
    assert (total.paid, total.due) == (1, 9)
    assert "11,1%" in r.content.decode()


def test_it_downloads_the_statement(tree, users, data, client, login):
    login(users.base_manager)
    r = client.get(reverse("dues:remittance_xlsx", args=[tree.b1.pk]) + "?year=2025")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = client.get(reverse("dues:remittance_pdf", args=[tree.b1.pk]) + "?year=2025")
    assert r.status_code == 200 and r.content[:4] == b"%PDF"
    assert AuditEvent.objects.filter(action="dues.remittance.export").count() == 2


def test_it_adds_a_dues_tab(tree, users, client, login):
    login(users.base_viewer)
    r = client.get(reverse("org:unit", args=[tree.b1.pk]))
    assert reverse("dues:home", args=[tree.b1.pk]) in r.content.decode()
