"""Reads of a unit's funds: balances, totals, ledgers, pledges, the indicators.

One source of truth for a balance: :func:`balances` (each unit's own balance of one fund kind on a
day, one grouped query) and :func:`fund_balance` (one unit, or its subtree, through the same
query). The dashboards' figures, the ledger page, the ledger statement (xlsx/PDF) and the public
page all read them. A balance is in minus out of the fund's entries up to a date; a reversal is
an opposite entry, so it cancels its original from its own date on. Totals by category are net
of reversals: a reversed donation is taken off the donations received, not counted as spent.
"""

import calendar
import datetime
from collections.abc import Collection

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.http import Http404

from accounts.access import scope_q
from core.figures import id_values
from org.models import Unit, UnitKind
from org.selectors import subtree_q_on

from .models import Category, Direction, Donor, Entry, FundKind, FundSettings, Pledge

SIGNED = Case(
    When(direction=Direction.IN, then=F("amount")),
    default=-F("amount"),
    output_field=BigIntegerField(),
)
BASE_TARGET = 5_000_000  # the resolution's "quỹ nhân đạo ≥ 5.000.000 đ" of a base
HUMANITARIAN = FundKind.HUMANITARIAN


def fund_kind(raw: str | None) -> str:
    """A fund kind from a query string: the humanitarian fund unless another kind is named."""
    return raw if raw in FundKind.values else HUMANITARIAN


def in_fund(kind: str) -> QuerySet[Entry]:
    """Every entry of the funds of ``kind``."""
    return Entry.objects.filter(fund__kind=kind)


def _entries(unit: Unit, on: datetime.date, subtree: bool, kind: str) -> QuerySet[Entry]:
    if subtree:
        return in_fund(kind).filter(subtree_q_on(unit, on, "unit__path"))
    return in_fund(kind).filter(unit=unit)


def balances(
    on: datetime.date, *, kind: str = HUMANITARIAN, unit_ids: Collection[int] | None = None
) -> dict[int, int]:
    """{unit id: balance of its own fund of ``kind`` on ``on``} (in minus out of the entries
    dated on or before ``on``) for ``unit_ids`` (None: every unit): one grouped query. Units
    without entries are absent (their balance is 0)."""
    qs = in_fund(kind).filter(on__lte=on).order_by()
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=id_values(unit_ids))
    return {u: int(s) for u, s in qs.values_list("unit_id").annotate(s=Sum(SIGNED)) if s}


def fund_balance(
    unit: Unit, on: datetime.date, *, kind: str = HUMANITARIAN, subtree: bool = False
) -> int:
    """The balance of ``unit``'s fund of ``kind`` on ``on``: what the ledger page, the statement,
    the public page and (through :func:`balances`) the dashboards show.

    ``subtree=True`` adds up the funds of every unit in the subtree as it stood on ``on`` (note:
    transfers inside the subtree then cancel out, as they should).
    """
    if not subtree:
        return balances(on, kind=kind, unit_ids=[unit.pk]).get(unit.pk, 0)
    result = _entries(unit, on, True, kind).filter(on__lte=on).aggregate(s=Sum(SIGNED))["s"]
    return int(result or 0)


def balance(unit: Unit, on: datetime.date, *, subtree: bool = False) -> int:
    """The humanitarian fund's balance (:func:`fund_balance`)."""
    return fund_balance(unit, on, subtree=subtree)


def has_subunits(unit: Unit) -> bool:
    return Unit.objects.children_of(unit).exists()


def _net(direction: str, category: str | None = None) -> Sum:
    """Amounts of ``direction`` minus reversals of such amounts (net of corrections)."""
    other = Direction.OUT if direction == Direction.IN else Direction.IN
    cat = Q(category=category) if category else Q()
    return Sum(
        Case(
            When(cat & Q(direction=direction, reverses__isnull=True), then=F("amount")),
            When(cat & Q(direction=other, reverses__isnull=False), then=-F("amount")),
            default=Value(0),
            output_field=BigIntegerField(),
        )
    )


