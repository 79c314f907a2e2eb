"""Reads of import jobs, scoped like every other read."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.access import get_unit_for_user, require_perm_on, scope_q

from .models import ImportJob

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
