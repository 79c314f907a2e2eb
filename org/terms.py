"""Congress terms (nhiệm kỳ) as data: which term a year falls in, at a unit's level.

A year shared by two terms (the congress year: 2021 ends 2016–2021 and opens 2021–2026) belongs to
the term that opens in it. A year no recorded term covers has no term.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from .models import CongressTerm, term_level


@dataclass(frozen=True)
class Term:
    start_year: int
    end_year: int

    @property
    def label(self) -> str:
        return f"{self.start_year}–{self.end_year}"


class Terms:
    """The recorded terms of every level, read once (one query) and asked many times."""

    def __init__(self, rows: Iterable[tuple[str, int, int]] | None = None):
        if rows is None:
            rows = CongressTerm.objects.values_list("level", "start_year", "end_year")
        self.by_level: dict[str, list[Term]] = {}
        for level, start, end in rows:
            self.by_level.setdefault(level, []).append(Term(start, end))
        for terms in self.by_level.values():
            terms.sort(key=lambda t: t.start_year, reverse=True)

    def of(self, year: int, kind: str) -> Term | None:
        """The term that ``year`` falls in for a unit of ``kind`` (None: no recorded term)."""
        for t in self.by_level.get(term_level(kind), ()):
            if t.start_year <= year <= t.end_year:
                return t
        return None

    def first_year(self) -> int | None:
        starts = [t.start_year for terms in self.by_level.values() for t in terms]
        return min(starts) if starts else None
