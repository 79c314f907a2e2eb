"""The registers over the API: memberships (list, detail, admit, transfer, end, re-admit),
statistics as of a date, and cadres.

Reads are scoped like the pages: a unit or membership outside the user's scope is 404. Writes need
the "edit" permission (editor role or higher) on the units they touch: 403 inside the scope
without it. A service's refusal is 422 with its reason in Vietnamese (see sohoi.api).
"""

import datetime
from typing import Any, Literal

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from accounts.access import get_unit_for_user, require_perm_on
from core.api import Pagination
from core.inputs import Code, Day, Id, Line, SearchText, Text
from core.vn import FDRS_AGE_BANDS
from people.api import PersonRef, UnitRef
from people.selectors import get_person_for_user

from . import selectors, services
from .models import Cadre, CadrePosition, Membership

router = Router(tags=["Hội viên"])

AGE_BANDS = [code for code, _low, _high in FDRS_AGE_BANDS] + ["unknown"]
_EDIT_MEMBERS = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này để thay đổi danh sách hội viên.")
_EDIT_CADRES = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này để cập nhật cán bộ Hội.")


def _require_edit(user, unit, message=None) -> None:
    require_perm_on(user, unit, "edit", str(message or _EDIT_MEMBERS))


def _unit_to_edit(user, unit_id: int, message=None):
    """The unit (404 outside the user's scope) where the user needs "edit" (else 403)."""
    unit = get_unit_for_user(user, unit_id)
    _require_edit(user, unit, message)
    return unit


def _membership_to_edit(user, membership_id: int) -> Membership:
    """The membership (404 outside the user's scope) whose unit the user needs "edit" on."""
    m = selectors.get_membership_for_user(user, membership_id)
    _require_edit(user, m.unit)
    return m


# --- Schemas -------------------------------------------------------------------------------------


class MembershipOut(Schema):
    id: int
    person: PersonRef
    unit: UnitRef
    category: str = Field(description="Mã loại hội viên (xem GET /association)")
    card_number: str
    joined_on: datetime.date
    ended_on: datetime.date | None = Field(
        description="Ngày đầu tiên không còn sinh hoạt ở đây; null khi đang sinh hoạt"
    )
    end_reason: str = Field(
        description="transferred, moved_away, resigned, removed, deceased, reorganised; "
        "rỗng khi đang sinh hoạt"
    )


class MembershipStep(Schema):
    id: int
    unit: UnitRef
    category: str
    card_number: str
    joined_on: datetime.date
    ended_on: datetime.date | None
    end_reason: str
    end_note: str


class MembershipDetailOut(MembershipOut):
    end_note: str
    note: str
    previous_id: int | None = Field(
        description="Quá trình trước đó (chuyển sinh hoạt, kết nạp lại)"
    )
    history: list[MembershipStep] = Field(
        description="Mọi quá trình sinh hoạt của người này trong phạm vi của bạn, cũ trước"
    )

    @staticmethod
    def resolve_history(obj: Membership, context: dict[str, Any]) -> list[Membership]:
        """The person's memberships in the scope of the API user (the request's ``auth``)."""
        return list(
            Membership.objects.visible_to(context["request"].auth)
            .filter(person_id=obj.person_id)
            .select_related("unit")
            .order_by("joined_on", "pk")
        )


class RegisterFilters(Schema):
    on: Day | None = Field(None, description="Tính đến ngày (mặc định: hôm nay)")
    status: Literal["active", "left", "all"] = Field(
        "active",
        description="active: đang sinh hoạt ngày `on`; left: đã thôi trước ngày đó; all: cả hai",
    )
    category: Code = Field("", description="Mã loại hội viên, vd. member, volunteer")
    sex: Literal["M", "F", ""] = Field("", description="M hoặc F")
    age_band: Code = Field("", description="Nhóm tuổi FDRS: " + ", ".join(AGE_BANDS))
    joined_year: int | None = Field(None, ge=1900, le=2999, description="Năm vào Hội")
    branch: Id | None = Field(None, description="Chỉ lấy một đơn vị con (chi hội, đội…)")
    q: SearchText = Field(
        "", description="Họ tên (có dấu hay không dấu), số CCCD, điện thoại, số thẻ"
    )
    sort: Literal["name", "-name", "joined", "-joined", "card"] = Field(
        "name", description="name: theo tên rồi họ đệm (kiểu Việt Nam); joined: ngày vào; card"
    )


class AdmitIn(Schema):
    person_id: Id = Field(description="Người đã có hồ sơ (POST /units/{id}/people)")
    category: Code = Field(description="Mã loại hội viên")
    joined_on: Day
    card_number: Line = Field("", max_length=32)
    note: Text = Field("", max_length=255)


