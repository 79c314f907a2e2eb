"""Background tasks of imports (django-tasks, run by ``manage.py db_worker``)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django_tasks import task


def _actor(actor_id: int | None):
    if actor_id is None:
        return None
    return get_user_model().objects.filter(pk=actor_id).first()


# ``language``: the language of the user who started the task; the messages of the rows in error
# are kept in it (Vietnamese when not given).


@task()
def commit_import(job_id: int, actor_id: int | None = None, language: str | None = None) -> str:
    from .services import commit_job

    with translation.override(language or settings.LANGUAGE_CODE):
        return commit_job(job_id, actor=_actor(actor_id)).status


@task()
def analyse_import(job_id: int, language: str | None = None) -> str:
    from django.core.exceptions import ValidationError

    from .models import ImportJob
    from .services import analyse_job

    job = ImportJob.objects.select_related("unit").get(pk=job_id)
    if job.status == ImportJob.Status.CANCELLED:
        return job.status  # cancelled while it waited in the queue: nothing to check
    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            return analyse_job(job).status
        except ValidationError:  # (an unreadable file: the job says why)
            return ImportJob.objects.get(pk=job_id).status
