"""One source of truth for a fund's balance: after any mix of dues receipts, cancellations,
remittances and fund entries, the dashboard, the ledger page, the PDF statement and the public page
show the same balance for every unit, in both funds; dues never go into the humanitarian fund and
no branch's dues fund goes below zero.

What a person sees is read: the dashboard's card, the ledger page's figures, the PDF's text
(pdfplumber), the public page's figures."""

import contextlib
import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dues import services as dues_services
from dues.models import DuesPayment
from funds import selectors, services
from funds.models import Category, Direction, FundKind
from indicators import figures
from members.tests.factories import make_member
from members.tests.pdf_pages import pdf_text
from org.models import Unit

TODAY = timezone.localdate()
YEAR = TODAY.year
START = datetime.date(YEAR, 1, 1)
DAYS = (TODAY - START).days

_MONEY = r"(-?[\d.]+) đ"


def _amount(text: str) -> int:
    return int(text.replace(".", ""))


def _testid(html: str, testid: str) -> int | None:
    m = re.search(rf'data-testid="{testid}"[^>]*>\s*{_MONEY}', html)
    return None if m is None else _amount(m.group(1))


def _card(html: str, code: str) -> int:
    m = re.search(
        rf'data-testid="card-{code}".*?<div class="fs-5 fw-semibold">{_MONEY}</div>', html, re.S
    )
    assert m is not None, code
    return _amount(m.group(1))


def _pdf_balances(content: bytes) -> tuple[int, int | None]:
    text = "\n".join(pdf_text(content))
    closing = re.search(r"Số dư cuối kỳ\s+(-?[\d.]+)", text)
    subtree = re.search(r"cả các đơn vị trực thuộc đến ngày \d\d/\d\d/\d{4}:\s*" + _MONEY, text)
    assert closing is not None, text
    return _amount(closing.group(1)), (None if subtree is None else _amount(subtree.group(1)))


def _seen(client, unit: Unit, kind: str) -> dict[str, int | None]:
    """Every balance of ``unit``'s ``kind`` fund a person sees, by where they see it."""
    q = {"start": START.isoformat(), "end": TODAY.isoformat(), "fund": kind}
    dash = client.get(reverse("indicators:dashboard", args=[unit.pk]), {"year": YEAR})
    ledger = client.get(reverse("funds:ledger", args=[unit.pk]), q).content.decode()
    pdf = client.get(reverse("funds:ledger_pdf", args=[unit.pk]), q)
    assert pdf.status_code == 200
    pdf_own, pdf_subtree = _pdf_balances(pdf.content)
    card = "fund_balance" if kind == FundKind.HUMANITARIAN else "dues_fund_balance"
    seen = {
        "dashboard": _card(dash.content.decode(), card),
        "ledger": _testid(ledger, "fund-balance"),
        "ledger_subtree": _testid(ledger, "fund-subtree-balance"),
        "pdf": pdf_own,
        "pdf_subtree": pdf_subtree,
    }
    if kind == FundKind.HUMANITARIAN:
        public = client.get(reverse("funds:public", args=[unit.pk]), {"year": YEAR})
        seen["public"] = _testid(public.content.decode(), "public-balance")
        seen["public_subtree"] = _testid(public.content.decode(), "public-subtree-balance")
    return seen


def _check(client, unit: Unit, kind: str) -> None:
    seen = _seen(client, unit, kind)
    own = selectors.fund_balance(unit, TODAY, kind=kind)
    whole = selectors.fund_balance(unit, TODAY, kind=kind, subtree=True)
    where = f"{unit.name}, {kind}: {seen}"
    assert seen["ledger"] == seen["pdf"] == own, where
    if kind == FundKind.HUMANITARIAN:
        assert seen["public"] == own, where
    if selectors.has_subunits(unit):
        # The dashboard adds up the units below: so do the ledger page, statement, public page.
        assert seen["ledger_subtree"] == seen["pdf_subtree"] == whole == seen["dashboard"], where
        if kind == FundKind.HUMANITARIAN:
            assert seen["public_subtree"] == whole, where
    else:
        assert seen["ledger_subtree"] is seen["pdf_subtree"] is None, where
        assert seen["dashboard"] == own, where


day = st.integers(min_value=0, max_value=DAYS).map(lambda n: START + datetime.timedelta(days=n))
op = st.one_of(
    st.tuples(st.just("pay"), st.integers(0, 11), day),
    st.tuples(st.just("cancel"), st.integers(0, 20)),
    st.tuples(st.just("remit"), st.sampled_from(["br1a", "br1b", "br2a", "b1", "b2"]),
              st.integers(1, 30_000), day),
    st.tuples(st.just("entry"), st.sampled_from(["b1", "br1a", "b2", "p1"]),
              st.sampled_from([Direction.IN, Direction.OUT]), st.integers(1, 3_000_000), day),
    st.tuples(st.just("transfer"), st.integers(1, 1_000_000), day),
)  # fmt: skip


def _apply(tree, people, step) -> None:
    kind, *args = step
    with transaction.atomic():  # a refused step leaves nothing behind
        if kind == "pay":
            n, on = args
            dues_services.record_payment(actor=None, membership=people[n], year=YEAR, paid_on=on)
        elif kind == "cancel":
            live = list(DuesPayment.objects.live().order_by("pk"))
            if live:
                dues_services.cancel_payment(
                    actor=None, payment=live[args[0] % len(live)], reason="Ghi nhầm"
                )
        elif kind == "remit":
            name, amount, on = args
            dues_services.remit_dues(
                actor=None, unit=getattr(tree, name), year=YEAR, amount=amount, on=on
            )
        elif kind == "entry":
            name, direction, amount, on = args
            services.record_entry(
                actor=None, unit=getattr(tree, name), on=on, amount=amount, direction=direction,
                category=Category.DONATION if direction == Direction.IN else Category.RELIEF,
            )  # fmt: skip
        else:
            amount, on = args
            services.transfer_between_units(
                actor=None, from_unit=tree.b1, to_unit=tree.br1a, amount=amount, on=on
            )


@pytest.mark.django_db
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(op, min_size=1, max_size=14))
def test_every_page_and_statement_shows_the_one_balance(tree, users, login, steps):
    with transaction.atomic():
        people = [
            make_member(None, unit, joined=START)
            for unit in (tree.br1a, tree.br1b, tree.br2a, tree.b1)
            for _i in range(3)
        ]
        for unit in Unit.objects.all():
            services.set_public(actor=None, unit=unit, public=True)
        for step in steps:
            # refused steps (e.g. a remittance the dues fund does not hold) leave nothing
            with contextlib.suppress(ValidationError):
                _apply(tree, people, step)
        figures.refresh_all()
        client = login(users.central_admin)
        for unit in Unit.objects.order_by("path"):
            for kind in FundKind.values:
                _check(client, unit, kind)
            dues = selectors.fund_balance(unit, TODAY, kind=FundKind.DUES)
            assert dues >= 0, unit.name  # never below zero from dues alone
        # Dues money never reaches a humanitarian fund.
        assert not selectors.in_fund(FundKind.HUMANITARIAN).filter(dues_year__isnull=False)
        transaction.set_rollback(True)
