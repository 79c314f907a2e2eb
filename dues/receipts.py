"""Reads of receipts for documents: what the member book writes in its "Hội phí" columns, and the
receipts a user may print (see :mod:`dues.receipts_pdf` for the printed biên lai)."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from org.models import Unit

from .models import DuesExemption, DuesPayment


@dataclass(frozen=True)
class BookDues:
    """A member's dues for the book's year, as the book writes them: the amount (or "exempt")
    under the quarter of the day it was paid (or decided)."""

    quarter: int  # 0–3
    amount: int | None  # None: exempt
    on: datetime.date


def quarter_of(day: datetime.date, year: int) -> int:
    """The quarter (0–3) of ``year`` a day falls in; paid ahead in an earlier year: the first,
    paid late in a later year: the last."""
    if day.year < year:
        return 0
    if day.year > year:
        return 3
    return (day.month - 1) // 3


def book_dues(person_ids: QuerySet, year: int, on: datetime.date) -> dict[int, BookDues]:
    """{person id: dues of ``year`` as of ``on``} for the persons of ``person_ids`` (a queryset
    of ids, used as a subquery): a receipt paid on or before ``on`` and never cancelled, else an
    exemption decided on or before ``on`` and not revoked (the status rules of
    :mod:`dues.selectors`). Two queries whatever the size."""
    out: dict[int, BookDues] = {}
    exempt = (
        DuesExemption.objects.live()
        .filter(person_id__in=person_ids, year=year, decided_on__lte=on)
        .values_list("person_id", "decided_on")
    )
    for person_id, decided_on in exempt:
        out[person_id] = BookDues(quarter_of(decided_on, year), None, decided_on)
    paid = (
        DuesPayment.objects.live()
        .filter(person_id__in=person_ids, year=year, paid_on__lte=on)
        .values_list("person_id", "paid_on", "amount")
    )
    for person_id, paid_on, amount in paid:  # a receipt outweighs an exemption
        out[person_id] = BookDues(quarter_of(paid_on, year), amount, paid_on)
    return out


def receipts_for_user(user, unit: Unit, ids: list[int]) -> list[DuesPayment]:
    """The receipts ``ids``, all collected in ``unit``'s subtree and visible to ``user``; any
    other id is a 404 (a link nobody made for this user)."""
    found = list(
        DuesPayment.objects.visible_to(user)
        .filter(pk__in=ids, unit_path__startswith=unit.path)
        .select_related("person", "unit", "base", "membership", "created_by", "cancelled_by")
        .order_by("base_id", "year", "receipt_no")
    )
    if not ids or len(found) != len(set(ids)):
        raise Http404
    return found
