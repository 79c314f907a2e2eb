"""Indicators over the API: the catalogue, values for a unit (and its child units) for a year,
the targets that apply, plans and their targets, denominators.

Reads need "view" on the unit (404 outside the user's scope); plans need "manage" and
denominators "edit" (403 inside the scope without it). Refusals are 422 (see sohoi.api).
"""

import datetime
from decimal import Decimal
from typing import Annotated

from annotated_types import MaxLen
from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from accounts.access import get_unit_for_user, require_perm_on
from core.inputs import MAX_INT, Code, Day, Id, Line, Text, Year
from people.api import UnitRef

from . import selectors, services
from .catalogue import BY_CODE, ROLLUPS, available
from .figures import period_end

router = Router(tags=["Chỉ tiêu"])

_NEED_MANAGE = gettext_lazy("Bạn cần quyền quản lý ở đơn vị này để ban hành chỉ tiêu.")
_NEED_EDIT = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này để nhập mẫu số.")


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    rollup: str = Field(description="sum, ratio hoặc share")
    rollup_name: str
    fdrs: str = Field(description="Mã chỉ số FDRS của IFRC, nếu có")
    description: str


class TargetOut(Schema):
    plan_id: int
    plan_number: str
    unit: UnitRef = Field(description="Đơn vị được giao (chỉ tiêu kế thừa: đơn vị cấp trên)")
    indicator: str
    low: Decimal
    high: Decimal | None


class ValueOut(Schema):
    indicator: str
    value: float | None
    text: str
    target: TargetOut | None
    status: str = Field(description="green, amber, red hoặc rỗng (không có chỉ tiêu)")
    source: str = Field(
        description="records (từ hồ sơ), reported (số đơn vị báo cáo) hoặc mixed (có số báo cáo "
        "của đơn vị cấp dưới)"
    )
    reported_units: int = Field(description="Số đơn vị cấp dưới có số báo cáo được cộng vào")


class UnitValues(Schema):
    unit: UnitRef
    values: list[ValueOut]


class ValuesOut(Schema):
    year: int
    on: datetime.date = Field(description="Ngày chốt số liệu: 31/12 hoặc hôm nay")
    unit: UnitValues
    children: list[UnitValues]


# A target as the plan form takes it: at most 14 digits before the point, 2 after.
Level = Annotated[Decimal, Field(max_digits=16, decimal_places=2)]


class TargetIn(Schema):
    indicator: Code
    low: Level
    high: Level | None = None
    unit_id: Id | None = Field(None, description="Đơn vị cấp dưới được giao riêng")


class PlanIn(Schema):
    number: Line = Field(max_length=64)
    issued_on: Day
    title: Line = Field(max_length=255)
    start_year: Year
    end_year: Year
    note: Text = Field("", max_length=10_000)
    targets: list[TargetIn] = Field([], max_length=500)


class PlanOut(Schema):
    id: int
    unit: UnitRef
    number: str
    issued_on: datetime.date
    title: str
    start_year: int
    end_year: int
    targets: list[TargetOut]


class DenominatorsIn(Schema):
    year: Year
    values: dict[Code, Annotated[int, Field(ge=0, le=MAX_INT)] | None] = Field(
        description="population, households, women_18plus, residential_areas; null xoá"
    )


class DenominatorsOut(Schema):
    changed: dict[str, int | None]


def _target(t) -> dict | None:
    if t is None:
        return None
    return {
        "plan_id": t.plan_id,
        "plan_number": t.plan.number,
        "unit": t.unit,
        "indicator": t.indicator,
        "low": t.low,
        "high": t.high,
    }


def _plan(p) -> dict:
    return {
        "id": p.pk,
        "unit": p.unit,
        "number": p.number,
        "issued_on": p.issued_on,
        "title": p.title,
        "start_year": p.start_year,
        "end_year": p.end_year,
        "targets": [{**(_target(t) or {}), "plan_number": p.number} for t in p.targets.all()],
    }


