"""Collection rates: paid ÷ (members who must pay − exempt), counted in one query or read from
the figures the indicators keep."""

import datetime
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Value
from django.db.models.functions import Substr

from org.models import Unit

from ..models import (
    DuesExemption,
    DuesPayment,
)
from .policy import must_pay

# --- rates -------------------------------------------------------------------------------------


@dataclass
class Rate:
    unit: Unit | None
    members: int  # active members who must pay
    paid: int
    exempt: int  # exempt and not paid

    @property
    def due(self) -> int:
        return self.members - self.exempt

    @property
    def unpaid(self) -> int:
        return self.due - self.paid

    @property
    def rate(self) -> float | None:
        return self.paid / self.due if self.due > 0 else None

    @property
    def pct(self) -> float | None:
        return None if self.rate is None else round(self.rate * 100, 1)


def _paid_elsewhere_probe() -> str:
    """A scalar subquery (parameters: year, day): 1 when the outer member's person has a live
    receipt of the year paid on or before the day, wherever it was collected, else NULL. A
    scalar subquery is never turned into a hash of every receipt of the year (PostgreSQL may do
    that to an EXISTS in a select list when it guesses it cheaper): it stays one index-only probe
    of the partial (person, year, paid_on) index per row that reaches it."""
    table = connection.ops.quote_name(DuesPayment._meta.db_table)
    return (
        f"(SELECT 1 FROM {table} x WHERE x.person_id = m.person_id AND x.year = %s "  # noqa: S608
        "AND x.paid_on <= %s AND x.cancelled_at IS NULL LIMIT 1)"
    )


def _holds_every_receipt(unit: Unit) -> bool:
    """Whether every receipt's collecting path starts with ``unit``'s: the root of a one-root
    tree (every unit's path, even a stale copy from before a move, begins with the root's)."""
    return unit.depth == 1 and not Unit.objects.filter(depth=1).exclude(pk=unit.pk).exists()


