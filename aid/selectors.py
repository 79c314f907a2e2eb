"""Reads of the aid app, from the user's scope: single objects (404 outside it), a unit's
beneficiaries and addresses, overdue reviews, lapsed sponsorships, campaign progress per unit and
the totals rolling up the tree; the sensitive data of a beneficiary (shown to editors, logged)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone

from accounts.access import has_perm_on, scope_q
from funds.selectors import expected
from org.models import Unit
from people.services import log_sensitive_view

from .models import (
    Address,
    AddressStatus,
    Assistance,
    Beneficiary,
    Campaign,
    Delivery,
    ListStatus,
    Recipient,
    RecipientList,
    Sponsorship,
)


def _get(qs, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_beneficiary_for_user(user, pk, perm: str = "view") -> Beneficiary:
    return _get(Beneficiary.objects.visible_to(user, perm).select_related("person", "unit"), pk)


def get_address_for_user(user, pk, perm: str = "view") -> Address:
    qs = Address.objects.visible_to(user, perm).select_related("beneficiary__person", "unit")
    return _get(qs, pk)


def get_assistance_for_user(user, pk, perm: str = "view") -> Assistance:
    return _get(Assistance.objects.visible_to(user, perm).select_related("person", "unit"), pk)


def get_campaign_for_user(user, pk) -> Campaign:
    """A campaign organised in the user's scope, or one a unit of the scope takes part in."""
    part = Campaign.objects.filter(scope_q(user, "units__unit__path")).values("pk")
    qs = Campaign.objects.filter(Q(pk__in=part) | scope_q(user, "unit__path"))
    return _get(qs.select_related("unit"), pk)


def get_list_for_user(user, pk, perm: str = "view") -> RecipientList:
    qs = RecipientList.objects.visible_to(user, perm).select_related("campaign", "unit")
    return _get(qs, pk)


def get_recipient_for_user(user, pk, perm: str = "view") -> Recipient:
    return _get(Recipient.objects.visible_to(user, perm).select_related("list", "unit"), pk)


def get_sponsorship_for_user(user, pk) -> Sponsorship:
    qs = Sponsorship.objects.filter(scope_q(user, "address__unit__path"))
    return _get(qs.select_related("address__unit", "donor", "pledge"), pk)


# --- sensitive data ----------------------------------------------------------------------------


def can_see_sensitive(user, beneficiary: Beneficiary) -> bool:
    """Categories, health and income: for those who edit the beneficiary's unit."""
    return has_perm_on(user, beneficiary.unit, "edit")


@dataclass(frozen=True)
class Sensitive:
    categories: list[str]
    health: str
    income: str


def reveal(user, beneficiary: Beneficiary) -> Sensitive | None:
    """The sensitive data as shown to ``user`` (None for who may not see it), the view logged."""
    if not can_see_sensitive(user, beneficiary):
        return None
    data = Sensitive(
        categories=[c.name for c in beneficiary.categories.all()],
        health=beneficiary.health,
        income=beneficiary.income,
    )
    log_sensitive_view(
        actor=user, person=beneficiary.person, fields=("hardship_categories", "health", "income")
    )
    return data


# --- lists of a unit ---------------------------------------------------------------------------


def beneficiaries_of(user, unit: Unit, *, current: bool = True):
    qs = Beneficiary.objects.visible_to(user).filter(unit__path__startswith=unit.path)
    if current:
        qs = qs.filter(ended_on__isnull=True)
    return qs.select_related("person", "unit", "head__person").order_by("person__sort_key", "pk")


def addresses_of(user, unit: Unit, status: str = ""):
    qs = Address.objects.visible_to(user).filter(unit__path__startswith=unit.path)
    if status in AddressStatus.values:
        qs = qs.filter(status=status)
    return qs.select_related("beneficiary__person", "unit").order_by(
        "beneficiary__person__sort_key", "pk"
    )


def overdue_reviews(user, unit: Unit, on: datetime.date | None = None):
    """Open addresses whose review date has passed."""
    on = on or timezone.localdate()
    return (
        addresses_of(user, unit)
        .exclude(status=AddressStatus.CLOSED)
        .filter(review_due__lt=on)
        .order_by("review_due", "pk")
    )


def status_counts(user, unit: Unit) -> dict[str, int]:
    rows = (
        Address.objects.visible_to(user)
        .filter(unit__path__startswith=unit.path)
        .values("status")
        .annotate(n=Count("pk"))
    )
    return {r["status"]: r["n"] for r in rows}


def lapsed_sponsorships(user, unit: Unit, on: datetime.date | None = None) -> list[Sponsorship]:
    """Sponsorships whose term is over though the address is open, or whose pledge is behind
    by more than a month's amount."""
    on = on or timezone.localdate()
    rows = list(
        Sponsorship.objects.filter(scope_q(user, "address__unit__path"))
        .filter(address__unit__path__startswith=unit.path, ended_on__isnull=True)
        .select_related("address__beneficiary__person", "donor__person", "pledge")
        .annotate(received=Sum("pledge__entries__amount", filter=Q(pledge__entries__on__lte=on)))
    )
    out: list[Sponsorship] = []
    for s in rows:
        over = s.end is not None and s.end < on
        behind = 0
        if s.pledge is not None:
            behind = expected(s.pledge, on) - (s.received or 0)  # type: ignore[attr-defined]
        s.behind = max(behind, 0)  # type: ignore[attr-defined]
        if over or (s.monthly and behind > s.monthly):
            out.append(s)
    return out


