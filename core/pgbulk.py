"""Loading many rows at once: primary keys reserved in a block, and (PostgreSQL) a table's
secondary indexes and foreign keys set aside while the rows stream in, then built again in one
pass each (what pg_restore does).

Used by the register import (imports.pipeline) and the demo writer (members.demo); it knows no
model of the project, only the tables it is given.
"""

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import connection

# (first column of the index or None for an expression, unique) -> whether the index stays
KeepIndex = Callable[[str | None, bool], bool]


def reserve_ids(model, count: int) -> int:
    """First of ``count`` consecutive primary keys no one else will be given."""
    table = model._meta.db_table
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, count],
            )
            return cur.fetchone()[0] - count + 1
        cur.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"')  # noqa: S608
        return cur.fetchone()[0] + 1


@dataclass
class Detached:
    """PostgreSQL: the secondary indexes (those that are not constraints: primary keys and
    unique constraints stay) and foreign keys of some tables, found, dropped, built again.
    A unique index that is rebuilt checks its rows again."""

    indexes: list[tuple[str, str]]  # (name, CREATE INDEX …)
    fks: list[tuple[str, str, str]]  # (table, constraint name, definition)

    @classmethod
    def find(
        cls, tables: list[str], *, keep: KeepIndex | None = None, fks_among: bool = False
    ) -> "Detached":
        """The indexes of ``tables`` but those ``keep`` keeps; their foreign keys, with
        ``fks_among`` only those between the tables themselves (dropping one to another table
        would lock that table too)."""
        with connection.cursor() as cur:
            cur.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), "
                "a.attname, i.indisunique FROM pg_index i "
                "LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
                "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
                "ORDER BY i.indexrelid",
                [tables],
            )
            indexes = [
                (name, definition)
                for name, definition, column, unique in cur.fetchall()
                if keep is None or not keep(column, unique)
            ]
            among = " AND confrelid = ANY(%s::regclass[])" if fks_among else ""
            cur.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])" + among,
                [tables, tables] if fks_among else [tables],
            )
            fks = cur.fetchall()
        return cls(indexes, fks)

    def drop(self, cur) -> None:
        for table, name, _definition in self.fks:
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in self.indexes:
            cur.execute(f"DROP INDEX {name}")

    def rebuild(self, cur) -> None:
        for _name, definition in self.indexes:
            cur.execute(definition)
        for table, name, definition in self.fks:
            cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


@contextlib.contextmanager
def without_indexes(models: list) -> Iterator[None]:
    """PostgreSQL, inside a transaction: drop the tables' secondary indexes and foreign keys
    while rows stream in, then build them again in one pass each and analyse the tables.

    Row-by-row index upkeep and the deferred per-row foreign-key checks cost three times the
    load itself at a million rows. The tables are locked meanwhile."""
    tables = [m._meta.db_table for m in models]
    detached = Detached.find(tables)
    with connection.cursor() as cur:
        detached.drop(cur)
    yield
    with connection.cursor() as cur:
        detached.rebuild(cur)
        cur.execute(f"ANALYZE {', '.join(tables)}")
