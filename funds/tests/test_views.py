import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from funds import selectors, services
from funds.models import Donor, Entry, FundSettings, Pledge

D = datetime.date

# (url name, which object the URL takes, permission needed, methods it answers)
PAGES = [
    ("funds:ledger", "unit", "view", "GET"),
    ("funds:ledger_xlsx", "unit", "view", "GET"),
    ("funds:ledger_pdf", "unit", "view", "GET"),
    ("funds:donors", "unit", "view", "GET"),
    ("funds:pledges", "unit", "view", "GET"),
    ("funds:entry_new", "unit", "edit", "GET"),
    ("funds:donor_new", "unit", "edit", "GET"),
    ("funds:pledge_new", "unit", "edit", "GET"),
    ("funds:transfer", "unit", "manage", "GET"),
    ("funds:close", "unit", "manage", "GET"),
    ("funds:set_public", "unit", "manage", "POST"),
    ("funds:entry_reverse", "entry", "edit", "GET"),
    ("funds:attachment", "entry", "view", "GET"),
    ("funds:donor_edit", "donor", "edit", "GET"),
    ("funds:pledge_end", "pledge", "edit", "GET"),
]


def _url(name, kind, tree, fund):
    obj = {
        "unit": tree.b1,
        "entry": fund.entry,
        "donor": fund.org_donor,
        "pledge": fund.pledge,
    }[kind]
    return reverse(name, args=[obj.pk])


def _call(client, method, url):
    return client.post(url, {"public": "1"}) if method == "POST" else client.get(url)


@pytest.mark.parametrize(("name", "kind", "perm", "method"), PAGES)
def test_it_scopes_every_fund_page(client, login, tree, users, fund, name, kind, perm, method):
    url = _url(name, kind, tree, fund)
    # anonymous: to the login page
    r = _call(client, method, url)
    assert r.status_code == 302 and "login" in r["Location"]
    # a sibling base's manager: the object does not exist
    login(users.sibling)
    assert _call(client, method, url).status_code == 404
    # the role needed, and the one below it
    allowed = {"view": users.base_viewer, "edit": users.base_editor, "manage": users.base_manager}
    lower = {"edit": users.base_viewer, "manage": users.base_editor}
    login(allowed[perm])
    assert _call(client, method, url).status_code in (200, 302)
    if perm in lower:
        login(lower[perm])
        assert _call(client, method, url).status_code == 403
    # a method the page does not answer
    login(users.base_manager)
    assert client.put(url).status_code == 405


def test_it_shows_the_ledger_with_running_and_as_of_balance(login, tree, users, fund):
    services.record_entry(
        actor=users.base_editor, unit=tree.b1, on=D(2025, 2, 1), amount=234_567,
        direction="out", category="relief", note="Hỗ trợ gia đình bị cháy nhà",
    )  # fmt: skip
    client = login(users.base_viewer)
    r = client.get(reverse("funds:ledger", args=[tree.b1.pk]), {"start": "2025-01-01",
                                                                "end": "2025-01-31"})  # fmt: skip
    assert r.status_code == 200
    body = r.content.decode()
    assert "1.500.000 đ" in body and "234.567 đ" not in body
    r = client.get(reverse("funds:ledger", args=[tree.b1.pk]), {"start": "2025-01-01",
                                                                "end": "2025-12-31"})  # fmt: skip
    assert "1.265.433 đ" in r.content.decode()
    # a viewer gets no buttons to write
    assert reverse("funds:entry_new", args=[tree.b1.pk]) not in r.content.decode()


def test_it_records_an_entry_from_the_form(login, tree, users, fund):
    client = login(users.base_editor)
    r = client.post(
        reverse("funds:entry_new", args=[tree.b1.pk]),
        {"on": "2025-03-02", "direction": "in", "category": "fundraising",
         "amount": "2.500.000", "campaign": "Tết nhân ái 2025", "document_number": "PT-002",
         "note": "Đêm văn nghệ gây quỹ", "pledge": "", "donor": str(fund.org_donor.pk)},
    )  # fmt: skip
    assert r.status_code == 302
    e = Entry.objects.get(document_number="PT-002")
    assert (e.amount, e.donor, e.created_by) == (2_500_000, fund.org_donor, users.base_editor)
    assert AuditEvent.objects.filter(action="funds.entry.record", object_id=str(e.pk)).exists()


