"""The audit trail endpoint: events of the units a user manages (core keeps the events, the
scope is accounts'; the site, above both, joins them)."""

import datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from accounts.access import get_unit_for_user, require_perm_on, scope_q
from core.api import Pagination
from core.inputs import Id, Line
from core.models import AuditEvent

router = Router(tags=["Nhật ký"])


class AuditFilters(Schema):
    unit: Id | None = Field(None, description="Chỉ lấy sự kiện trong cây con của đơn vị này")
    action: Line | None = Field(
        None, max_length=64, description="Tiền tố hành động, vd. accounts.role"
    )


class AuditEventOut(Schema):
    id: int
    at: datetime.datetime
    actor: str | None = Field(None, description="Tên đăng nhập của người thực hiện")
    action: str
    unit_id: int | None
    unit_name: str | None
    object_type: str
    object_id: str
    data: dict[str, Any]

    @staticmethod
    def resolve_actor(obj: AuditEvent) -> str | None:
        return obj.actor.get_username() if obj.actor is not None else None

    @staticmethod
    def resolve_unit_name(obj: AuditEvent) -> str | None:
        return obj.unit.name if obj.unit is not None else None


@router.get("/audit", response=list[AuditEventOut], summary="Nhật ký hoạt động (mới nhất trước)")
@paginate(Pagination)
def audit_events(request, filters: Query[AuditFilters]):
    """Cần quyền quản lý trên đơn vị; không có `unit` thì lấy mọi đơn vị bạn quản lý."""
    user = request.auth
    events = AuditEvent.objects.select_related("actor", "unit")
    if filters.unit is not None:
        unit = get_unit_for_user(user, filters.unit)
        require_perm_on(
            user, unit, "manage", _("Bạn cần quyền quản lý đơn vị này để xem nhật ký hoạt động.")
        )
        events = events.filter(unit_path__startswith=unit.path)
    else:
        events = events.filter(scope_q(user, "unit_path", perm="manage"))
    if filters.action:
        events = events.filter(action__startswith=filters.action)
    return events.order_by("-at", "-id")
