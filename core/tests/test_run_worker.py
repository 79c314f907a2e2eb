"""The task worker (``manage.py run_worker``) waits out a busy database instead of exiting."""

from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django_tasks_db.models import DBTaskResult

from core.management.commands import run_worker
from indicators.tasks import refresh_indicators


@contextmanager
def database_busy_for(times: int):
    """The worker's next ``times`` attempts at the task queue fail as a busy database fails them:
    SQLite refuses the claim's BEGIN EXCLUSIVE while an import holds the write lock; a
    PostgreSQL connection drops (a restart)."""
    left = [times]
    if connection.vendor == "sqlite":
        message = "database is locked"

        def hit(sql):
            return sql.startswith("BEGIN")
    else:
        message = "server closed the connection unexpectedly"

        def hit(sql):
            return sql.startswith("SELECT") and "DBTASKRESULT" in sql

    def busy(execute, sql, params, many, context):
        if left[0] and hit(sql.lstrip().upper()):
            left[0] -= 1
            raise OperationalError(message)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(busy):
        yield left


@pytest.mark.django_db(transaction=True)
def test_it_retries_with_growing_waits_and_then_runs_the_task(monkeypatch):
    result = refresh_indicators.enqueue()
    waits: list[float] = []
    monkeypatch.setattr(run_worker.time, "sleep", waits.append)
    with database_busy_for(3) as left:
        call_command("run_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    assert left == [0]
    assert waits == [1.0, 2.0, 4.0]
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_it_still_stops_on_other_errors(monkeypatch):
    refresh_indicators.enqueue()

    def broken(execute, sql, params, many, context):
        raise OperationalError("no such table: django_tasks_db_dbtaskresult")

    monkeypatch.setattr(run_worker.time, "sleep", lambda s: None)
    # Retrying cannot mend a missing table: the error ends the worker (serve.sh restarts it).
    with connection.execute_wrapper(broken), pytest.raises(OperationalError):
        call_command("run_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
