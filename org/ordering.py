"""Lists and labels of units in the Vietnamese order of their names (core.text.vn_text_key,
stored as ``Unit.sort_key``): flat lists order by it in the database; a list shown as a tree (a
unit, then what hangs under it) is ordered here, each level by name under its parent; a branch is
labelled with its base ("Chi hội 1 — Hội Chữ thập đỏ phường Hải Châu")."""

from collections.abc import Callable, Iterable
from typing import TypeVar

from .models import Unit, UnitKind

T = TypeVar("T")


def tree_sorted(
    items: Iterable[T],
    path: Callable[[T], str] = lambda u: u.path,  # type: ignore[attr-defined]
    sort_key: Callable[[T], str] = lambda u: u.sort_key,  # type: ignore[attr-defined]
) -> list[T]:
    """``items`` depth first, siblings by name. An ancestor missing from ``items`` keeps its
    place by its path step (its shown descendants stay together)."""
    items = list(items)
    keys = {path(u): sort_key(u) for u in items}
    step = Unit.steplen

    def key(u: T) -> tuple[str, ...]:
        p = path(u)
        return tuple(keys.get(p[:i], p[i - step : i]) for i in range(step, len(p) + 1, step))

    return sorted(items, key=key)


def base_names(units) -> dict[str, tuple[str, str]]:
    """{path: (name, sort key)} of the bases above ``units`` (one query)."""
    step = Unit.steplen
    prefixes = {
        u.path[:i] for u in units if u.kind != UnitKind.BASE for i in range(step, len(u.path), step)
    }
    rows = Unit.objects.filter(path__in=prefixes, kind=UnitKind.BASE)
    return {p: (n, k) for p, n, k in rows.values_list("path", "name", "sort_key")}


def full_label(unit: Unit, bases: dict[str, tuple[str, str]], name: str = "") -> str:
    """ "Chi hội 1 — Hội Chữ thập đỏ phường Hải Châu": a branch named with its base (many bases
    have a "Chi hội 1"); a base by its name (``name``: the unit's name to show, e.g. as of a
    date)."""
    name = name or unit.name
    if unit.kind == UnitKind.BASE:
        return name
    step = Unit.steplen
    for i in range(len(unit.path) - step, 0, -step):
        if unit.path[:i] in bases:
            return f"{name} — {bases[unit.path[:i]][0]}"
    return name


def unit_full_name(unit: Unit) -> str:
    """:func:`full_label` of one unit (one query for a unit under a base)."""
    return full_label(unit, base_names([unit]))


def label_order(unit: Unit, bases: dict[str, tuple[str, str]]) -> tuple[str, str, str]:
    """Where a unit goes in a list of full labels: by its base's name, the base first, then the
    units under it by name (the Vietnamese order)."""
    if unit.kind == UnitKind.BASE:
        return (unit.sort_key, "", "")
    step = Unit.steplen
    for i in range(len(unit.path) - step, 0, -step):
        if unit.path[:i] in bases:
            return (bases[unit.path[:i]][1], "1", unit.sort_key)
    return (unit.sort_key, "", "")
