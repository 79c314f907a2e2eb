"""Model fields shared by the apps."""

import re

from django.db import models
from django.db.models import Lookup


class SearchKeyField(models.CharField):
    """An accent-free, lowercase key (core.text.search_key) with a phrase lookup:
    ``filter(search_key__words="nguyen thi hoa")`` matches keys that contain those words in that
    order from a word boundary, the last one possibly half typed ("thi hoa" and "nguyen thi ho"
    find "nguyen thi hoa"; "guyen" does not). PostgreSQL answers it from a full-text GIN index over
    the key (a phrase query, see the app's migration), other databases with LIKE."""


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
        return f"(' ' || {lhs}) LIKE %s", [*lhs_params, "% " + " ".join(words) + "%"]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        words = self.words(self.rhs)
        if not words:
            return "TRUE", []
        query = " <-> ".join([*words[:-1], f"{words[-1]}:*"])  # a phrase; the last word a prefix
        return (
            f"to_tsvector('simple'::regconfig, {lhs}) @@ to_tsquery('simple'::regconfig, %s)",
            [*lhs_params, query],
        )
