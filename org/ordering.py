"""Lists of units in the Vietnamese order of their names (core.text.vn_text_key, stored as
``Unit.sort_key``): flat lists order by it in the database; a list shown as a tree (a unit, then
what hangs under it) is ordered here, each level by name under its parent."""

from collections.abc import Callable, Iterable
from typing import TypeVar

from .models import Unit

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
