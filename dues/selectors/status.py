"""A member's status for a year (paid, exempt, unpaid), the tick-list, receipts and exemptions."""

import datetime
from dataclasses import dataclass

from django.http import Http404

from members.models import Membership
from org.models import Unit

from ..models import (
    DuesExemption,
    DuesPayment,
)
from .policy import must_pay

# --- tick-list -----------------------------------------------------------------------------------

PAID, EXEMPT, UNPAID = "paid", "exempt", "unpaid"


@dataclass
class TickRow:
    membership: Membership
    status: str
    payment: DuesPayment | None = None
    exemption: DuesExemption | None = None


def ticklist(unit: Unit, year: int, on: datetime.date) -> list[TickRow]:
    """Every member of ``unit``'s subtree active on ``on`` who must pay, with their status for
    ``year`` as of ``on``; three queries whatever the size."""
    members = list(
        must_pay(unit, year, on).select_related("person", "unit").order_by("sort_key", "pk")
    )
    persons = [m.person_id for m in members]
    payments = {
        p.person_id: p
        for p in DuesPayment.objects.live().filter(
            person_id__in=persons, year=year, paid_on__lte=on
        )
    }
    exemptions = {
        e.person_id: e
        for e in DuesExemption.objects.live().filter(
            person_id__in=persons, year=year, decided_on__lte=on
        )
    }
    rows = []
    for m in members:
        p, e = payments.get(m.person_id), exemptions.get(m.person_id)
        status = PAID if p else EXEMPT if e else UNPAID
        rows.append(TickRow(m, status, p, e))
    return rows


def status_of(membership: Membership, year: int, on: datetime.date) -> str:
    paid = DuesPayment.objects.live().filter(
        person_id=membership.person_id, year=year, paid_on__lte=on
    )
    if paid.exists():
        return PAID
    exempt = DuesExemption.objects.live().filter(
        person_id=membership.person_id, year=year, decided_on__lte=on
    )
    return EXEMPT if exempt.exists() else UNPAID


# --- single objects ----------------------------------------------------------------------------


def get_payment_for_user(user, pk, perm: str = "view") -> DuesPayment:
    try:
        return (
            DuesPayment.objects.visible_to(user, perm)
            .select_related("person", "unit", "base", "membership")
            .get(pk=pk)
        )
    except (DuesPayment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_exemption_for_user(user, pk, perm: str = "view") -> DuesExemption:
    try:
        return (
            DuesExemption.objects.visible_to(user, perm)
            .select_related("person", "unit", "base", "membership")
            .get(pk=pk)
        )
    except (DuesExemption.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def payments(unit: Unit, year: int):
    """Receipts collected in ``unit``'s subtree for ``year``, cancelled ones included."""
    return (
        DuesPayment.objects.filter(unit_path__startswith=unit.path, year=year)
        .select_related("person", "unit", "cancelled_by")
        .order_by("-paid_on", "-receipt_no", "-pk")
    )


def exemptions(unit: Unit, year: int):
    return (
        DuesExemption.objects.filter(unit_path__startswith=unit.path, year=year)
        .select_related("person", "unit", "revoked_by", "decided_by")
        .order_by("-decided_on", "-pk")
    )
