"""The demo's set-based writer (members.demo.write): ids reserved per chunk, one COPY per table
and chunk on PostgreSQL (``bulk_create`` on SQLite)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from core.pgbulk import reserve_ids
from org.models import Unit
from people.models import Person

from .models import EndReason, Membership


@dataclass
class Stats:
    people: int = 0
    memberships: int = 0
    open: int = 0
    transfers: int = 0
    exits: int = 0
    readmissions: int = 0
    by_category: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "people": self.people,
            "memberships": self.memberships,
            "open": self.open,
            "transfers": self.transfers,
            "exits": self.exits,
            "readmissions": self.readmissions,
            "by_category": dict(sorted(self.by_category.items())),
        }


def _columns(model) -> tuple[list[str], list[str], dict]:
    fields = model._meta.concrete_fields
    now = timezone.now()
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.attname != "id":
            defaults[f.attname] = f.get_default()
    return [f.attname for f in fields], [f.column for f in fields], defaults


def _copy(model, rows: list[dict]) -> None:
    attnames, columns, defaults = _columns(model)
    cols = ", ".join(f'"{c}"' for c in columns)
    sql = f'COPY "{model._meta.db_table}" ({cols}) FROM STDIN'
    with connection.cursor() as cur, cur.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([row[a] if a in row else defaults[a] for a in attnames])


def _insert(model, rows: list[dict]) -> None:
    if connection.vendor == "postgresql":
        _copy(model, rows)
    else:
        model.objects.bulk_create([model(**row) for row in rows], batch_size=2000)


def write(
    people: Iterator[tuple[dict, list[dict]]],
    *,
    chunk: int = 50_000,
    progress: Callable[[Stats], None] | None = None,
) -> Stats:
    """Insert people and memberships set-based, ``chunk`` memberships at a time (call inside a
    transaction). Ids are reserved per chunk so a membership can name its ``previous``."""
    stats = Stats()
    paths: dict[int, str] = {}
    batch: list[tuple[dict, list[dict]]] = []
    size = 0

    def flush() -> None:
        nonlocal batch, size
        if not batch:
            return
        n_members = sum(len(rows) for _p, rows in batch)
        pid = reserve_ids(Person, len(batch))
        mid = reserve_ids(Membership, n_members)
        person_rows, member_rows = [], []
        wanted = {row["unit_id"] for _p, rows in batch for row in rows} - paths.keys()
        paths.update(Unit.objects.filter(pk__in=wanted).values_list("pk", "path"))
        for person, rows in batch:
            person["id"] = pid
            first = mid
            for row in rows:
                previous = row.pop("previous")
                row["id"] = mid
                row["person_id"] = pid
                row["unit_path"] = paths[row["unit_id"]]  # the copies the services keep
                row["sort_key"] = person["sort_key"]
                row["search_key"] = person["search_key"]
                row["previous_id"] = None if previous is None else first + previous
                mid += 1
                member_rows.append(row)
                stats.by_category[row["category"]] = stats.by_category.get(row["category"], 0) + 1
                if row["ended_on"] is None:
                    stats.open += 1
                elif row["end_reason"] == EndReason.TRANSFERRED:
                    stats.transfers += 1
                else:
                    stats.exits += 1
                if previous is not None and rows[previous]["end_reason"] != EndReason.TRANSFERRED:
                    stats.readmissions += 1
            pid += 1
            person_rows.append(person)
        _insert(Person, person_rows)
        _insert(Membership, member_rows)
        stats.people += len(person_rows)
        stats.memberships += len(member_rows)
        batch, size = [], 0
        if progress is not None:
            progress(stats)

    for person, rows in people:
        batch.append((person, rows))
        size += len(rows)
        if size >= chunk:
            flush()
    flush()
    return stats
