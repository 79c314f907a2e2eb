"""The dues collection rates of a unit and its children read from the figures the indicators keep
(UnitFigure), for the dues page: registered with ``dues.selectors.register_kept_rates`` at start-up,
since the dues app sits below the figures."""

import datetime

from django.db.models import BigIntegerField, Q, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from dues.selectors import Rate, child_units
from org.models import Unit

from .models import DirtyUnit, UnitFigure


def kept_rates(unit: Unit, year: int, on: datetime.date) -> tuple[Rate, list[Rate]] | None:
    """The rates of :func:`rates_by_child` read from the figures indicators keep per unit and
    year (UnitFigure: dues, dues_paid, dues_exempt, the same counts), when they are those of
    ``on``: this year's as of today, computed today, with no change waiting to be counted in the
    unit's subtree or above it (a policy). None otherwise (a past date, a write seconds ago).

    Counted from the registers, a province's rates take a few hundred milliseconds and the whole
    country's 1.7 s of one core; a few users opening the page at once made each wait seconds."""
    today = timezone.localdate()
    if on != today or year != today.year:
        return None
    above = unit.ancestor_paths()
    pending = DirtyUnit.objects.filter(
        Q(unit__path__startswith=unit.path) | Q(unit__path__in=above)
    )
    if pending.exists():
        return None
    children = child_units(unit)

    def count(key: str, part: str = "") -> Coalesce:
        # A figure absent from a total (or a leaf's null total: its own figures) is zero.
        parts = [part] if part else ["total", "own"]
        return Coalesce(*[Cast(KT(f"{p}__{key}"), BigIntegerField()) for p in parts], Value(0))

    figures = {
        r["unit_id"]: r
        for r in UnitFigure.objects.filter(
            year=year, unit_id__in=[unit.pk, *(c.pk for c in children)]
        ).values(
            "unit_id",
            "computed_at",
            n=count("dues"),
            paid=count("dues_paid"),
            exempt=count("dues_exempt"),
            own_n=count("dues", "own"),
            own_paid=count("dues_paid", "own"),
            own_exempt=count("dues_exempt", "own"),
        )  # fmt: skip
    }
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    if len(figures) != len(children) + 1 or any(f["computed_at"] < start for f in figures.values()):
        return None
    mine = figures[unit.pk]
    rows = []
    if mine["own_n"]:
        rows.append(Rate(unit, mine["own_n"], mine["own_paid"], mine["own_exempt"]))
    for c in children:
        f = figures[c.pk]
        rows.append(Rate(c, f["n"], f["paid"], f["exempt"]))
    return Rate(unit, mine["n"], mine["paid"], mine["exempt"]), rows
