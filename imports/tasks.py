"""Background tasks of imports (django-tasks, run by ``manage.py db_worker``)."""

from django.contrib.auth import get_user_model
from django_tasks import task


def _actor(actor_id: int | None):
    if actor_id is None:
        return None
    return get_user_model().objects.filter(pk=actor_id).first()


@task()
def commit_import(job_id: int, actor_id: int | None = None) -> str:
    from .services import commit_job

    return commit_job(job_id, actor=_actor(actor_id)).status


@task()
def analyse_import(job_id: int) -> str:
    from .models import ImportJob
    from .services import analyse_job

    return analyse_job(ImportJob.objects.select_related("unit").get(pk=job_id)).status
