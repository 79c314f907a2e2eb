"""People over the API: search, read, register and correct a person.

A person is visible to a user who can see the unit that registered them or one of their
memberships (``Person.objects.visible_to``); anyone else gets 404. CCCD, ethnicity and religion are
sensitive data (Law 91/2025/QH15): they are filled in only for users with "edit" on the person's
unit, and each such read is written to the audit trail; lists never carry them.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.access import get_unit_for_user, require_perm_on
from core.api import Pagination
from core.inputs import Code, Day, Id, Line, SearchText, Year
from core.vn import ETHNIC_NAMES, RELIGIONS

from . import services
from .models import Person, Sex
from .selectors import get_person_for_user, has_perm_on_person, search_people

router = Router(tags=["Người"])

_RELIGION_NAMES = dict(RELIGIONS)


# --- Schemas -------------------------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    name: str


class PersonRef(Schema):
    """A person in a list: never CCCD, ethnicity or religion."""

    id: int
    full_name: str
    sex: str = Field(description="M (nam) hoặc F (nữ)")
    birth_year: int | None


class PersonListOut(PersonRef):
    unit: UnitRef = Field(description="Đơn vị đã đăng ký người này")


class MembershipBrief(Schema):
    id: int
    unit: UnitRef
    category: str
    card_number: str
    joined_on: datetime.date
    ended_on: datetime.date | None = Field(description="Ngày đầu tiên không còn sinh hoạt")
    end_reason: str


class PersonOut(PersonRef):
    birth_date: datetime.date | None
    birth_precision: str = Field(description="day: biết ngày sinh; year: chỉ biết năm sinh")
    phone: str
    address_code: str = Field(description="Mã xã/phường")
    address_detail: str
    occupation: str
    unit: UnitRef = Field(description="Đơn vị đã đăng ký người này")
    anonymised_on: datetime.date | None
    sensitive_visible: bool = Field(
        description="true khi bạn có quyền nhập liệu ở đơn vị của người này: khi đó cccd, "
        "ethnicity, religion được trả về (và việc xem được ghi nhật ký); nếu không thì null"
    )
    cccd: str | None = Field(None, description="Dữ liệu nhạy cảm")
    ethnicity: str | None = Field(None, description="Mã dân tộc (01–54); dữ liệu nhạy cảm")
    ethnicity_name: str | None = None
    religion: str | None = Field(None, description="Dữ liệu nhạy cảm")
    religion_name: str | None = None
    memberships: list[MembershipBrief] = Field(
        description="Quá trình sinh hoạt trong phạm vi của bạn, cũ trước"
    )


class PeopleFilters(Schema):
    q: SearchText = Field(
        "", description="Họ tên (có dấu hay không dấu), số CCCD hoặc số điện thoại"
    )


class PersonFields(Schema):
    birth_date: Day | None = Field(None, description="Ngày sinh, nếu biết")
    birth_year: Year | None = Field(None, description="Năm sinh, khi chỉ biết năm")
    cccd: Line | None = Field(None, max_length=20, description="Số CCCD 12 chữ số")
    phone: Line | None = Field(
        None, max_length=20, description="Số điện thoại, vd. 0905 123 456 hoặc +84…"
    )
    address_code: Line | None = Field(None, max_length=10, description="Mã xã/phường nơi ở")
    address_detail: Line | None = Field(None, max_length=255)
    ethnicity: Code | None = Field(None, description="Mã dân tộc 01–54")
    religion: Code | None = Field(None, description="Mã tôn giáo, vd. none, buddhism, catholic")
    occupation: Line | None = Field(None, max_length=120)
    confirm_duplicate: bool = Field(
        False,
        description="Vẫn lưu dù đã có người cùng họ tên và năm sinh trong cơ sở Hội (sau 409)",
    )


class PersonIn(PersonFields):
    full_name: Line = Field(max_length=120, description="Họ và tên đầy đủ")
    sex: Sex = Field(description="M (nam) hoặc F (nữ)")


class PersonPatch(PersonFields):
    full_name: Line | None = Field(None, max_length=120)
    sex: Sex | None = None


class DuplicateOut(Schema):
    id: int
    full_name: str
    birth_year: int | None


class DuplicateConflict(Schema):
    detail: str
    duplicates: list[DuplicateOut] = Field(
        description="Những người trùng mà bạn được xem (có thể ít hơn số trong thông báo)"
    )


# --- Helpers -------------------------------------------------------------------------------------


def person_detail(user, person: Person, *, supplied=()) -> dict:
    """The person as ``user`` may see them; logs the sensitive values shown that the user did
    not just send (``supplied``)."""
    from members.models import Membership

    show = has_perm_on_person(user, person, "edit")
    memberships = (
        Membership.objects.visible_to(user)
        .filter(person=person)
        .select_related("unit")
        .order_by("joined_on", "pk")
    )
    data = {
        "id": person.pk,
        "full_name": person.full_name,
        "sex": person.sex,
        "birth_year": person.birth_year,
        "birth_date": person.birth_date,
        "birth_precision": person.birth_precision,
        "phone": person.phone,
        "address_code": person.address_code,
        "address_detail": person.address_detail,
        "occupation": person.occupation,
        "unit": person.unit,
        "anonymised_on": person.anonymised_on,
        "sensitive_visible": show,
        "memberships": list(memberships),
    }
    if show:
        data.update(
            cccd=person.cccd,
            ethnicity=person.ethnicity,
            ethnicity_name=ETHNIC_NAMES.get(person.ethnicity),
            religion=person.religion,
            religion_name=_(_RELIGION_NAMES[person.religion]) if person.religion else None,
        )
        seen = tuple(f for f in services.SENSITIVE if getattr(person, f) and f not in supplied)
        if seen:
            services.log_sensitive_view(actor=user, person=person, fields=seen)
    return data


def _fields(payload: PersonFields) -> dict:
    """The fields the client sent; null clears a field (text columns store "")."""
    fields = payload.dict(exclude_unset=True)
    fields.pop("confirm_duplicate", None)
    out = {}
    for name, value in fields.items():
        if value is None and name in ("full_name", "sex"):
            continue  # required: null means "leave as it is"
        if value is None and name not in ("birth_date", "birth_year", "cccd"):
            value = ""
        out[name] = value
    return out


def _conflict(user, warning: services.DuplicateWarning):
    visible = Person.objects.visible_to(user).filter(pk__in=[p.pk for p in warning.people])
    return Status(
        409,
        {
            "detail": " ".join(warning.messages),
            "duplicates": [
                {"id": p.pk, "full_name": p.full_name, "birth_year": p.birth_year}
                for p in visible.order_by("pk")
            ],
        },
    )


# --- Endpoints -----------------------------------------------------------------------------------


@router.get("/people", response=list[PersonListOut], summary="Tìm người trong phạm vi của bạn")
@paginate(Pagination)
def list_people(request, filters: Query[PeopleFilters]):
    """Không phân biệt dấu: "nguyen thi hoa" tìm được "Nguyễn Thị Hòa" và "Nguyễn Thị Hoà"."""
    return search_people(request.auth, filters.q)


@router.get(
    "/people/{int:person_id}", response=PersonOut, summary="Hồ sơ một người và quá trình sinh hoạt"
)
def get_person(request, person_id: Id):
    user = request.auth
    return person_detail(user, get_person_for_user(user, person_id))


@router.post(
    "/units/{int:unit_id}/people",
    response={201: PersonOut, 409: DuplicateConflict},
    summary="Đăng ký một người mới với đơn vị",
)
def create_person(request, unit_id: Id, payload: PersonIn):
    """409 khi đã có người cùng họ tên và năm sinh trong cơ sở Hội: gửi lại với
    `confirm_duplicate: true` nếu đúng là người khác. Trùng số CCCD thì luôn bị từ chối (422)."""
    user = request.auth
    unit = get_unit_for_user(user, unit_id)
    require_perm_on(user, unit, "edit", _("Bạn cần quyền nhập liệu ở đơn vị này để thêm người."))
    fields = _fields(payload)
    try:
        person = services.create_person(
            actor=user, unit=unit, confirm_duplicate=payload.confirm_duplicate, **fields
        )
    except services.DuplicateWarning as warning:
        return _conflict(user, warning)
    return Status(201, person_detail(user, person, supplied=tuple(fields)))


@router.patch(
    "/people/{int:person_id}",
    response={200: PersonOut, 409: DuplicateConflict},
    summary="Sửa hồ sơ một người (chỉ các trường gửi lên)",
)
def update_person(request, person_id: Id, payload: PersonPatch):
    user = request.auth
    person = get_person_for_user(user, person_id)
    if not has_perm_on_person(user, person, "edit"):
        raise PermissionDenied(_("Bạn cần quyền nhập liệu ở đơn vị của người này để sửa hồ sơ."))
    fields = _fields(payload)
    try:
        person = services.update_person(
            actor=user, person=person, confirm_duplicate=payload.confirm_duplicate, **fields
        )
    except services.DuplicateWarning as warning:
        return _conflict(user, warning)
    return person_detail(user, person, supplied=tuple(fields))