# --- campaigns ----------------------------------------------------------------------------------


def campaigns_for(user, unit: Unit):
    """Campaigns organised at or above ``unit`` that it (or a unit under it) takes part in, and
    those organised inside its subtree."""
    step = Unit.steplen
    above = [unit.path[:i] for i in range(step, len(unit.path) + 1, step)]
    inside = Q(unit__path__startswith=unit.path)
    taking_part = Q(unit__path__in=above) & (
        Q(units__unit__path__startswith=unit.path)
        | Q(units__unit__path__in=above)
        | Q(units__isnull=True)
    )
    return (
        Campaign.objects.filter(inside | taking_part)
        .filter(cancelled_at__isnull=True)
        .select_related("unit")
        .distinct()
        .order_by("-start", "-pk")
    )


@dataclass
class Progress:
    unit: Unit
    target_gifts: int
    target_value: int
    gifts: int = 0
    value: int = 0
    delivered: int = 0

    @property
    def percent(self) -> int | None:
        if not self.target_gifts:
            return None
        return round(100 * self.gifts / self.target_gifts)


def _line_totals(campaign: Campaign, under: str) -> dict[str, dict]:
    """Open lines of approved and draft lists per unit path: one grouped query."""
    rows = (
        Recipient.objects.filter(campaign=campaign, removed_at__isnull=True)
        .filter(unit__path__startswith=under)
        .values("unit__path")
        .annotate(
            n=Count("pk"),
            worth=Sum("cash") + Sum("goods"),
            delivered=Count("pk", filter=Q(delivery=Delivery.DELIVERED)),
        )
    )
    return {r["unit__path"]: dict(r) for r in rows}


def progress(user, campaign: Campaign, unit: Unit | None = None) -> list[Progress]:
    """Each participating unit in ``unit``'s subtree (the user's scope) against its target;
    a unit's figures include the lists of the units under it."""
    under = (unit or campaign.unit).path
    parts = (
        campaign.units.filter(unit__path__startswith=under)
        .filter(scope_q(user, "unit__path"))
        .select_related("unit")
        .order_by("unit__path")
    )
    totals = _line_totals(campaign, under)
    out = []
    for cu in parts:
        p = Progress(cu.unit, cu.target_gifts, cu.target_value)
        for path, r in totals.items():
            if path.startswith(cu.unit.path):
                p.gifts += r["n"]
                p.value += r["worth"] or 0
                p.delivered += r["delivered"]
        out.append(p)
    return out


def campaign_totals(campaign: Campaign, unit: Unit) -> dict[str, int]:
    agg = Recipient.objects.filter(
        campaign=campaign, removed_at__isnull=True, unit__path__startswith=unit.path
    ).aggregate(
        n=Count("pk"), cash=Sum("cash"), goods=Sum("goods"),
        delivered=Count("pk", filter=Q(delivery=Delivery.DELIVERED)),
    )  # fmt: skip
    return {k: v or 0 for k, v in agg.items()}


def lists_of(user, campaign: Campaign, unit: Unit):
    return (
        RecipientList.objects.visible_to(user)
        .filter(campaign=campaign, unit__path__startswith=unit.path)
        .select_related("unit")
        .annotate(n=Count("lines", filter=Q(lines__removed_at__isnull=True)))
        .order_by("-pk")
    )


def list_lines(rl: RecipientList):
    return (
        rl.lines.filter(removed_at__isnull=True)
        .select_related("parcel_type")
        .order_by("sort_key", "pk")
    )


def list_totals(rl: RecipientList) -> dict[str, int]:
    agg = rl.lines.filter(removed_at__isnull=True).aggregate(
        n=Count("pk"), cash=Sum("cash"), goods=Sum("goods")
    )
    by_delivery = defaultdict(int)
    for status, n in (
        rl.lines.filter(removed_at__isnull=True)
        .values_list("delivery")
        .annotate(n=Count("pk"))
        .values_list("delivery", "n")
    ):
        by_delivery[status] = n
    return {
        **{k: v or 0 for k, v in agg.items()},
        **{f"d_{s}": by_delivery[s] for s in Delivery.values},
    }


def assistance_of(user, unit: Unit, year: int | None = None):
    qs = Assistance.objects.visible_to(user).filter(unit__path__startswith=unit.path)
    if year:
        qs = qs.filter(on__year=year)
    return qs.select_related("person", "unit")


def unit_totals(user, unit: Unit, year: int) -> dict[str, int]:
    """The year's assistance (not withdrawn) and parcels of approved lists under ``unit``."""
    a = (
        assistance_of(user, unit, year)
        .filter(withdrawn_at__isnull=True)
        .aggregate(n=Count("pk"), cash=Sum("cash"), goods=Sum("goods"))
    )
    g = Recipient.objects.filter(
        scope_q(user, "unit__path"), unit__path__startswith=unit.path, removed_at__isnull=True,
        list__status=ListStatus.APPROVED, campaign__start__year=year,
    ).aggregate(n=Count("pk"), cash=Sum("cash"), goods=Sum("goods"))  # fmt: skip
    return {
        "assistance": a["n"] or 0, "assistance_cash": a["cash"] or 0,
        "assistance_goods": a["goods"] or 0, "gifts": g["n"] or 0,
        "gifts_cash": g["cash"] or 0, "gifts_goods": g["goods"] or 0,
    }  # fmt: skip
