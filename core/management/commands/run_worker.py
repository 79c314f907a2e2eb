"""``manage.py run_worker``: django-tasks-db's ``db_worker`` that outlives a busy database.

db_worker exits on the first database error outside a task: on SQLite, "database is locked"
when an import's commit holds the write lock for longer than the busy timeout (its own
``BEGIN EXCLUSIVE`` to claim the next task is not guarded); on PostgreSQL, a dropped connection.
This worker logs the error, waits (1 s, doubling up to 60 s) and starts polling again; any
other error (a missing table, a bug) still stops it, and ``scripts/serve.sh`` starts it again.
"""

import logging
import os
import time

from django.core.management.base import CommandError
from django.db import OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker
from django_tasks_db.utils import is_locked_database_exception

logger = logging.getLogger("django_tasks_db")

FIRST_WAIT = 1.0
LONGEST_WAIT = 60.0


def worth_retrying(e: OperationalError) -> bool:
    """A busy or unreachable database, which time mends (not e.g. a missing table)."""
    if is_locked_database_exception(e):
        return True
    text = str(e).lower()
    if "connection" in text or "could not connect" in text:
        return True
    return any(
        conn.connection is not None and not conn.is_usable()
        for conn in connections.all(initialized_only=True)
    )


class RetryingWorker(db_worker.Worker):
    def run(self) -> None:
        wait = FIRST_WAIT
        while True:
            started = time.monotonic()
            try:
                super().run()
                return
            except OperationalError as e:
                if not self.running:
                    return  # asked to stop (Ctrl-C) while the error came
                if not worth_retrying(e):
                    raise
                # A worker that ran for a while before this error starts its back-off afresh.
                if time.monotonic() - started > LONGEST_WAIT:
                    wait = FIRST_WAIT
                reason = "database is locked" if is_locked_database_exception(e) else e
                logger.warning("Worker: %s; trying again in %.0f s", reason, wait)
                connections.close_all()  # a broken connection is opened afresh
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)


class Command(db_worker.Command):
    help = "Run the background task worker (db_worker that waits and retries when the database is busy)"

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               reload, max_tasks, worker_id, exclude_queues, **options):  # fmt: skip
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = RetryingWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # in the reloader's child only
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
