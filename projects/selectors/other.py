"""Reads of houses, capital groups and events: single objects in scope (404 outside), lists of
a unit and the units below it, group balances for many groups at once."""

import datetime

from django.db.models import Q, Sum
from django.http import Http404
from django.utils import timezone

from accounts.access import has_perm_on
from org.models import Unit

from ..models import (
    CapitalGroup,
    Contribution,
    Event,
    House,
    HouseSupport,
    Loan,
    Repayment,
    Tranche,
)  # fmt: skip


def _get(qs, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_house_for_user(user, pk, perm: str = "view") -> House:
    return _get(House.objects.visible_to(user, perm).select_related("unit", "household__person"), pk)  # fmt: skip


def get_tranche_for_user(user, pk, perm: str = "view") -> Tranche:
    from accounts.access import scope_q

    return _get(Tranche.objects.filter(scope_q(user, "house__unit__path", perm)).select_related("house__unit"), pk)  # fmt: skip


def get_group_for_user(user, pk, perm: str = "view") -> CapitalGroup:
    return _get(CapitalGroup.objects.visible_to(user, perm).select_related("unit"), pk)


def get_loan_for_user(user, pk, perm: str = "view") -> Loan:
    from accounts.access import scope_q

    return _get(Loan.objects.filter(scope_q(user, "group__unit__path", perm)).select_related("group__unit", "member__person"), pk)  # fmt: skip


def get_event_for_user(user, pk, perm: str = "view") -> Event:
    return _get(Event.objects.visible_to(user, perm).select_related("unit"), pk)


def can_see_sensitive(user, unit: Unit) -> bool:
    """Who may see the people served, the house files: editors of the record's unit."""
    return has_perm_on(user, unit, "edit")


def houses_of(user, unit: Unit, status: str = ""):
    qs = House.objects.visible_to(user).filter(unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("household__person", "unit")


def house_supports(houses) -> dict[int, int]:
    ids = [h.pk for h in houses]
    rows = HouseSupport.objects.filter(house_id__in=ids).values_list("house_id").annotate(s=Sum("amount"))  # fmt: skip
    return dict(rows)


def groups_of(user, unit: Unit):
    return CapitalGroup.objects.visible_to(user).filter(unit__path__startswith=unit.path).select_related("unit")  # fmt: skip


def events_of(user, unit: Unit, kind: str = ""):
    qs = Event.objects.visible_to(user).filter(unit__path__startswith=unit.path)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("unit").prefetch_related("values")


def group_balances(groups, today: datetime.date | None = None) -> dict[int, dict[str, int]]:
    """Per group: contributed, lent, repaid, in hand, outstanding, overdue (loans past due,
    what is still owed on them). Four queries whatever the number of groups."""
    today = today or timezone.localdate()
    ids = [g.pk for g in groups]
    keys = ("contributed", "lent", "repaid", "outstanding", "overdue", "overdue_loans")
    out: dict[int, dict[str, int]] = {gid: dict.fromkeys(keys, 0) for gid in ids}
    live = Q(cancelled_at__isnull=True)
    for gid, s in Contribution.objects.filter(live, group_id__in=ids).values_list("group_id").annotate(s=Sum("amount")):  # fmt: skip
        out[gid]["contributed"] = s
    loans = {
        pk: (gid, amount, due)
        for pk, gid, amount, due in Loan.objects.filter(live, group_id__in=ids).values_list(
            "pk", "group_id", "amount", "due"
        )  # fmt: skip
    }
    paid = dict(
        Repayment.objects.filter(live, loan_id__in=list(loans))
        .values_list("loan_id")
        .annotate(s=Sum("amount"))  # fmt: skip
    )
    for pk, (gid, amount, due) in loans.items():
        owed = amount - paid.get(pk, 0)
        out[gid]["lent"] += amount
        out[gid]["repaid"] += paid.get(pk, 0)
        out[gid]["outstanding"] += owed
        if due < today and owed > 0:
            out[gid]["overdue"] += owed
            out[gid]["overdue_loans"] += 1
    for gid in ids:
        d = out[gid]
        d["in_hand"] = d["contributed"] - d["lent"] + d["repaid"]
    return out


GROUP_ENTRIES = {"contribution": Contribution, "loan": Loan, "repayment": Repayment}


def group_entry(group, kind: str, pk: int):
    """A contribution, loan or repayment (``kind``) of ``group``, else 404."""
    model = GROUP_ENTRIES.get(kind)
    if model is None:
        raise Http404
    found = model._default_manager.filter(pk=pk, **{"loan__group" if model is Repayment else "group": group}).first()  # fmt: skip
    if found is None:
        raise Http404
    return found
