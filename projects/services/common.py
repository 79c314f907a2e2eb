"""What the project services share: money and text checks, month arithmetic."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import nfc

MAX_VALUE = 10**12


def money(n, field: str, *, positive: bool = False) -> int:
    if not isinstance(n, int) or isinstance(n, bool) or n < 0 or n > MAX_VALUE:
        raise ValidationError({field: [_("Giá trị phải là số đồng từ 0 trở lên.")]})
    if positive and n == 0:
        raise ValidationError({field: [_("Số tiền phải lớn hơn 0.")]})
    return n


def text(value: str, field: str = "", *, required: bool = False, limit: int = 255) -> str:
    value = nfc(value or "").strip()[:limit]
    if required and not value:
        raise ValidationError({field: [_("Trường này là bắt buộc.")]})
    return value


def not_future(on: datetime.date, field: str = "on") -> datetime.date:
    if on > timezone.localdate():
        raise ValidationError({field: [_("Ngày không được sau hôm nay.")]})
    return on


def add_months(day: datetime.date, months: int) -> datetime.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
