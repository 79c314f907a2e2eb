"""What every app's ``own_figures(year, end, unit_ids)`` shares (see aid/figures.py)."""

from collections.abc import Collection


def in_units(qs, field: str, unit_ids: Collection[int] | None):
    """``qs`` restricted to the rows whose ``field`` is one of ``unit_ids`` (None: every unit)."""
    return qs if unit_ids is None else qs.filter(**{f"{field}__in": list(unit_ids)})
