"""What every app's ``own_figures(year, end, unit_ids)`` shares (see aid/figures.py)."""

from collections.abc import Collection

from django.db.models import QuerySet


def id_values(unit_ids: Collection[int]):
    """What an ``__in`` lookup on unit ids is given: a queryset of ids stays a subquery (a
    subtree of thousands of units is not written out into every query), anything else a list."""
    return unit_ids if isinstance(unit_ids, QuerySet) else list(unit_ids)


def in_units(qs, field: str, unit_ids: Collection[int] | None):
    """``qs`` restricted to the rows whose ``field`` is one of ``unit_ids`` (None: every unit;
    a queryset of ids: as a subquery)."""
    return qs if unit_ids is None else qs.filter(**{f"{field}__in": id_values(unit_ids)})