class MemberTransferIn(Schema):
    to_unit_id: Id = Field(description="Đơn vị chuyển đến (cần quyền nhập liệu ở đó)")
    on: Day = Field(description="Ngày bắt đầu sinh hoạt ở đơn vị mới")
    note: Text = Field("", max_length=255)


class EndIn(Schema):
    on: Day = Field(description="Ngày đầu tiên không còn là hội viên")
    reason: Code = Field(description="moved_away, resigned, removed (cần ghi lý do), deceased")
    note: Text = Field("", max_length=255)


class ReadmitIn(Schema):
    joined_on: Day
    unit_id: Id | None = Field(None, description="Mặc định: đơn vị của lần sinh hoạt trước")
    card_number: Line | None = Field(
        None, max_length=32, description="Mặc định: số thẻ cũ; chuỗi rỗng để không có thẻ"
    )


class CategoryCount(Schema):
    total: int
    male: int
    female: int


class StatisticsOut(Schema):
    on: datetime.date
    total: int
    total_year_before: int = Field(description="Tổng số cùng ngày năm trước")
    growth_pct: float | None = Field(description="Tăng trưởng so với năm trước, %")
    by_category: dict[str, CategoryCount]
    age_bands: dict[str, dict[str, int]] = Field(description="{loại: {nhóm tuổi FDRS: số}}")
    by_ethnicity: dict[str, int] = Field(description='{mã dân tộc: số}; "" là chưa ghi')
    by_religion: dict[str, int] = Field(description='{mã tôn giáo: số}; "" là chưa ghi')
    joined_per_year: dict[int, int]
    left_per_year: dict[int, int] = Field(description="Thôi sinh hoạt (không tính chuyển nội bộ)")


class CadreOut(Schema):
    id: int
    person: PersonRef
    unit: UnitRef
    position: str = Field(description=", ".join(CadrePosition.values))
    position_name: str
    position_note: str
    term: str = Field(description="Nhiệm kỳ, vd. 2022–2027")
    started_on: datetime.date
    ended_on: datetime.date | None
    uniform_issued_on: datetime.date | None
    badge_issued_on: datetime.date | None

    @staticmethod
    def resolve_position_name(obj: Cadre) -> str:
        return str(obj.get_position_display())


class CadreFilters(Schema):
    on: Day | None = Field(None, description="Đương nhiệm vào ngày (mặc định: hôm nay)")


class CadreIn(Schema):
    person_id: Id
    position: Code = Field(description=", ".join(CadrePosition.values))
    started_on: Day
    term: Line = Field("", max_length=16)
    position_note: Line = Field("", max_length=120)
    uniform_issued_on: Day | None = None
    badge_issued_on: Day | None = None


class CadrePatch(Schema):
    ended_on: Day | None = Field(None, description="Ngày thôi giữ chức danh")
    uniform_issued_on: Day | None = None
    badge_issued_on: Day | None = None


# --- Memberships ---------------------------------------------------------------------------------


@router.get(
    "/units/{int:unit_id}/memberships",
    response=list[MembershipOut],
    summary="Sổ hội viên của một đơn vị (cả cây con), tính đến một ngày",
)
@paginate(Pagination)
def list_memberships(request, unit_id: Id, filters: Query[RegisterFilters]):
    """Tìm không phân biệt dấu: "nguyen thi hoa" tìm được "Nguyễn Thị Hòa"."""
    user = request.auth
    unit = get_unit_for_user(user, unit_id)
    if filters.age_band and filters.age_band not in AGE_BANDS:
        raise HttpError(422, _("Nhóm tuổi không hợp lệ."))
    branch = None
    if filters.branch is not None:
        branch = get_unit_for_user(user, filters.branch)
        if not branch.path.startswith(unit.path):
            raise HttpError(422, _("Đơn vị con không thuộc đơn vị này."))
    f = selectors.RegisterFilter(
        on=filters.on or timezone.localdate(),
        status=filters.status,
        category=filters.category,
        sex=filters.sex,
        age_band=filters.age_band,
        joined_year=filters.joined_year,
        branch=branch,
        q=filters.q.strip(),
        sort=filters.sort,
    )
    return selectors.register(user, unit, f)


@router.get(
    "/memberships/{int:membership_id}",
    response=MembershipDetailOut,
    summary="Một quá trình sinh hoạt, với lịch sử của người đó",
)
def get_membership(request, membership_id: Id):
    return selectors.get_membership_for_user(request.auth, membership_id)


@router.post(
    "/units/{int:unit_id}/memberships",
    response={201: MembershipDetailOut},
    summary="Kết nạp một người đã có hồ sơ vào đơn vị",
)
def admit(request, unit_id: Id, payload: AdmitIn):
    user = request.auth
    unit = _unit_to_edit(user, unit_id)
    person = get_person_for_user(user, payload.person_id)
    m = services.admit_member(
        actor=user,
        person=person,
        unit=unit,
        category=payload.category,
        joined_on=payload.joined_on,
        card_number=payload.card_number,
        note=payload.note,
    )
    return Status(201, m)


