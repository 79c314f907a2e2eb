"""The one check every service that writes a dated record calls: is that date inside a period
the reporting cycle has approved, hence locked, for this unit or a unit above it?

The locks are :class:`org.models.PeriodLock` rows (written and ended by the reporting app's
services). This module sits with the tree, at the bottom, so memberships, dues, the fund and every
programme app can ask it without importing the reporting app.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_date

from .models import PeriodLock, Unit


def message(lock: PeriodLock, on: datetime.date) -> str:
    who = lock.locked_by.get_full_name() or lock.locked_by.get_username() if lock.locked_by else ""
    return _(
        "Kỳ báo cáo %(label)s của %(unit)s đã được %(who)s duyệt ngày %(at)s và khoá sổ: "
        "không thể ghi dữ liệu ngày %(on)s. Đề nghị cấp duyệt mở lại kỳ nếu cần sửa."
    ) % {
        "label": lock.label,
        "unit": lock.unit.name,
        "who": who or _("cấp trên"),
        "at": format_date(timezone.localtime(lock.locked_at).date()),
        "on": format_date(on),
    }


def ensure_open(*, unit: Unit, on: datetime.date | Iterable[datetime.date]) -> None:
    """Raise ValidationError (the message names the period and who approved it) when ``on`` (one
    date or several) falls in a locked period of ``unit`` or of a unit above it."""
    days = [on] if isinstance(on, datetime.date) else sorted(set(on))
    if not days:
        return
    lock = (
        PeriodLock.objects.filter(
            unit__path__in=unit.ancestor_paths(),
            start__lte=days[-1],
            end__gte=days[0],
            reopened_at__isnull=True,
        )
        .select_related("unit", "locked_by")
        .order_by("start")
    )
    for candidate in lock:
        hit = next((d for d in days if candidate.start <= d <= candidate.end), None)
        if hit is not None:
            raise ValidationError(message(candidate, hit))


def ensure_open_rows(rows, *, path_field: str, date_field: str) -> None:
    """The bulk variant for a queryset of dated rows (an import's memberships): raise the same
    ValidationError when any row's date falls in a locked period of its unit or a unit above.
    Set-based: one aggregate, one read of the locks overlapping the rows' dates, one query."""
    from django.db.models import Max, Min, Q

    span = rows.aggregate(first=Min(date_field), last=Max(date_field))
    if span["first"] is None:
        return
    locks = list(
        PeriodLock.objects.filter(
            start__lte=span["last"], end__gte=span["first"], reopened_at__isnull=True
        ).select_related("unit", "locked_by")
    )
    if not locks:
        return
    q = Q(pk__in=[])
    for lock in locks:
        q |= Q(
            **{
                f"{path_field}__startswith": lock.unit.path,
                f"{date_field}__gte": lock.start,
                f"{date_field}__lte": lock.end,
            }
        )
    hit = rows.filter(q).values_list(path_field, date_field).first()
    if hit is not None:
        path, on = hit
        lock = next(x for x in locks if path.startswith(x.unit.path) and x.start <= on <= x.end)
        raise ValidationError(message(lock, on))
