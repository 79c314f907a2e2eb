"""Reorganisation over the API: rename, move, merge, split and cease a unit.

Mounted next to org.api's router. Access as on the web pages: the unit in the path needs the
'admin' role on its parent (404 outside the user's scope, 403 inside it without that role); other
units named in the body must be within the user's scope too. A refused reorganisation (tree shape,
dates) is 422 with the reason in ``detail`` (sohoi.api turns a service's ValidationError into it).
"""

import datetime

from django.http import Http404
from ninja import Field, Router, Schema

from accounts.access import get_unit_for_user
from core.inputs import Day, Id, Line, Text

from . import services
from .models import Unit
from .selectors import get_unit_for_reorg

router = Router(tags=["Tổ chức lại đơn vị"])


class ReorgUnitOut(Schema):
    id: int
    name: str
    kind: str
    valid_from: datetime.date
    valid_to: datetime.date | None


class RenameIn(Schema):
    name: Line = Field(min_length=1, max_length=255, description="Tên mới")
    on: Day = Field(description="Ngày hiệu lực của tên mới")


class MoveIn(Schema):
    new_parent: Id = Field(description="Đơn vị cấp trên mới (cần quyền quản trị ở đó)")
    on: Day = Field(description="Ngày hiệu lực")


class MergeIn(Schema):
    others: list[Id] = Field(
        default_factory=list, max_length=50, description="Các đơn vị khác hợp nhất cùng đơn vị này"
    )
    into: Id | None = Field(
        None,
        description="Đơn vị tiếp nhận có sẵn (có thể là chính đơn vị này); bỏ trống để lập "
        "đơn vị mới",
    )
    name: Line = Field("", max_length=255, description="Tên đơn vị mới (khi không có `into`)")
    parent: Id | None = Field(
        None, description="Cấp trên của đơn vị mới; mặc định là cấp trên của đơn vị này"
    )
    on: Day = Field(description="Ngày hiệu lực: các đơn vị cũ ngừng từ hôm trước")


class SplitPartIn(Schema):
    name: Line = Field(max_length=255)
    children: list[Id] = Field(
        default_factory=list, max_length=1000, description="Đơn vị cấp dưới giao cho phần này"
    )


class SplitIn(Schema):
    parts: list[SplitPartIn] = Field(max_length=50, description="Ít nhất hai đơn vị mới")
    on: Day
    members_to: int = Field(
        0, ge=0, le=49, description="Chỉ số (từ 0) của đơn vị mới nhận người sinh hoạt trực tiếp"
    )


class CeaseIn(Schema):
    on: Day = Field(description="Ngày đầu tiên đơn vị không còn hoạt động")
    reason: Text = Field(min_length=1, max_length=1000, description="Lý do giải thể")


@router.post("/units/{int:unit_id}/rename", response=ReorgUnitOut, summary="Đổi tên đơn vị")
def rename(request, unit_id: Id, payload: RenameIn):
    unit = get_unit_for_reorg(request.auth, unit_id)
    services.rename_unit(actor=request.auth, unit=unit, name=payload.name, on=payload.on)
    return unit


@router.post(
    "/units/{int:unit_id}/move", response=ReorgUnitOut, summary="Chuyển đơn vị sang cấp trên khác"
)
def move(request, unit_id: Id, payload: MoveIn):
    user = request.auth
    unit = get_unit_for_reorg(user, unit_id)
    new_parent = get_unit_for_user(user, payload.new_parent, perm="admin")
    services.move_unit(actor=user, unit=unit, new_parent=new_parent, on=payload.on)
    return unit


@router.post(
    "/units/{int:unit_id}/merge",
    response=ReorgUnitOut,
    summary="Hợp nhất đơn vị, trả về đơn vị kế tục",
)
def merge(request, unit_id: Id, payload: MergeIn):
    user = request.auth
    unit = get_unit_for_reorg(user, unit_id)
    units = [unit, *(get_unit_for_reorg(user, pk) for pk in payload.others)]
    into = None
    if payload.into is not None:
        into = next((u for u in units if u.pk == payload.into), None)
        into = into or get_unit_for_reorg(user, payload.into)
    parent = None
    if payload.parent is not None:
        parent = get_unit_for_user(user, payload.parent, perm="admin")
    return services.merge_units(
        actor=user,
        sources=[u for u in units if u != into],
        into=into,
        name=payload.name,
        parent=parent,
        on=payload.on,
    )


@router.post(
    "/units/{int:unit_id}/split",
    response=list[ReorgUnitOut],
    summary="Chia tách đơn vị, trả về các đơn vị mới",
)
def split(request, unit_id: Id, payload: SplitIn):
    user = request.auth
    unit = get_unit_for_reorg(user, unit_id)
    ids = {pk for part in payload.parts for pk in part.children}
    found = {u.pk: u for u in Unit.objects.visible_to(user).filter(pk__in=ids)}
    if len(found) != len(ids):
        raise Http404  # a child outside the user's scope does not exist for them
    parts = [
        {"name": part.name, "children": [found[pk] for pk in part.children]}
        for part in payload.parts
    ]
    return services.split_unit(
        actor=user, unit=unit, parts=parts, on=payload.on, members_to=payload.members_to
    )


@router.post(
    "/units/{int:unit_id}/cease", response=ReorgUnitOut, summary="Giải thể đơn vị (không kế tục)"
)
def cease(request, unit_id: Id, payload: CeaseIn):
    unit = get_unit_for_reorg(request.auth, unit_id)
    return services.cease_unit(actor=request.auth, unit=unit, on=payload.on, reason=payload.reason)
