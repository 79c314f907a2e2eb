"""Model fields shared by the apps."""

import re

from django.conf import settings
from django.db import models
from django.db.models import Lookup


def actor_field():
    """Who did it: a user, kept as null when the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip


class SearchKeyField(models.CharField):
    """An accent-free, lowercase key (core.text.search_key) with a phrase lookup:
    ``filter(search_key__words="thi hoa")`` matches keys that contain those whole words in that
    order ("nguyen thi hoa", "nguyen thi hoa lan"; not "nguyen thi hoang"). PostgreSQL answers it
    from a full-text GIN index over the key (a phrase query, see people's migration 0002), other
    databases with LIKE.

    Whole words, not prefixes: a half-typed last word ("ha:*") matches a large share of a million
    Vietnamese names (ha, hai, han, hang, hanh, hao, hau ...) and was measured at 300+ ms.

    ``search_vector_column``: on PostgreSQL, a generated tsvector column of the same table holding
    ``to_tsvector('simple', <this column>)``, created by a migration; the lookup reads it.
    """

    def __init__(self, *args, search_vector_column: str | None = None, **kwargs):
        self.search_vector_column = search_vector_column
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.search_vector_column:
            kwargs["search_vector_column"] = self.search_vector_column
        return name, path, args, kwargs


@SearchKeyField.register_lookup
class Words(Lookup):
    lookup_name = "words"

    @staticmethod
    def words(value: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", str(value))

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        words = self.words(self.rhs)
        if not words:
            return "1 = 1", []
        phrase = " ".join(words)
        # The plain substring test first: it turns most rows away without building a padded
        # copy of each key (measured on 49,000 keys: 16 ms instead of 20).
        return (
            f"({lhs} LIKE %s AND (' ' || {lhs} || ' ') LIKE %s)",
            [*lhs_params, f"%{phrase}%", *lhs_params, f"% {phrase} %"],
        )

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        words = self.words(self.rhs)
        if not words:
            return "TRUE", []
        query = " <-> ".join(words)  # a phrase of whole words
        column = getattr(self.lhs, "target", None)
        if getattr(column, "search_vector_column", None) and lhs.endswith(f'"{column.column}"'):
            # The table keeps the key's words in a generated tsvector column (see the model's
            # migration): read it instead of computing to_tsvector for every candidate row.
            vector = lhs[: -len(column.column) - 2] + f'"{column.search_vector_column}"'
        else:
            vector = f"to_tsvector('simple'::regconfig, {lhs})"
        return f"{vector} @@ to_tsquery('simple'::regconfig, %s)", [*lhs_params, query]


@SearchKeyField.register_lookup
class WordsScan(Words):
    """The same match as ``words`` by LIKE on every database: for a few thousand rows already
    narrowed by an index (a unit's register), testing each is cheaper than a full-text search
    over a million people that then has to be joined back."""

    lookup_name = "words_scan"

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection)
