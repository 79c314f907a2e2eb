"""A branch head ticking members on the dues tick-list sees their unit's dues fund at a glance:
the same balance the dues fund's ledger page shows (funds.selectors, the one source of truth),
linking to that ledger."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dues import services as dues_services
from dues.models import DuesPayment
from funds import selectors
from funds.models import FundKind
from members.tests.factories import make_member

pytestmark = pytest.mark.django_db


def _money(html: str, testid: str) -> int:
    m = re.search(rf'data-testid="{testid}".*?(-?[\d.]+) đ', html, re.S)
    assert m is not None, testid
    return int(m.group(1).replace(".", ""))


def test_the_tick_list_shows_the_dues_fund_the_ledger_shows(client, login, tree, make_user):
    today = timezone.localdate()
    head = make_user("chi_hoi_1", tree.br1a, "editor")
    members = [make_member(None, tree.br1a, f"Hội viên {i}", joined=datetime.date(2020, 1, 1))
               for i in range(4)]  # fmt: skip
    for m in members:
        dues_services.record_payment(actor=None, membership=m, year=today.year, paid_on=today)
    dues_services.cancel_payment(actor=None, reason="Ghi nhầm người",
                                 payment=DuesPayment.objects.get(membership=members[3]))  # fmt: skip
    dues_services.remit_dues(actor=None, unit=tree.br1a, year=today.year, amount=10_000, on=today)
    expected = selectors.fund_balance(tree.br1a, today, kind=FundKind.DUES)
    assert expected > 0

    login(head)
    page = client.get(reverse("dues:ticklist", args=[tree.br1a.pk])).content.decode()
    ledger_url = reverse("funds:ledger", args=[tree.br1a.pk]) + "?fund=dues"
    glance = re.search(r'<a [^>]*data-testid="tick-dues-fund"[^>]*>', page)
    assert glance is not None and f'href="{ledger_url}"' in glance.group(0)
    shown = _money(page, "tick-dues-fund")
    ledger = client.get(ledger_url).content.decode()
    assert shown == _money(ledger, "fund-balance") == expected
