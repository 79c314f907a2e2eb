"""The unit's projects at a glance: the cow bank's counts, houses by status, capital groups,
this year's check-ups and kitchens."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import get_unit_for_user

from .. import selectors
from ..models import Event, EventKind, HouseStatus
from .common import nav


@login_required
@require_GET
def home(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    year = timezone.localdate().year
    houses = dict(selectors.houses_of(request.user, unit).values_list("status").annotate(n=Count("pk")))  # fmt: skip
    groups = list(selectors.groups_of(request.user, unit).filter(closed_on__isnull=True))
    bal = selectors.group_balances(groups)
    events = (
        Event.objects.visible_to(request.user)
        .filter(unit__path__startswith=unit.path, on__year=year, cancelled_at__isnull=True)
        .aggregate(
            checkups=Count("pk", filter=Q(kind=EventKind.CHECKUP)),
            visits=Sum("count", filter=Q(kind=EventKind.CHECKUP)),
            kitchens=Count("pk", filter=Q(kind=EventKind.KITCHEN)),
            meals=Sum("count", filter=Q(kind=EventKind.KITCHEN)),
        )
    )  # fmt: skip
    ctx = nav(
        request, unit, "home", year=year, cows=selectors.bank_counts(unit),
        houses=[(code, label, houses.get(code, 0)) for code, label in HouseStatus.choices],
        groups=len(groups), outstanding=sum(b["outstanding"] for b in bal.values()),
        overdue=sum(b["overdue"] for b in bal.values()), events=events,
    )  # fmt: skip
    return render(request, "projects/home.html", ctx)
