"""PostgreSQL only: what a large import sets aside while it loads (core.pgbulk.Detached with
imports.pipeline's choice), against all the registers' indexes and foreign keys."""

import pytest
from django.db import connection

from core import pgbulk
from imports.pipeline import BULK_TABLES, _kept_while_loading

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="bulk loading is PostgreSQL's"
)
TABLES = list(BULK_TABLES)


def test_the_import_keeps_what_its_look_ups_use_and_the_keys_to_other_tables(db):
    """The import's choice (imports.pipeline._BulkLoad): the membership's person and open-card
    indexes stay, and only the foreign keys between the two tables are set aside."""
    every = pgbulk.Detached.find(TABLES)
    chosen = pgbulk.Detached.find(TABLES, keep=_kept_while_loading, fks_among=True)
    assert set(chosen.indexes) < set(every.indexes)
    assert not any("(person_id)" in d for _n, d in chosen.indexes)
    assert any("(person_id)" in d for _n, d in every.indexes)
    assert chosen.fks and all("people_person" in d or "members_membership" in d for _t, _n, d in chosen.fks)  # fmt: skip
    assert any("org_unit" in d for _t, _n, d in every.fks)
    assert not any("org_unit" in d for _t, _n, d in chosen.fks)
