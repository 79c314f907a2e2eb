"""Background work of the indicators app (django-tasks; ``manage.py db_worker`` runs it)."""

from django_tasks import task

from . import figures


@task()
def refresh_indicators() -> int:
    """Recompute the figures of the units marked dirty since the last run (seconds after a
    write); returns the number of marks consumed."""
    return figures.refresh_dirty()
