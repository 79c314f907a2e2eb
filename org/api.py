"""The units tree over the API: navigate, read one unit, search by name."""

import datetime

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from accounts.access import get_unit_for_user, require_perm_on, scope_q, top_units
from core.api import Pagination
from core.inputs import Day, Id, Line, SearchText
from core.text import search_key

from . import selectors, services
from .models import AssociationProfile, BaseType, Unit, UnitKind

router = Router(tags=["Đơn vị"])


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    base_type: str
    admin_code: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    parent_id: int | None = Field(
        None, description="Đơn vị cấp trên; null nếu là gốc hoặc nằm ngoài phạm vi của bạn"
    )
    depth: int
    numchild: int = Field(description="Số đơn vị trực thuộc (kể cả đã giải thể)")


class Crumb(Schema):
    id: int
    name: str


class UnitDetailOut(UnitOut):
    breadcrumbs: list[Crumb] = Field(
        description="Các đơn vị cấp trên trong phạm vi của bạn, từ cao xuống, đến chính đơn vị này"
    )


class UnitListFilters(Schema):
    parent: Id | None = Field(None, description="Liệt kê đơn vị trực thuộc đơn vị này")
    include_ceased: bool = Field(False, description="Kể cả đơn vị đã giải thể/sáp nhập")


class UnitSearchFilters(Schema):
    q: SearchText = Field(min_length=1, description="Tên hoặc một phần tên, có dấu hay không dấu")
    root: Id | None = Field(None, description="Chỉ tìm trong cây con của đơn vị này")
    include_ceased: bool = Field(False, description="Kể cả đơn vị đã giải thể/sáp nhập")


def _with_parent_id(units, user):
    """Annotate ``parent_id`` in the same query, null when the parent is outside the scope."""
    parent = Unit.objects.filter(
        scope_q(user, "path"),
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Unit.steplen),
    ).values("pk")[:1]
    return units.annotate(parent_id=Subquery(parent))


def _current_unless(units, include_ceased: bool):
    return units if include_ceased else units.filter(valid_to__isnull=True)


# /units/search is declared before /units/{unit_id}; the int converter keeps them apart anyway.
@router.get(
    "/units", response=list[UnitOut], summary="Đơn vị cao nhất của bạn, hoặc đơn vị trực thuộc"
)
@paginate(Pagination)
def list_units(request, filters: Query[UnitListFilters]):
    user = request.auth
    if filters.parent is None:
        units = top_units(user)
    else:
        parent = get_unit_for_user(user, filters.parent)
        units = Unit.objects.children_of(parent)
    units = _current_unless(units, filters.include_ceased)
    return _with_parent_id(units, user).order_by("path")


@router.get("/units/search", response=list[UnitOut], summary="Tìm đơn vị theo tên")
@paginate(Pagination)
def search_units(request, filters: Query[UnitSearchFilters]):
    """Không phân biệt dấu: "hoa vang" tìm được "Hòa Vang"."""
    user = request.auth
    key = search_key(filters.q)
    if not key:
        raise HttpError(422, _("Hãy nhập từ khoá tìm kiếm."))
    units = Unit.objects.visible_to(user).filter(search_key__contains=key)
    if filters.root is not None:
        root = get_unit_for_user(user, filters.root)
        units = units.filter(path__startswith=root.path)
    units = _current_unless(units, filters.include_ceased)
    return _with_parent_id(units, user).order_by("depth", "path")


@router.get("/units/{int:unit_id}", response=UnitDetailOut, summary="Thông tin một đơn vị")
def get_unit(request, unit_id: Id):
    user = request.auth
    unit = get_unit_for_user(user, unit_id)
    crumbs = selectors.visible_ancestors(user, unit)
    parent = crumbs[-2] if len(crumbs) > 1 else None
    unit.parent_id = parent.pk if parent is not None else None
    unit.breadcrumbs = crumbs
    return unit


class UnitIn(Schema):
    parent: Id = Field(description="Đơn vị cấp trên (cần quyền quản lý ở đó)")
    name: Line = Field(min_length=1, max_length=255)
    kind: UnitKind
    base_type: BaseType | None = Field(None, description="Chỉ cho Hội cơ sở")
    admin_code: Line = Field("", max_length=10, description="Mã xã/phường/đặc khu, nếu có")
    valid_from: Day | None = Field(None, description="Mặc định: hôm nay")


@router.post("/units", response={201: UnitOut}, summary="Thêm đơn vị trực thuộc")
def create_unit(request, payload: UnitIn):
    user = request.auth
    parent = get_unit_for_user(user, payload.parent)
    require_perm_on(user, parent, "manage", _("Cần quyền quản lý ở đơn vị cấp trên."))
    unit = services.create_unit(
        actor=user,
        parent=parent,
        name=payload.name,
        kind=payload.kind,
        base_type=payload.base_type or "",
        admin_code=payload.admin_code,
        valid_from=payload.valid_from or timezone.localdate(),
    )
    unit.parent_id = parent.pk
    return Status(201, unit)


class CategoryOut(Schema):
    code: str
    name: str


class ProfileOut(Schema):
    preset: str
    name: str
    short_name: str
    member_categories: list[CategoryOut]
    terminology: dict[str, str]


@router.get("/association", response=ProfileOut, summary="Hồ sơ Hội: tên, loại hội viên, thuật ngữ")
def association(request):
    profile = AssociationProfile.current()
    if profile is None:
        raise Http404
    return profile
