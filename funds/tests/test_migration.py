"""Books kept before funds were data: the migration puts dues money into the dues fund, the rest
into the humanitarian fund, and books the live receipts collected before into the collecting
unit's dues fund, so a branch that had sent its share up is no longer below zero."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

D = datetime.date
BEFORE = [("funds", "0001_initial"), ("dues", "0002_rate_indexes")]


def _migrate(targets=None):
    """To ``targets``, or to the latest migration of every app (what the other tests expect)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_it_moves_dues_money_into_the_dues_fund_and_books_the_receipts(tree):
    apps = _migrate(BEFORE)
    Entry = apps.get_model("funds", "Entry")
    Payment = apps.get_model("dues", "DuesPayment")
    Person = apps.get_model("people", "Person")
    Membership = apps.get_model("members", "Membership")
    br, base = tree.br1a.pk, tree.b1.pk
    donation = Entry.objects.create(unit_id=base, on=D(2025, 1, 5), amount=3_510_800,
                                    direction="in", category="donation")  # fmt: skip
    sent = Entry.objects.create(unit_id=br, on=D(2025, 6, 1), amount=18_000, direction="out",
                                category="transfer", dues_year=2025, counterparty_unit_id=base)  # fmt: skip
    got = Entry.objects.create(unit_id=base, on=D(2025, 6, 1), amount=18_000, direction="in",
                               category="transfer", dues_year=2025, counterparty_unit_id=br)  # fmt: skip
    share = Entry.objects.create(unit_id=base, on=D(2025, 6, 2), amount=500, direction="out",
                                 category="dues_share")  # fmt: skip
    payments = []
    for i in range(4):
        person = Person.objects.create(
            full_name=f"Hội viên {i}", sex="F", birth_year=1980, unit_id=br
        )
        m = Membership.objects.create(person=person, unit_id=br, unit_path=tree.br1a.path,
                                      category="member", joined_on=D(2020, 1, 1))  # fmt: skip
        payments.append(Payment.objects.create(
            membership=m, person=person, unit_id=br, unit_path=tree.br1a.path, base_id=base,
            year=2025, amount=12_000, paid_on=D(2025, 3, 1), receipt_no=i + 1,
            cancelled_at=None if i else datetime.datetime(2025, 4, 1, tzinfo=datetime.UTC),
            cancel_reason="" if i else "Ghi nhầm",
        ))  # fmt: skip

    apps = _migrate()
    Entry = apps.get_model("funds", "Entry")

    def kind(pk):
        return Entry.objects.get(pk=pk).fund.kind

    assert kind(donation.pk) == "humanitarian"
    assert kind(sent.pk) == kind(got.pk) == kind(share.pk) == "dues"
    booked = Entry.objects.filter(category="dues").order_by("document_number")
    # The three live receipts, not the cancelled one, each a line of the branch's dues fund.
    assert [(e.unit_id, e.amount, e.document_number, e.dues_payment_id) for e in booked] == [
        (br, 12_000, f"2025-{i + 1:05d}", payments[i].pk) for i in (1, 2, 3)
    ]
    assert {e.fund.unit_id for e in booked} == {br}

    from funds.selectors import fund_balance

    assert fund_balance(tree.br1a, D(2025, 12, 31), kind="dues") == 36_000 - 18_000
    assert fund_balance(tree.b1, D(2025, 12, 31)) == 3_510_800
    assert fund_balance(tree.b1, D(2025, 12, 31), subtree=True) == 3_510_800
