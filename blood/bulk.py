"""Writing many rows of one table, each with its own values, in one statement.

Django's ``bulk_update`` builds a ``CASE WHEN id = … THEN …`` per field and row: for the 500
outcomes of a drive it cost seconds of Python alone. On PostgreSQL the rows are written with one
``UPDATE … FROM (VALUES …)``; rows that share their values (most outcomes of a drive: donated,
350 ml, whole blood) are one ``UPDATE … WHERE id IN (…)`` each on any database.
"""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import connection, models

CHUNK = 2000


def update_rows(model: type[models.Model], objs: Sequence[models.Model], fields: list[str]) -> None:
    """Write ``fields`` of ``objs`` (instances of ``model``, already in the database)."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        _update_by_value(model, objs, fields)
        return
    meta = model._meta
    pk: Any = meta.pk
    cols: list[Any] = [meta.get_field(f) for f in fields]
    casts = [f"%s::{pk.db_type(connection)}"] + [f"%s::{c.db_type(connection)}" for c in cols]
    row_sql = "(" + ", ".join(casts) + ")"
    names = ", ".join(connection.ops.quote_name(c.column) for c in cols)
    sets = ", ".join(
        f"{connection.ops.quote_name(c.column)} = v.{connection.ops.quote_name(c.column)}"
        for c in cols
    )
    table = connection.ops.quote_name(meta.db_table)
    pk_col = connection.ops.quote_name(pk.column)
    for i in range(0, len(objs), CHUNK):
        part = objs[i : i + CHUNK]
        params: list = []
        for obj in part:
            params.append(pk.get_db_prep_value(obj.pk, connection))
            for c in cols:
                params.append(c.get_db_prep_save(getattr(obj, c.attname), connection))
        sql = (
            f"UPDATE {table} AS t SET {sets} FROM (VALUES {', '.join([row_sql] * len(part))}) "  # noqa: S608
            f"AS v(pk, {names}) WHERE t.{pk_col} = v.pk"  # noqa: S608 - names from the model
        )
        with connection.cursor() as cur:
            cur.execute(sql, params)


def _update_by_value(model, objs, fields) -> None:
    attnames = [model._meta.get_field(f).attname for f in fields]
    groups: dict[tuple, list] = defaultdict(list)
    for obj in objs:
        groups[tuple(getattr(obj, a) for a in attnames)].append(obj.pk)
    for values, pks in groups.items():
        data = dict(zip(attnames, values, strict=True))
        for i in range(0, len(pks), 500):
            model.objects.filter(pk__in=pks[i : i + 500]).update(**data)
