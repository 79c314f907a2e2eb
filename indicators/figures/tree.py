"""The tree as it stood on a date, for the roll-up of the figures."""

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable

from django.db.models import Q

from org.models import Unit
from org.selectors import parents_then


class TreeAt:
    """Parents and children of units as they stood on ``on``: today's paths, with every move
    recorded after ``on`` undone (the first such move of a unit names its parent then)."""

    def __init__(self, on: datetime.date):
        self.on = on
        self.moved = parents_then(on)  # the rule org.selectors.subtree_q_on follows too
        self.moved_in: dict[int, list[int]] = defaultdict(list)
        for unit_id, parent in self.moved.items():
            if parent is not None:
                self.moved_in[parent].append(unit_id)
        self.path: dict[int, str] = {}
        self.kind: dict[int, str] = {}
        self.by_path: dict[str, int] = {}
        self.existing: dict[int, bool] = {}
        self._above: dict[int, set[int]] = {}  # unit: its ancestors on ``on``

    def _take(self, rows: Iterable[tuple]) -> None:
        for pk, path, kind, valid_from, valid_to in rows:
            self.path[pk] = path
            self.kind[pk] = kind
            self.by_path[path] = pk
            self.existing[pk] = valid_from <= self.on and (valid_to is None or valid_to >= self.on)

    _COLUMNS = ("pk", "path", "kind", "valid_from", "valid_to")

    def load_all(self) -> None:
        self._take(Unit.objects.order_by().values_list(*self._COLUMNS))

    def load(self, ids: Iterable[int] = (), paths: Iterable[str] = ()) -> None:
        ids = [i for i in ids if i not in self.path]
        paths = [p for p in paths if p not in self.by_path]
        if ids or paths:
            self._take(
                Unit.objects.order_by()
                .filter(Q(pk__in=ids) | Q(path__in=paths))
                .values_list(*self._COLUMNS)
            )

    def parent(self, unit_id: int) -> int | None:
        if unit_id in self.moved:
            return self.moved[unit_id]
        path = self.path[unit_id]
        if len(path) <= Unit.steplen:
            return None
        parent_path = path[: -Unit.steplen]
        if parent_path not in self.by_path:
            self.load(paths=[parent_path])
        return self.by_path.get(parent_path)

    def ancestors(self, unit_ids: Iterable[int]) -> dict[int, list[int]]:
        """{unit: [parent, grandparent, ...]} on ``on``."""
        unit_ids = list(unit_ids)
        self.load(ids=unit_ids)
        # Prefetch today's ancestors in one query; moved units' old parents come on demand.
        self.load(
            paths={
                self.path[u][:i]
                for u in unit_ids
                if u in self.path
                for i in range(Unit.steplen, len(self.path[u]), Unit.steplen)
            }
        )
        self.load(ids=[p for p in self.moved.values() if p is not None])
        out = {}
        for u in unit_ids:
            chain: list[int] = []
            x = self.parent(u) if u in self.path else None
            while x is not None and x not in chain and len(chain) < 64:
                chain.append(x)
                if x not in self.path:
                    self.load(ids=[x])
                x = self.parent(x)
            out[u] = chain
        return out

    def holds(self, unit_id: int, other: int) -> bool:
        """Whether ``other`` is ``unit_id`` or lay in its subtree on ``on``."""
        if unit_id == other:
            return True
        if other not in self._above:
            self.know(other)
        return unit_id in self._above[other]

    def know(self, *unit_ids: int) -> None:
        """Load the ancestors of ``unit_ids`` for :meth:`holds` (a few queries for all)."""
        todo = [u for u in unit_ids if u not in self._above]
        if todo:
            for u, chain in self.ancestors(todo).items():
                self._above[u] = set(chain)

    def children(self, unit_ids: Collection[int]) -> dict[int, list[int]]:
        """{unit: [its children on ``on``]} for ``unit_ids`` (loaded first)."""
        self.load(ids=unit_ids)
        out: dict[int, list[int]] = {u: [] for u in unit_ids}
        q = Q(pk__in=[])
        for u in unit_ids:
            q |= Q(path__startswith=self.path[u], depth=len(self.path[u]) // Unit.steplen + 1)
        rows = list(Unit.objects.order_by().filter(q).values_list(*self._COLUMNS))
        self._take(rows)
        for pk, path, *_rest in rows:
            if pk in self.moved:
                continue
            parent = self.by_path[path[: -Unit.steplen]]
            out[parent].append(pk)
        for u in unit_ids:
            out[u].extend(self.moved_in.get(u, []))
        self.load(ids=[c for cs in out.values() for c in cs])
        return out
