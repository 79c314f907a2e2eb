import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.access import has_perm_on
from core.text import nfc
from org.models import Unit


def text(value: str, field: str, *, required: bool = False, limit: int = 20_000) -> str:
    value = nfc(value or "").strip()
    if required and not value:
        raise ValidationError({field: [_("Hãy điền mục này.")]})
    if len(value) > limit:
        raise ValidationError({field: [_("Nội dung quá dài.")]})
    return value


def require_edit(actor, unit: Unit) -> None:
    """Services are called by pages that checked already; the API and tests get the same rule."""
    if getattr(actor, "pk", None) and not has_perm_on(actor, unit, "edit"):
        raise PermissionDenied(_("Bạn không có quyền sửa dữ liệu của đơn vị này."))


def not_future(day: datetime.date, field: str, today: datetime.date) -> None:
    if day > today:
        raise ValidationError({field: [_("Ngày không được sau hôm nay.")]})
