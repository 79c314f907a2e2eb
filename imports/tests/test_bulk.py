"""PostgreSQL only: a large import rebuilds the registers' indexes, and a failure keeps them."""

import pytest
from django.db import connection

from imports import pipeline
from imports.models import ImportJob
from members.models import Membership
from people.models import Person

S = ImportJob.Status
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="bulk loading is PostgreSQL's"
)


def _schema() -> tuple[set, set]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[])",
            [list(pipeline.BULK_TABLES)],
        )
        indexes = set(cur.fetchall())
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[])",
            [list(pipeline.BULK_TABLES)],
        )
        return indexes, set(cur.fetchall())


def test_it_rebuilds_indexes_and_foreign_keys_after_a_large_import(make_job, commit, monkeypatch):
    monkeypatch.setattr(pipeline, "BULK_MIN_ROWS", 1)
    before = _schema()
    dropped = []
    real = pipeline._BulkLoad.finish

    def finish(self):
        dropped.append((len(self.indexes), len(self.fks)))
        assert not {name for name, _d in self.indexes} & {name for name, _d in _schema()[0]}
        real(self)

    monkeypatch.setattr(pipeline._BulkLoad, "finish", finish)
    job = commit(make_job())
    assert job.status == S.DONE
    assert dropped and dropped[0][0] > 5 and dropped[0][1] >= 1  # the bulk path ran
    assert _schema() == before
    assert Person.objects.count() == 5 and Membership.objects.count() == 5
    # The rebuilt indexes serve the register's look-ups.
    assert Person.objects.filter(search_key__startswith="nguyen").exists()


def test_a_failed_large_import_leaves_the_indexes_in_place(
    make_job, commit, monkeypatch, failing_write
):
    monkeypatch.setattr(pipeline, "BULK_MIN_ROWS", 1)
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    before = _schema()
    job = make_job()
    with pytest.raises(RuntimeError):
        commit(job)
    assert _schema() == before
    assert not Person.objects.exists() and not Membership.objects.exists()
    failing_write.restore()
    assert commit(job).status == S.DONE


def test_a_large_import_keeps_the_indexes_when_the_tables_are_busy(make_job, commit, monkeypatch):
    import psycopg

    monkeypatch.setattr(pipeline, "BULK_MIN_ROWS", 1)
    monkeypatch.setattr(pipeline, "BULK_LOCK_TIMEOUT", "200ms")
    started = []
    real = pipeline._BulkLoad.start.__func__

    def start(cls, rows, refs):
        started.append(real(cls, rows, refs))
        return started[-1]

    monkeypatch.setattr(pipeline._BulkLoad, "start", classmethod(start))
    job = make_job()
    before = _schema()
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    # Another session reads the register meanwhile: the import does not wait for it, nor
    # block it; it goes on with the indexes in place.
    with psycopg.connect(**params) as other:
        other.execute("BEGIN")
        other.execute("LOCK TABLE people_person IN ACCESS SHARE MODE")
        job = commit(job)
    assert job.status == S.DONE and started == [None]
    assert _schema() == before
    assert Person.objects.count() == 5


@pytest.mark.django_db(transaction=True)  # (the other session must see the units)
def test_a_large_import_skips_row_checks_but_locks_the_rows_it_points_to(
    make_job, commit, monkeypatch, tree
):
    """Allowed to (the tests' role is a superuser), the COPYs run without the foreign-key
    trigger per row; the units the rows point to are locked as those checks would lock them,
    and the checks are back on before anything else is written."""
    import psycopg

    monkeypatch.setattr(pipeline, "BULK_MIN_ROWS", 1)
    seen = {}
    real = pipeline._BulkLoad.finish

    def role():
        with connection.cursor() as cur:
            cur.execute("SHOW session_replication_role")
            return cur.fetchone()[0]

    def finish(self):
        seen["replica"], seen["during"] = self.replica, role()
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        with psycopg.connect(**params) as other:
            other.execute("SET lock_timeout = '200ms'")
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute("DELETE FROM org_unit WHERE id = %s", [tree.b1.pk])
        real(self)
        seen["after"] = role()

    monkeypatch.setattr(pipeline._BulkLoad, "finish", finish)
    job = commit(make_job())
    assert job.status == S.DONE
    assert seen == {"replica": True, "during": "replica", "after": "origin"}
    assert Membership.objects.filter(unit__path__startswith=tree.b1.path).count() == 5
