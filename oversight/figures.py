"""This app's figures for the indicators (see indicators.figures.own and indicators.catalogue).

``INDICATORS``: the app's indicators as plain dicts, which the catalogue turns into Indicator
values: ``code``, ``name`` (lazy Vietnamese), ``unit`` ("people", "units", "vnd", "percent" or a
lazy word), ``rollup`` ("sum", "ratio", "share"), then either ``key`` (the figure key prefix
summed) or ``compute`` (a function of the figures: ``f.sum(prefix)``, ``f.get(key)``), and
optionally ``fdrs``, ``decimals``, ``description``.

``own_figures(year, end, unit_ids)``: ``{unit_id: {key: int}}`` for the records dated in
``year`` up to ``end`` (stock figures as of ``end``), for ``unit_ids`` (None: every unit);
set-based, a fixed number of queries. Keys start with the app's prefix.
"""

import datetime
from collections.abc import Collection

INDICATORS: list[dict] = []


def own_figures(
    year: int, end: datetime.date, unit_ids: Collection[int] | None
) -> dict[int, dict[str, int]]:
    return {}