def test_it_shows_the_refusal_of_a_closed_period_on_the_form(login, tree, users, fund):
    services.close_period(actor=users.base_manager, unit=tree.b1, through=D(2025, 6, 30))
    client = login(users.base_editor)
    r = client.post(
        reverse("funds:entry_new", args=[tree.b1.pk]),
        {"on": "2025-06-30", "direction": "in", "category": "other", "amount": "1000"},
    )
    assert r.status_code == 200
    assert "đã khoá" in r.content.decode()
    assert Entry.objects.count() == 1


def test_it_reverses_an_entry_from_the_page(login, tree, users, fund):
    client = login(users.base_editor)
    r = client.post(
        reverse("funds:entry_reverse", args=[fund.entry.pk]),
        {"on": "2025-02-01", "note": "Ghi nhầm"},
    )
    assert r.status_code == 302
    assert selectors.balance(tree.b1, D(2025, 2, 1)) == 0


def test_it_needs_a_manager_to_reverse_a_transfer(login, tree, users, fund):
    out, _inc = services.transfer_between_units(
        actor=users.base_manager, from_unit=tree.b1, to_unit=tree.p1, amount=100, on=D(2025, 2, 1)
    )
    client = login(users.base_editor)
    url = reverse("funds:entry_reverse", args=[out.pk])
    assert client.get(url).status_code == 403
    client = login(users.base_manager)
    assert client.post(url, {"on": "2025-02-02", "note": "Nhầm"}).status_code == 302
    assert selectors.balance(tree.p1, D(2025, 2, 2)) == 0


def test_it_transfers_only_to_a_unit_above_or_a_child(login, tree, users, fund):
    client = login(users.base_manager)
    url = reverse("funds:transfer", args=[tree.b1.pk])
    r = client.post(url, {"to_unit": tree.b2.pk, "on": "2025-02-01", "amount": "100",
                          "category": "transfer"})  # fmt: skip
    assert r.status_code == 200 and Entry.objects.count() == 1
    r = client.post(url, {"to_unit": tree.p1.pk, "on": "2025-02-01", "amount": "300.000",
                          "category": "transfer"})  # fmt: skip
    assert r.status_code == 302
    assert selectors.balance(tree.p1, D(2025, 2, 1)) == 300_000
    r = client.post(url, {"to_unit": tree.br1a.pk, "on": "2025-02-01", "amount": "1000",
                          "category": "relief"})  # fmt: skip
    assert r.status_code == 302 and selectors.balance(tree.br1a, D(2025, 2, 1)) == 1000


def test_it_closes_the_books_and_switches_the_public_page(login, tree, users, fund):
    client = login(users.base_manager)
    r = client.post(reverse("funds:close", args=[tree.b1.pk]), {"through": "2025-01-31"})
    assert r.status_code == 302
    assert FundSettings.objects.get(unit=tree.b1).closed_through == D(2025, 1, 31)
    r = client.post(reverse("funds:close", args=[tree.b1.pk]), {"through": "2025-01-01"})
    assert r.status_code == 200  # backwards: refused with a message
    client.post(reverse("funds:set_public", args=[tree.b1.pk]), {"public": "1"})
    assert FundSettings.objects.get(unit=tree.b1).public is True
    client.post(reverse("funds:set_public", args=[tree.b1.pk]), {"public": "0"})
    assert FundSettings.objects.get(unit=tree.b1).public is False
    assert AuditEvent.objects.filter(action="funds.public.set").count() == 2