def _unit_values(row) -> dict:
    return {
        "unit": row.unit,
        "values": [
            {
                "indicator": code,
                "value": c.value,
                "text": c.text,
                "target": _target(c.target),
                "status": c.status,
                "source": c.source,
                "reported_units": c.reported_below,
            }
            for code, c in row.cells.items()
        ],
    }


@router.get("/indicators", response=list[IndicatorOut], summary="Danh mục chỉ tiêu")
def catalogue(request):
    return [
        {
            "code": i.code,
            "name": str(i.name),
            "unit": str(i.unit),
            "rollup": i.rollup,
            "rollup_name": str(ROLLUPS[i.rollup]),
            "fdrs": i.fdrs,
            "description": str(i.description),
        }
        for i in available()
    ]


@router.get(
    "/units/{int:unit_id}/indicators",
    response=ValuesOut,
    summary="Giá trị các chỉ tiêu của đơn vị (và các đơn vị trực thuộc) trong một năm",
)
def indicator_values(
    request,
    unit_id: Id,
    year: Year | None = None,
    codes: Annotated[Line, MaxLen(1000)] = "",
    children: bool = False,
):
    unit = get_unit_for_user(request.auth, unit_id)
    year = year or timezone.localdate().year
    wanted = [c for c in codes.split(",") if c] if codes else [i.code for i in available()]
    indicators = [BY_CODE[c] for c in wanted if c in BY_CODE]
    on = period_end(year)
    kids = selectors.children_on(unit, on) if children else []
    rows = selectors.values([unit, *kids], year, indicators)
    return {
        "year": year,
        "on": on,
        "unit": _unit_values(rows[0]),
        "children": [_unit_values(r) for r in rows[1:]],
    }


@router.get(
    "/units/{int:unit_id}/targets",
    response=list[TargetOut],
    summary="Chỉ tiêu áp dụng cho đơn vị trong một năm (kể cả kế thừa từ cấp trên)",
)
def unit_targets(request, unit_id: Id, year: Year | None = None):
    unit = get_unit_for_user(request.auth, unit_id)
    year = year or timezone.localdate().year
    found = selectors.targets_for([unit], year, [i.code for i in available()])
    return [_target(t) for (_u, _c), t in sorted(found.items(), key=lambda kv: kv[0][1])]


@router.get(
    "/units/{int:unit_id}/plans",
    response=list[PlanOut],
    summary="Nghị quyết, kế hoạch của đơn vị và cấp trên",
)
def unit_plans(request, unit_id: Id):
    unit = get_unit_for_user(request.auth, unit_id)
    return [_plan(p) for p in selectors.plans_for(unit)]


@router.post(
    "/units/{int:unit_id}/plans",
    response={201: PlanOut},
    summary="Ban hành nghị quyết, kế hoạch với các chỉ tiêu",
)
def create_plan(request, unit_id: Id, payload: PlanIn):
    user = request.auth
    unit = get_unit_for_user(user, unit_id)
    require_perm_on(user, unit, "manage", str(_NEED_MANAGE))
    targets = []
    for t in payload.targets:
        target_unit = get_unit_for_user(user, t.unit_id) if t.unit_id else unit
        targets.append(
            {"indicator": t.indicator, "low": t.low, "high": t.high, "unit": target_unit}
        )
    plan = services.create_plan(
        actor=user,
        unit=unit,
        number=payload.number,
        issued_on=payload.issued_on,
        title=payload.title,
        start_year=payload.start_year,
        end_year=payload.end_year,
        note=payload.note,
        targets=targets,
    )
    return Status(201, _plan(selectors.plans_for(unit).get(pk=plan.pk)))


@router.put(
    "/units/{int:unit_id}/denominators",
    response=DenominatorsOut,
    summary="Nhập mẫu số của đơn vị cho một năm",
)
def set_denominators(request, unit_id: Id, payload: DenominatorsIn):
    user = request.auth
    unit = get_unit_for_user(user, unit_id)
    require_perm_on(user, unit, "edit", str(_NEED_EDIT))
    return {
        "changed": services.set_denominators(
            actor=user, unit=unit, year=payload.year, values=payload.values
        )
    }
