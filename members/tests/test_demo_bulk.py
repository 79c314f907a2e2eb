"""PostgreSQL only: the demo's large load (core.pgbulk.without_indexes) sets the registers'
indexes and foreign keys aside while it writes, then puts every one of them back."""

import datetime

import pytest
from django.db import connection

from members import demo
from members.models import Membership
from people.models import Person

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="bulk loading is PostgreSQL's"
)
TABLES = ["people_person", "members_membership"]


def _schema() -> tuple[set, set]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[])",
            [TABLES],
        )
        indexes = set(cur.fetchall())
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[])",
            [TABLES],
        )
        return indexes, set(cur.fetchall())


# (committed, then flushed: the load analyses the tables, and statistics outlive a rollback but
# not the flush; a large import's threshold in other tests reads them)
@pytest.mark.django_db(transaction=True)
def test_the_demos_bulk_load_writes_without_the_indexes_and_puts_them_back(tree, monkeypatch):
    before = _schema()
    during = []
    real = demo.write

    def write(*args, **kwargs):
        during.append(_schema())
        return real(*args, **kwargs)

    monkeypatch.setattr(demo, "write", write)
    stats = demo.run(members=40, seed=3, today=datetime.date(2026, 6, 15), bulk=True)
    indexes, constraints = during[0]
    # Set aside: every secondary index that is not a constraint, every foreign key.
    assert len(indexes) < len(before[0]) and len(constraints) < len(before[1])
    assert not any("FOREIGN KEY" in d for _n, d in constraints)
    assert _schema() == before
    assert Membership.objects.count() == stats.memberships >= 40
    assert Person.objects.count() == stats.people
