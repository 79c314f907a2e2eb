"""Factories of the dues tests: members of a branch, receipts, exemptions."""

import datetime

from dues import services
from members.tests.factories import make_member

YEAR = 2025
PAID_ON = datetime.date(2025, 3, 1)


def members(unit, n: int, **kw) -> list:
    return [make_member(None, unit, **kw) for _ in range(n)]


def pay(membership, *, on=PAID_ON, year=YEAR, amount=None, actor=None):
    return services.record_payment(
        actor=actor, membership=membership, year=year, paid_on=on, amount=amount
    )


def exempt(membership, *, on=PAID_ON, year=YEAR, ref="QĐ-01", actor=None):
    return services.grant_exemption(
        actor=actor, membership=membership, year=year, decision_ref=ref, decided_on=on
    )
