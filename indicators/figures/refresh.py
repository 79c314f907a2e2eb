"""Keeping the stored rows current: the dirty units' rows with their ancestors', a whole year,
every year."""

import datetime
from collections import defaultdict
from collections.abc import Collection
from functools import partial

from django.db import connection, transaction
from django.utils import timezone

from org.models import UnitKind

from ..catalogue import compact
from ..models import DirtyUnit, UnitFigure
from .own import own_figures
from .rollup import _categories, _sent_to, roll_up
from .tree import TreeAt
from .years import FIRST_YEAR, data_first_year, kept_years, period_end

# Past this many dirty units in one year a set-based refresh of the whole year is cheaper.
FULL_REFRESH_FROM = 3000


def refresh_units(year: int, unit_ids: Collection[int], *, today=None) -> int:
    """Recompute the own figures of ``unit_ids`` for ``year`` and the totals of them and of every
    unit above them (as the tree stood then). Returns the number of rows written."""
    end = period_end(year, today)
    tree = TreeAt(end)
    chains = tree.ancestors(unit_ids)
    affected = set(unit_ids) | {a for chain in chains.values() for a in chain}
    affected &= set(tree.path)
    kids = tree.children(affected)
    needed = affected | {c for cs in kids.values() for c in cs}
    rows = {
        unit_id: (own, total)
        for unit_id, own, total in UnitFigure.objects.filter(
            year=year, unit_id__in=list(needed)
        ).values_list("unit_id", "own", "total")
    }
    recompute = set(unit_ids) | {u for u in needed if u not in rows}
    fresh = own_figures(year, recompute, today=today)
    categories = _categories()
    depth = {u: len(tree.ancestors([u])[u]) for u in affected}
    tree.know(*_sent_to([*fresh.values(), *(d for row in rows.values() for d in row if d)]))
    totals: dict[int, dict] = {}
    owns: dict[int, dict] = {}
    # Units below the affected ones that were recomputed only for lack of a row: leaves.
    for u in needed - affected:
        if u in recompute:
            owns[u] = fresh.get(u, {})
            totals[u] = roll_up(
                owns[u],
                [],
                is_base=tree.kind[u] == UnitKind.BASE,
                categories=categories,
                holds=partial(tree.holds, u),
            )

    def total_of(u: int) -> dict:
        if u in totals:
            return totals[u]
        own, total = rows.get(u, ({}, None))
        return own if total is None else total

    for u in sorted(affected, key=lambda u: -depth[u]):
        owns[u] = fresh.get(u, {}) if u in recompute else rows[u][0]
        totals[u] = roll_up(
            owns[u],
            (total_of(c) for c in kids[u]),
            is_base=tree.kind[u] == UnitKind.BASE,
            categories=categories,
            holds=partial(tree.holds, u),
        )
    _write(year, {u: (owns[u], totals[u]) for u in owns})
    return len(owns)


def refresh_year(year: int, *, today=None) -> int:
    """Recompute every unit's row for ``year``, set-based (bulk loads, ``--all``)."""
    end = period_end(year, today)
    tree = TreeAt(end)
    tree.load_all()
    own = own_figures(year, None, today=today)
    children: dict[int, list[int]] = defaultdict(list)
    parent = {u: tree.parent(u) for u in tree.path}
    for u, p in parent.items():
        if p is not None:
            children[p].append(u)
    depth: dict[int, int] = {}

    def depth_of(u: int) -> int:
        chain: list[int] = []
        x: int | None = u
        while x is not None and x not in depth and len(chain) < 64:
            chain.append(x)
            x = parent.get(x)
        d = 0 if x is None else depth[x] + 1
        for y in reversed(chain):
            depth[y] = d
            d += 1
        return depth[u]

    categories = _categories()
    totals: dict[int, dict] = {}
    for u in sorted(tree.path, key=lambda u: -depth_of(u)):
        totals[u] = roll_up(
            own.get(u, {}),
            (totals[c] for c in children.get(u, ())),
            is_base=tree.kind[u] == UnitKind.BASE,
            categories=categories,
            holds=partial(tree.holds, u),
        )
    with transaction.atomic():
        UnitFigure.objects.filter(year=year).delete()
        now = timezone.now()
        UnitFigure.objects.bulk_create(
            (
                UnitFigure(
                    unit_id=u,
                    year=year,
                    own=own.get(u, {}),
                    total=None if totals[u] == own.get(u, {}) else totals[u],
                    sums=compact(totals[u]),
                    computed_at=now,
                )
                for u in tree.path
            ),
            batch_size=5000,
        )
    return len(tree.path)


def _write(year: int, rows: dict[int, tuple[dict, dict]]) -> None:
    now = timezone.now()
    UnitFigure.objects.bulk_create(
        [
            UnitFigure(
                unit_id=u,
                year=year,
                own=own,
                total=None if total == own else total,
                sums=compact(total),
                computed_at=now,
            )
            for u, (own, total) in rows.items()
        ],
        update_conflicts=True,
        unique_fields=["unit", "year"],
        update_fields=["own", "total", "sums", "computed_at"],
        batch_size=2000,
    )


def _lock() -> None:
    # One refresh at a time: two would compute the same rows. SQLite serialises writers anyway.
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(hashtext('sohoi.indicators.refresh'))")


def refresh_dirty(*, today: datetime.date | None = None, batch: int = 20_000) -> int:
    """Consume the dirty marks: recompute the marked units' rows for every year from their
    ``since`` on (not before FIRST_YEAR; a 2019 admission counts in 2019 and every year after),
    with their ancestors. Returns the number of marks consumed."""
    today = today or timezone.localdate()
    years = list(range(FIRST_YEAR, today.year + 1))
    done = 0
    while True:
        with transaction.atomic():
            _lock()
            marks = list(
                DirtyUnit.objects.order_by("id").values_list("id", "unit_id", "since")[:batch]
            )
            if not marks:
                return done
            by_year: dict[int, set[int]] = defaultdict(set)
            for _id, unit_id, since in marks:
                for y in years:
                    if y >= since.year:
                        by_year[y].add(unit_id)
            for y, ids in sorted(by_year.items()):
                # A year without rows yet (a first write dated in it) is counted whole: the
                # incremental refresh reads the rows of the units it does not recount.
                if len(ids) >= FULL_REFRESH_FROM or not UnitFigure.objects.filter(year=y).exists():
                    refresh_year(y, today=today)
                else:
                    refresh_units(y, ids, today=today)
            DirtyUnit.objects.filter(pk__in=[m[0] for m in marks]).delete()
            done += len(marks)


def refresh_all(*, today: datetime.date | None = None, keep: int | None = None) -> int:
    """Recompute every row of every year that has data (``keep``: only the last ``keep`` years),
    after a bulk load. Returns the number of rows written."""
    today = today or timezone.localdate()
    years = kept_years(today, keep)
    if keep is None:
        first = max(min(data_first_year() or today.year, years[0]), FIRST_YEAR)
        years = list(range(min(first, years[0]), today.year + 1))
    with transaction.atomic():
        _lock()
        marks = list(DirtyUnit.objects.values_list("id", flat=True))
        rows = sum(refresh_year(y, today=today) for y in years)
        DirtyUnit.objects.filter(pk__in=marks).delete()
    return rows