def test_it_adds_donors_of_both_kinds(login, tree, users, fund):
    client = login(users.base_editor)
    url = reverse("funds:donor_new", args=[tree.b1.pk])
    r = client.get(url, {"q": "ngoc"})
    assert "Trần Thị Bích Ngọc" in r.content.decode()
    r = client.post(url, {"kind": "organisation", "name": "Chi bộ thôn 3",
                          "organisation_kind": "party_cell"})  # fmt: skip
    assert r.status_code == 302
    assert Donor.objects.filter(name="Chi bộ thôn 3", organisation_kind="party_cell").exists()
    # the same person twice in one unit: refused
    r = client.post(url, {"kind": "person", "person": fund.person.pk})
    assert r.status_code == 200 and Donor.objects.filter(person=fund.person).count() == 1
    # a person outside the user's scope cannot be picked
    client = login(users.sibling)
    r = client.post(reverse("funds:donor_new", args=[tree.b2.pk]),
                    {"kind": "person", "person": fund.person.pk})  # fmt: skip
    assert r.status_code == 200 and Donor.objects.filter(person=fund.person).count() == 1


def test_it_records_and_ends_a_pledge(login, tree, users, fund):
    client = login(users.base_editor)
    r = client.post(
        reverse("funds:pledge_new", args=[tree.b1.pk]),
        {"donor": fund.org_donor.pk, "amount": "5.000.000", "frequency": "one_off",
         "start": "2025-03-01"},
    )  # fmt: skip
    assert r.status_code == 302
    assert Pledge.objects.filter(donor=fund.org_donor, amount=5_000_000).exists()
    r = client.post(reverse("funds:pledge_end", args=[fund.pledge.pk]), {"end": "2025-06-30"})
    assert r.status_code == 302
    fund.pledge.refresh_from_db()
    assert fund.pledge.end == D(2025, 6, 30)
    r = client.get(reverse("funds:pledges", args=[tree.b1.pk]), {"end": "2025-03-31"})
    body = r.content.decode()
    assert "600.000 đ" in body and "1.500.000 đ" in body  # expected 3 months, received


def test_it_downloads_the_ledger_statement(login, tree, users, fund):
    client = login(users.base_viewer)
    r = client.get(reverse("funds:ledger_pdf", args=[tree.b1.pk]),
                   {"start": "2025-01-01", "end": "2025-12-31"})  # fmt: skip
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    r = client.get(reverse("funds:ledger_xlsx", args=[tree.b1.pk]),
                   {"start": "2025-01-01", "end": "2025-12-31"})  # fmt: skip
    assert r.status_code == 200 and r.content.startswith(b"PK")
    assert "so-quy-nhan-dao_" in r["Content-Disposition"]
    assert AuditEvent.objects.filter(action="funds.export").count() == 2
    r = client.get(reverse("funds:ledger_xlsx", args=[tree.b1.pk]), {"end": "not-a-date"})
    assert r.status_code == 404


def test_it_serves_the_attachment_in_scope(login, tree, users, fund):
    r = login(users.base_viewer).get(reverse("funds:attachment", args=[fund.entry.pk]))
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == b"%PDF-1.4 test"


def test_it_keeps_list_pages_to_a_fixed_number_of_queries(login, tree, users, fund):
    client = login(users.base_manager)
    urls = [
        reverse("funds:ledger", args=[tree.b1.pk]) + "?start=2025-01-01&end=2025-12-31",
        reverse("funds:donors", args=[tree.b1.pk]),
        reverse("funds:pledges", args=[tree.b1.pk]),
    ]
    counts = []
    for _round in range(2):
        for i in range(5):
            services.record_entry(
                actor=users.base_manager, unit=tree.b1, on=D(2025, 3, 1 + i), amount=1000,
                direction="out", category="relief", counterparty_unit=tree.br1a,
                donor=fund.org_donor,
            )  # fmt: skip
        services.create_donor(
            actor=users.base_manager, unit=tree.b1, kind="organisation",
            name=f"Hợp tác xã {_round}", organisation_kind="company",
        )  # fmt: skip
        with CaptureQueriesContext(connection) as ctx:
            for url in urls:
                assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
