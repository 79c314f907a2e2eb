"""Writing an import's rows: new people and memberships set-based (one COPY per table and chunk
on PostgreSQL, sent by a helper thread while the next chunk is read; ``bulk_create`` elsewhere),
their primary keys reserved in blocks, and the few registered people a file changes."""

import datetime
from typing import Any

from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from core.pgbulk import reserve_ids
from members.models import Membership
from people.models import Person

from .models import ImportJob, ImportUpdate
from .plan import chunks

_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if type(value) is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPE)
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


try:  # psycopg's C row formatter (psycopg-binary); the pure-Python one otherwise
    from psycopg._copy_base import format_row_text as _format_row
except ImportError:  # pragma: no cover
    _format_row = None


class Writer:
    """Rows as tuples of the ``provided`` fields followed by ``self.consts``: the ``consts``
    given (field -> value) and every other column's model default, the same for every row.

    PostgreSQL: one COPY per chunk in text format, the columns named in the order of the tuple
    and the constant columns last. The text is made here (psycopg's C formatter) and sent by the
    commit's :class:`Background` thread while the next chunk is read. Elsewhere: bulk_create.
    """

    def __init__(self, model, provided: list[str], consts: dict | None = None):
        self.model = model
        consts = consts or {}
        fields = model._meta.concrete_fields
        by_attname = {f.attname: f for f in fields}
        now = timezone.now()
        self.provided = provided
        self.const_fields = [f for f in fields if f.attname not in provided]
        self.consts = tuple(
            consts[f.attname] if f.attname in consts
            else now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_default()
            for f in self.const_fields
        )  # fmt: skip
        columns = [by_attname[a].column for a in provided] + [f.column for f in self.const_fields]
        cols = ", ".join(f'"{c}"' for c in columns)
        self.sql = f'COPY "{model._meta.db_table}" ({cols}) FROM STDIN'
        self.names = list(provided) + [f.attname for f in self.const_fields]
        self._tx: Any = None
        self.background: Background | None = None  # set by run() for a commit on PostgreSQL

    def text(self, rows: list[tuple]) -> bytes:
        """The rows in COPY's text format."""
        if _format_row is not None:
            if self._tx is None:
                from psycopg import adapt

                self._tx = adapt.Transformer(connection.connection)
            out = bytearray()
            fmt, tx = _format_row, self._tx
            for row in rows:
                fmt(row, tx, out)
            return bytes(out)
        fmt_text, join = _copy_text, "\t".join
        return "".join([join(map(fmt_text, row)) + "\n" for row in rows]).encode()

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        if connection.vendor == "postgresql":
            data = self.text(rows)
            background = self.background
            if background is not None:
                background.submit(_copy, background.raw, self.sql, data)
            else:
                _copy(connection.connection, self.sql, data)
        else:
            model, names = self.model, self.names
            model.objects.bulk_create(
                [model(**dict(zip(names, row, strict=True))) for row in rows],
                batch_size=500,
            )

    def write_text(self, data: bytes) -> None:
        """Rows already in COPY's text format (PostgreSQL)."""
        if not data:
            return
        if self.background is not None:
            self.background.submit(_copy, self.background.raw, self.sql, data)
        else:
            _copy(connection.connection, self.sql, data)


def _copy(raw, sql: str, data: bytes) -> None:
    with raw.cursor() as cur, cur.copy(sql) as copy:
        copy.write(data)


class Background:
    """PostgreSQL: the commit's statements that need no answer (COPY) run in order on a helper
    thread, over the transaction's own connection, while this thread reads and checks the next
    chunk: psycopg leaves the GIL while the server works, so the two cores overlap. A query
    from this thread waits (psycopg's connection lock) until the COPY before it is done, so
    everything still happens in order in one transaction. At most ``depth`` chunks wait."""

    def __init__(self, depth: int = 2):
        from concurrent.futures import ThreadPoolExecutor

        self.raw = connection.connection
        self.depth = depth
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-copy")
        self.futures: list = []

    def submit(self, fn, *args) -> None:
        self.check()
        while len(self.futures) >= self.depth:
            self.futures.pop(0).result()
        self.futures.append(self.pool.submit(fn, *args))

    def check(self) -> None:
        """Raise the error of a statement that failed."""
        while self.futures and self.futures[0].done():
            self.futures.pop(0).result()

    def wait(self) -> None:
        while self.futures:
            self.futures.pop(0).result()

    def close(self) -> None:
        """Stop: what is queued is dropped, what runs ends, before the caller rolls back."""
        for f in self.futures:
            f.cancel()
        self.pool.shutdown(wait=True)
        self.futures = []


class Ids:
    """Primary keys for the new rows of each model: a block as large as the file reserved at
    the start (the unused ones are a gap, as after any rollback), so that no round trip per
    chunk waits for the COPY before it; another block if the file gave more rows."""

    def __init__(self, models: tuple, size: int):
        self.models = models
        self.size = max(size, 1)
        self.next = [reserve_ids(m, self.size) if size else 0 for m in models]
        self.end = [n + self.size if size else 0 for n in self.next]

    def take(self, i: int, count: int) -> int:
        if self.next[i] + count > self.end[i]:
            size = max(count, self.size)
            self.next[i] = reserve_ids(self.models[i], size)
            self.end[i] = self.next[i] + size
        first = self.next[i]
        self.next[i] += count
        return first


def _json(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def apply_updates(job: ImportJob, updates: list[tuple[int, dict, dict]], now) -> None:
    """Change registered people (few per import, so per field group with bulk_update), keep the
    values before for undo, and refresh the register's copies of renamed people's keys."""
    by_fields: dict[tuple, list[Person]] = {}
    for pid, changes, _before in updates:
        p = Person(pk=pid, updated_at=now, **changes)
        by_fields.setdefault(tuple(sorted(changes)), []).append(p)
    for fields, people in by_fields.items():
        Person.objects.bulk_update(people, [*fields, "updated_at"], batch_size=1000)
    ImportUpdate.objects.bulk_create(
        [
            ImportUpdate(job=job, person_id=pid, before={k: _json(v) for k, v in before.items()})
            for pid, _c, before in updates
        ],
        batch_size=1000,
    )
    renamed = [pid for pid, changes, _b in updates if "full_name" in changes]
    if renamed:
        refresh_keys(renamed)


def refresh_keys(person_ids: list[int]) -> None:
    person = Person.objects.filter(pk=OuterRef("person_id"))
    for part in chunks(person_ids):
        Membership.objects.filter(person_id__in=part).update(
            sort_key=Subquery(person.values("sort_key")[:1]),
            search_key=Subquery(person.values("search_key")[:1]),
        )