@router.post(
    "/memberships/{int:membership_id}/transfer",
    response={201: MembershipDetailOut},
    summary="Chuyển sinh hoạt: kết thúc ở đơn vị cũ, mở ở đơn vị mới; trả về quá trình mới",
)
def transfer(request, membership_id: Id, payload: MemberTransferIn):
    user = request.auth
    m = _membership_to_edit(user, membership_id)
    to_unit = _unit_to_edit(
        user, payload.to_unit_id, _("Bạn cần quyền nhập liệu ở đơn vị chuyển đến.")
    )
    new = services.transfer_membership(
        actor=user, membership=m, to_unit=to_unit, on=payload.on, note=payload.note
    )
    return Status(201, new)


@router.post(
    "/memberships/{int:membership_id}/end",
    response=MembershipDetailOut,
    summary="Cho thôi sinh hoạt (chuyển nơi ở, xin thôi, xoá tên, từ trần)",
)
def end(request, membership_id: Id, payload: EndIn):
    user = request.auth
    m = _membership_to_edit(user, membership_id)
    return services.end_membership(
        actor=user, membership=m, on=payload.on, reason=payload.reason, note=payload.note
    )


@router.post(
    "/memberships/{int:membership_id}/readmit",
    response={201: MembershipDetailOut},
    summary="Kết nạp lại người đã thôi sinh hoạt; trả về quá trình mới",
)
def readmit(request, membership_id: Id, payload: ReadmitIn):
    user = request.auth
    m = selectors.get_membership_for_user(user, membership_id)
    unit = m.unit if payload.unit_id is None else get_unit_for_user(user, payload.unit_id)
    _require_edit(user, unit)
    new = services.readmit_member(
        actor=user,
        membership=m,
        joined_on=payload.joined_on,
        unit=unit,
        card_number=payload.card_number,
    )
    return Status(201, new)


@router.get(
    "/units/{int:unit_id}/member-statistics",
    response=StatisticsOut,
    summary="Thống kê hội viên của đơn vị (cả cây con) tính đến một ngày",
)
def member_statistics(request, unit_id: Id, on: Day | None = None):
    unit = get_unit_for_user(request.auth, unit_id)
    return selectors.statistics(unit, on or timezone.localdate())


# --- Cadres --------------------------------------------------------------------------------------

_POSITION_RANK = Case(
    *(When(position=code, then=Value(i)) for i, code in enumerate(CadrePosition.values)),
    output_field=IntegerField(),
)


@router.get(
    "/units/{int:unit_id}/cadres",
    response=list[CadreOut],
    summary="Cán bộ Hội đương nhiệm của đơn vị (cả cây con) vào một ngày",
)
@paginate(Pagination)
def list_cadres(request, unit_id: Id, filters: Query[CadreFilters]):
    user = request.auth
    unit = get_unit_for_user(user, unit_id)
    return (
        Cadre.objects.visible_to(user)
        .filter(unit__path__startswith=unit.path)
        .active_on(filters.on or timezone.localdate())
        .select_related("person", "unit")
        .order_by("unit__path", _POSITION_RANK, "person__sort_key", "pk")
    )


@router.post("/units/{int:unit_id}/cadres", response={201: CadreOut}, summary="Bổ nhiệm cán bộ Hội")
def appoint_cadre(request, unit_id: Id, payload: CadreIn):
    user = request.auth
    unit = _unit_to_edit(user, unit_id, _EDIT_CADRES)
    person = get_person_for_user(user, payload.person_id)
    cadre = services.appoint_cadre(
        actor=user,
        person=person,
        unit=unit,
        position=payload.position,
        started_on=payload.started_on,
        term=payload.term,
        position_note=payload.position_note,
        uniform_issued_on=payload.uniform_issued_on,
        badge_issued_on=payload.badge_issued_on,
    )
    return Status(201, cadre)


@router.patch(
    "/cadres/{int:cadre_id}",
    response=CadreOut,
    summary="Ghi ngày thôi chức, ngày cấp đồng phục, huy hiệu",
)
def update_cadre(request, cadre_id: Id, payload: CadrePatch):
    user = request.auth
    cadre = selectors.get_cadre_for_user(user, cadre_id)
    _require_edit(user, cadre.unit, _EDIT_CADRES)
    services.update_cadre(
        actor=user,
        cadre=cadre,
        ended_on=payload.ended_on,
        uniform_issued_on=payload.uniform_issued_on,
        badge_issued_on=payload.badge_issued_on,
    )
    cadre.refresh_from_db()
    return cadre