@contextmanager
def _without_jit():
    """PostgreSQL compiles a query whose estimated cost passes jit_above_cost, and the rates'
    estimate is inflated by probes it cannot know are skipped: 15-300 ms of compiling for a
    query of 100 ms. Off for this query only (a local setting, put back after)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
        old = cur.fetchone()[0]
        yield
        cur.execute("SELECT set_config('jit', %s, true)", [old])


def _grouped_counts(qs, unit: Unit, year: int, on: datetime.date) -> dict[str, dict[str, int]]:
    """{key: {n, n_paid, n_exempt}} of a queryset of ``unit``'s memberships annotated with ``key``.

    One query whose plan does not hang on the planner's guesses: most members who paid did so
    in ``unit``'s subtree, so the subtree's live receipts of the year (one range of the partial
    (year, unit_path) index) are joined by person; only members without such a receipt are
    probed for one collected elsewhere (a member counts as paid wherever the person paid). The
    year's live exemptions, a few per cent of members at most (the cap), are joined whole.
    Each state is computed once per row in a fenced subquery (OFFSET 0 keeps PostgreSQL from
    copying the probe into each count)."""
    members = qs.values("key", "person_id").order_by()
    local = _collected_qs(unit, year, on).values("person_id").order_by()
    exempt = DuesExemption.objects.live().filter(year=year, decided_on__lte=on)
    m_sql, m_params = members.query.sql_with_params()
    l_sql, l_params = local.query.sql_with_params()
    e_sql, e_params = exempt.values("person_id").order_by().query.sql_with_params()
    params: tuple = ()
    elsewhere = ""
    if not _holds_every_receipt(unit):
        elsewhere = f"WHEN {_paid_elsewhere_probe()} IS NOT NULL THEN 1 "
        params = (year, on)
    # SQLite has no OFFSET alone; without the probe nothing is worth fencing.
    fence = " OFFSET 0" if elsewhere and connection.vendor == "postgresql" else ""
    sql = (
        "SELECT key, COUNT(*), COUNT(*) FILTER (WHERE st = 1), "  # noqa: S608 - Django's SQL
        "COUNT(*) FILTER (WHERE st = 2) FROM ("
        f"SELECT m.key, CASE WHEN l.person_id IS NOT NULL THEN 1 {elsewhere}"
        "WHEN e.person_id IS NOT NULL THEN 2 ELSE 0 END AS st "
        f"FROM ({m_sql}) m LEFT JOIN ({l_sql}) l ON l.person_id = m.person_id "
        f"LEFT JOIN ({e_sql}) e ON e.person_id = m.person_id{fence}"
        ") AS flagged GROUP BY key"
    )
    params += (*m_params, *l_params, *e_params)  # in the order they appear
    with _without_jit(), connection.cursor() as cur:
        cur.execute(sql, params)
        return {k: {"n": n, "n_paid": p, "n_exempt": e} for k, n, p, e in cur.fetchall()}


def _collected_qs(unit: Unit, year: int, on: datetime.date):
    return DuesPayment.objects.live().filter(
        unit_path__startswith=unit.path, year=year, paid_on__lte=on
    )


def unit_rate(unit: Unit, year: int, on: datetime.date) -> Rate:
    qs = must_pay(unit, year, on).annotate(key=Value(""))
    r = _grouped_counts(qs, unit, year, on).get("", {"n": 0, "n_paid": 0, "n_exempt": 0})
    return Rate(unit, r["n"], r["n_paid"], r["n_exempt"])


def collection_rate(unit: Unit, year: int, on: datetime.date) -> tuple[int, int, float | None]:
    """(paid, due, rate) for ``unit``'s subtree: due = must pay − exempt; rate None when due = 0.
    An indicator for the dashboards."""
    r = unit_rate(unit, year, on)
    return r.paid, r.due, r.rate


def child_units(unit: Unit) -> list[Unit]:
    return list(Unit.objects.children_of(unit).current().order_by("sort_key", "pk"))


def rates_by_child(unit: Unit, year: int, on: datetime.date) -> tuple[Rate, list[Rate]]:
    """(the unit's whole rate, one rate per child unit) in one grouped query. Members kept
    directly by ``unit`` form a row of their own (its ``unit`` is ``unit`` itself)."""
    width = len(unit.path) + Unit.steplen
    qs = must_pay(unit, year, on).annotate(key=Substr("unit_path", 1, width))
    counts = _grouped_counts(qs, unit, year, on)
    children = child_units(unit)
    rows = []
    if unit.path in counts:
        r = counts[unit.path]
        rows.append(Rate(unit, r["n"], r["n_paid"], r["n_exempt"]))
    known = {c.path for c in children}
    for c in children:
        r = counts.get(c.path, {"n": 0, "n_paid": 0, "n_exempt": 0})
        rows.append(Rate(c, r["n"], r["n_paid"], r["n_exempt"]))
    # Members of a child that has ceased since (a past date): counted in the total all the same.
    rest = [r for k, r in counts.items() if k not in known and k != unit.path]
    total = Rate(
        unit,
        sum(r.members for r in rows) + sum(r["n"] for r in rest),
        sum(r.paid for r in rows) + sum(r["n_paid"] for r in rest),
        sum(r.exempt for r in rows) + sum(r["n_exempt"] for r in rest),
    )
    return total, rows


# The figures the dashboards keep (indicators.UnitFigure) sit above this app: the indicators app
# registers its reader of the kept rates at start-up (IndicatorsConfig.ready ->
# indicators.dues_rates.kept_rates); without it the rates are always counted.
KeptRates = Callable[[Unit, int, datetime.date], "tuple[Rate, list[Rate]] | None"]
_kept_reader: KeptRates | None = None


def register_kept_rates(reader: KeptRates | None) -> None:
    global _kept_reader
    _kept_reader = reader


def kept_rates(unit: Unit, year: int, on: datetime.date) -> tuple[Rate, list[Rate]] | None:
    """The rates of :func:`rates_by_child` as the figures keep them, when they are those of
    ``on`` (see indicators.dues_rates); None otherwise."""
    return _kept_reader(unit, year, on) if _kept_reader is not None else None


def page_rates(unit: Unit, year: int, on: datetime.date) -> tuple[Rate, list[Rate]]:
    """:func:`rates_by_child` for the dues page: from the figures the dashboards keep when they
    answer for ``on`` (see :func:`kept_rates`), else counted from the registers."""
    return kept_rates(unit, year, on) or rates_by_child(unit, year, on)