def totals(
    unit: Unit,
    start: datetime.date,
    end: datetime.date,
    *,
    subtree: bool = False,
    kind: str = HUMANITARIAN,
) -> dict[str, dict[str, int]]:
    """{category: {"in": đồng, "out": đồng}} of the ``kind`` fund's entries dated
    ``start``..``end`` (inclusive).

    Every category is present; amounts are net of reversals. One aggregate query.
    """
    qs = _entries(unit, end, subtree, kind).filter(on__gte=start, on__lte=end)
    aggs = {}
    for cat in Category.values:
        aggs[f"{cat}__in"] = Coalesce(_net(Direction.IN, cat), Value(0))
        aggs[f"{cat}__out"] = Coalesce(_net(Direction.OUT, cat), Value(0))
    row = qs.aggregate(**aggs)
    return {
        cat: {"in": int(row[f"{cat}__in"]), "out": int(row[f"{cat}__out"])}
        for cat in Category.values
    }


def totals_by_campaign(
    unit: Unit, start: datetime.date, end: datetime.date
) -> list[dict[str, object]]:
    """[{"campaign", "in", "out"}] for humanitarian entries with a campaign, net of reversals."""
    rows = (
        in_fund(HUMANITARIAN)
        .filter(unit=unit, on__gte=start, on__lte=end)
        .exclude(campaign="")
        .values("campaign")
        .annotate(
            received=Coalesce(_net(Direction.IN), Value(0)),
            spent=Coalesce(_net(Direction.OUT), Value(0)),
        )
        .order_by("campaign")
    )
    return [
        {"campaign": r["campaign"], "in": int(r["received"]), "out": int(r["spent"])} for r in rows
    ]


def base_depth_under(unit: Unit) -> int | None:
    """The tree depth of the bases in ``unit``'s subtree (central → province → base)."""
    offsets: dict[str, int] = {UnitKind.CENTRAL: 2, UnitKind.PROVINCE: 1, UnitKind.BASE: 0}
    offset = offsets.get(unit.kind)
    return None if offset is None else unit.depth + offset


def bases_with_balance_at_least(
    unit: Unit, on: datetime.date, amount: int = BASE_TARGET
) -> tuple[int, int]:
    """(bases whose fund is ≥ ``amount`` on ``on``, bases) in ``unit``'s subtree.

    A base's fund is its own humanitarian fund plus its branches' and groups' (the base's whole
    subtree); dues never count. One SQL statement: the entries are summed per base-path prefix,
    and the bases that existed on ``on`` are counted with a conditional count against that
    grouped subquery.
    """
    depth = base_depth_under(unit)
    if depth is None:
        return (0, 0)
    plen = depth * Unit.steplen
    meeting_paths = (
        in_fund(HUMANITARIAN)
        .filter(unit__path__startswith=unit.path, on__lte=on)
        .annotate(base_path=Substr("unit__path", 1, plen))
        .values("base_path")
        .annotate(total=Sum(SIGNED))
        .filter(total__gte=amount)
        .values("base_path")
    )
    row = (
        Unit.objects.subtree_of(unit)
        .existing_on(on)
        .filter(kind=UnitKind.BASE, depth=depth)
        .aggregate(
            bases=Count("pk"),
            meeting=Count("pk", filter=Q(path__in=Subquery(meeting_paths))),
        )
    )
    return (int(row["meeting"]), int(row["bases"]))


# --- Ledger, donors, pledges --------------------------------------------------------------------


def ledger(
    unit: Unit, start: datetime.date | None, end: datetime.date, *, kind: str = HUMANITARIAN
) -> QuerySet[Entry]:
    """``unit``'s entries of its ``kind`` fund from ``start`` (or the beginning) through ``end``,
    oldest first."""
    qs = in_fund(kind).filter(unit=unit, on__lte=end)
    if start is not None:
        qs = qs.filter(on__gte=start)
    return (
        qs.select_related("counterparty_unit", "donor__person", "created_by")
        .annotate(
            reversed_by_id=Subquery(Entry.objects.filter(reverses=OuterRef("pk")).values("pk")[:1])
        )
        .order_by("on", "id")
    )


def ledger_with_running_balance(
    unit: Unit, start: datetime.date | None, end: datetime.date, *, kind: str = HUMANITARIAN
) -> tuple[int, list[Entry], int]:
    """(opening balance, entries each with ``.running``, closing balance): two queries. The
    closing balance is the running balance after the last entry, which is :func:`fund_balance`
    on ``end`` (the opening is fund_balance the day before ``start``, the rows all that follow
    through ``end``)."""
    day_before = start - datetime.timedelta(days=1) if start else None
    opening = fund_balance(unit, day_before, kind=kind) if day_before else 0
    running = opening
    rows = list(ledger(unit, start, end, kind=kind))
    for e in rows:
        running += e.signed_amount
        e.running = running  # type: ignore[attr-defined]
    return opening, rows, running


