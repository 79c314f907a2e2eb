"""Reads of import jobs, scoped like every other read."""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.access import get_unit_for_user, require_perm_on, scope_q
from members.models import Membership
from members.services import MEMBER_UNIT_KINDS
from org.models import Unit
from people.models import Person

from . import progress
from .models import ImportJob, ImportUpdate

S = ImportJob.Status

EDIT_MESSAGE = _("Bạn cần quyền nhập liệu ở đơn vị này để nhập danh sách từ tệp.")


def unit_to_import(user, pk: int):
    """The unit (404 outside the user's scope) where the user needs "edit" (else 403)."""
    unit = get_unit_for_user(user, pk)
    require_perm_on(user, unit, "edit", str(EDIT_MESSAGE))
    return unit


def jobs_for_user(user, perm: str = "edit"):
    return ImportJob.objects.filter(scope_q(user, "unit__path", perm=perm)).select_related(
        "unit", "created_by"
    )


def get_job_for_user(user, job_id: int, unit=None) -> ImportJob:
    """A job the user can see (404 otherwise, and for another unit's job) of a unit where the user
    has "edit" (403 otherwise)."""
    qs = jobs_for_user(user, "view").filter(pk=job_id)
    if unit is not None:
        qs = qs.filter(unit=unit)
    job = qs.first()
    if job is None:
        raise Http404
    require_perm_on(user, job.unit, "edit", str(EDIT_MESSAGE))
    return job


def branch_choices(user, unit: Unit):
    """The units under ``unit`` (itself included) that keep members and where ``user`` may
    import: where rows that name no branch can go."""
    qs = Unit.objects.filter(
        path__startswith=unit.path, valid_to__isnull=True, kind__in=MEMBER_UNIT_KINDS
    )
    if user is not None:
        qs = qs.filter(scope_q(user, "path", perm="edit"))
    return qs.order_by("path")


def is_stale(job: ImportJob) -> bool:
    """A job marked running or analysing whose process stopped refreshing its progress
    (killed, crashed)."""
    return job.status in (S.RUNNING, S.ANALYSING) and progress.is_stale(progress.read(job.pk))


def can_commit(job: ImportJob) -> bool:
    return job.status in (S.READY, S.FAILED, S.CANCELLED) or (
        job.status == S.RUNNING and is_stale(job)
    )


def undo_blockers(job: ImportJob) -> list[str]:
    """Why an import can no longer be undone (empty when it can)."""
    if job.status != S.DONE or job.finished_at is None:
        return [gettext("Chỉ hoàn tác được lần nhập đã xong.")]
    reasons = []
    people = Person.objects.filter(import_job=job)
    changed = ImportUpdate.objects.filter(job=job).values("person_id")
    if (
        people.filter(updated_at__gt=job.finished_at).exists()
        or Person.objects.filter(pk__in=changed, updated_at__gt=job.finished_at).exists()
    ):
        reasons.append(gettext("Có người trong lần nhập đã được sửa sau đó."))
    ours = Membership.objects.filter(import_job=job)
    if ours.filter(Q(ended_on__isnull=False) | Q(next__isnull=False)).exists():
        reasons.append(gettext("Có quá trình sinh hoạt đã được chuyển hoặc kết thúc sau đó."))
    if Membership.objects.filter(person__import_job=job).exclude(import_job=job).exists():
        reasons.append(gettext("Có người trong lần nhập đã có thêm quá trình sinh hoạt khác."))
    return reasons
