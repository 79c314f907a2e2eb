"""Dirty marks for the figures: any service says which units' figures changed, and from when.

The figures (the indicators app) sit above every domain app, so a service of org, members, dues,
funds, clubs or imports cannot import them. The services call :func:`note_changed` here, at the
bottom; the indicators app, when Django starts (``IndicatorsConfig.ready``), registers what a
mark does: a DirtyUnit row per unit inside the caller's transaction, and one refresh queued after
the commit (``indicators.services.note_changed``). Without the indicators app a mark does nothing:
there are no figures to refresh.
"""

import datetime
from collections.abc import Callable, Iterable

_marker: Callable[..., None] | None = None


def register(marker: Callable[..., None]) -> None:
    """Called once, by the figures app at start-up, with its ``note_changed``."""
    global _marker
    _marker = marker


def note_changed(
    *,
    unit_ids: Iterable[int | None] = (),
    unit_paths: Iterable[str] = (),
    person_ids: Iterable[int] = (),
    since: datetime.date,
) -> None:
    """Figures of these units changed from ``since`` on (imports and demo data pass the paths of
    the units they wrote to and the earliest date they wrote; a dues receipt or exemption passes
    its person, whose memberships' units count it wherever it was recorded). Call inside the
    write's transaction; the refresh runs after the commit, and a rolled-back write leaves no
    mark."""
    if _marker is not None:
        _marker(unit_ids=unit_ids, unit_paths=unit_paths, person_ids=person_ids, since=since)