def get_entry_for_user(user, pk, perm: str = "view") -> Entry:
    try:
        return (
            Entry.objects.filter(scope_q(user, "unit__path", perm="view"))
            .select_related("unit", "fund", "counterparty_unit", "donor__person")
            .get(pk=pk)
        )
    except (Entry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def donors_for(unit: Unit) -> QuerySet[Donor]:
    """Donors a unit may use: its own and those registered by the units above it."""
    paths = [unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    return (
        Donor.objects.filter(unit__path__in=paths)
        .select_related("person", "unit")
        .annotate(
            given=Coalesce(
                Subquery(
                    Entry.objects.filter(donor=OuterRef("pk"), unit=unit)
                    .values("donor")
                    .annotate(s=_net(Direction.IN))
                    .values("s")[:1]
                ),
                Value(0),
            )
        )
        .order_by("kind", "name", "person__sort_key", "id")
    )


def get_donor_for_user(user, pk) -> Donor:
    try:
        return (
            Donor.objects.filter(scope_q(user, "unit__path", perm="view"))
            .select_related("person", "unit")
            .get(pk=pk)
        )
    except (Donor.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_pledge_for_user(user, pk) -> Pledge:
    try:
        return (
            Pledge.objects.filter(scope_q(user, "unit__path", perm="view"))
            .select_related("donor__person", "unit")
            .get(pk=pk)
        )
    except (Pledge.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def months_covered(start: datetime.date, end: datetime.date) -> int:
    """Calendar months from ``start``'s month through ``end``'s month, both included."""
    if end < start:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def expected(pledge: Pledge, on: datetime.date) -> int:
    """What the pledge promised by ``on``: one amount per started month, or the one-off amount."""
    if on < pledge.start:
        return 0
    if pledge.frequency == "one_off":
        return pledge.amount
    last = min(on, pledge.end) if pledge.end else on
    return pledge.amount * months_covered(pledge.start, last)


def pledges_for(unit: Unit, on: datetime.date) -> list[Pledge]:
    """The unit's pledges with ``received`` (net, entries through ``on``) and ``expected``."""
    received = (
        Entry.objects.filter(pledge=OuterRef("pk"), on__lte=on)
        .values("pledge")
        .annotate(s=_net(Direction.IN))
        .values("s")[:1]
    )
    rows: list[Pledge] = list(
        Pledge.objects.filter(unit=unit)
        .select_related("donor__person")
        .annotate(received=Coalesce(Subquery(received), Value(0)))
        .order_by("-start", "-id")
    )
    for p in rows:
        p.expected = expected(p, on)  # type: ignore[attr-defined]
        p.outstanding = max(p.expected - p.received, 0)  # type: ignore[attr-defined]
    return rows


def pledge_status(pledge: Pledge, on: datetime.date) -> dict[str, int]:
    got = Entry.objects.filter(pledge=pledge, on__lte=on).aggregate(s=_net(Direction.IN))["s"] or 0
    exp = expected(pledge, on)
    return {"received": int(got), "expected": exp, "outstanding": max(exp - int(got), 0)}


def fund_settings(unit: Unit) -> FundSettings:
    """The unit's settings (an unsaved default when none were ever written)."""
    return FundSettings.objects.filter(unit=unit).first() or FundSettings(unit=unit)


def month_end(d: datetime.date) -> datetime.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def organisation_donations(
    unit: Unit, start: datetime.date, end: datetime.date
) -> list[dict[str, object]]:
    """[{"name", "amount"}] given by organisations (never persons) in the period, largest first."""
    rows = (
        in_fund(HUMANITARIAN)
        .filter(unit=unit, on__gte=start, on__lte=end, donor__kind="organisation")
        .values("donor__name")
        .annotate(total=_net(Direction.IN))
        .filter(total__gt=0)
        .order_by("-total", "donor__name")
    )
    return [{"name": r["donor__name"], "amount": int(r["total"])} for r in rows]


def transfer_targets(unit: Unit) -> list[Unit]:
    """Where a unit may send money: the units above it and its direct children (current ones)."""
    ancestors = [a for a in unit.ancestors_and_self() if a.pk != unit.pk and a.is_current]
    children = list(
        Unit.objects.get_children(unit).filter(valid_to__isnull=True).order_by("sort_key")
    )
    return [*reversed(ancestors), *children]


def closed_through(unit: Unit) -> datetime.date | None:
    return FundSettings.objects.filter(unit=unit).values_list("closed_through", flat=True).first()
