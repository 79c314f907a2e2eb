"""Clubs over the API: a unit's clubs (list, found one), a club's people (list, add, leave).

Reads need "view" where the club's unit is (404 outside the user's scope); writes need "edit"
there (403 inside the scope without it). Refusals are 422 (see sohoi.api).
"""

import datetime

from django.http import Http404
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from accounts.access import get_unit_for_user, require_perm_on
from core.inputs import Day, Id, Line
from people.models import Person

from . import selectors, services
from .models import ClubType

router = Router(tags=["Câu lạc bộ"])

_NEED_EDIT = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này.")
Pk = Id


class ClubOut(Schema):
    id: int
    name: str
    type: str = Field(description="age, religion, interest, occupation, online hoặc other")
    type_name: str
    unit_id: int
    unit_name: str
    founded_on: datetime.date
    closed_on: datetime.date | None
    members: int = Field(description="số người đang tham gia")


class ClubIn(Schema):
    name: Line = Field(min_length=1, max_length=255)
    type: ClubType
    founded_on: Day
    note: Line = Field("", max_length=255)


class MemberOut(Schema):
    id: int
    person_id: int
    full_name: str
    joined_on: datetime.date
    left_on: datetime.date | None


class MemberIn(Schema):
    person_id: Pk
    joined_on: Day


class LeaveIn(Schema):
    on: Day


def _club(c, n: int) -> dict:
    return {
        "id": c.pk,
        "name": c.name,
        "type": c.type,
        "type_name": str(c.get_type_display()),
        "unit_id": c.unit_id,
        "unit_name": c.unit.name,
        "founded_on": c.founded_on,
        "closed_on": c.closed_on,
        "members": n,
    }


def _member(m) -> dict:
    return {
        "id": m.pk,
        "person_id": m.person_id,
        "full_name": m.person.full_name,
        "joined_on": m.joined_on,
        "left_on": m.left_on,
    }


@router.get(
    "/units/{int:unit_id}/clubs",
    response=list[ClubOut],
    summary="Câu lạc bộ, tổ, nhóm của đơn vị (cả cấp dưới)",
)
def unit_clubs(request, unit_id: Pk):
    unit = get_unit_for_user(request.auth, unit_id)
    return [_club(c, c.n) for c in selectors.clubs_of(request.auth, unit)]


@router.post(
    "/units/{int:unit_id}/clubs", response={201: ClubOut}, summary="Lập câu lạc bộ, tổ, nhóm"
)
def create_club(request, unit_id: Pk, payload: ClubIn):
    unit = get_unit_for_user(request.auth, unit_id)
    require_perm_on(request.auth, unit, "edit", str(_NEED_EDIT))
    club = services.create_club(
        actor=request.auth, unit=unit, name=payload.name, type=payload.type,
        founded_on=payload.founded_on, note=payload.note,
    )  # fmt: skip
    return Status(201, _club(club, 0))


@router.get(
    "/clubs/{int:club_id}/members", response=list[MemberOut], summary="Người tham gia câu lạc bộ"
)
def club_members(request, club_id: Pk):
    club = selectors.get_club_for_user(request.auth, club_id)
    return [
        _member(m)
        for m in club.members.select_related("person").order_by("left_on", "person__sort_key")
    ]


@router.post(
    "/clubs/{int:club_id}/members", response={201: MemberOut}, summary="Thêm người vào câu lạc bộ"
)
def add_member(request, club_id: Pk, payload: MemberIn):
    club = selectors.get_club_for_user(request.auth, club_id)
    require_perm_on(request.auth, club.unit, "edit", str(_NEED_EDIT))
    allowed = selectors.candidates(request.auth, club, "")
    person = Person.objects.filter(pk=payload.person_id, pk__in=allowed.values("pk")).first()
    if person is None:
        raise Http404  # a person outside the club's unit (or the user's scope) is not there
    member = services.add_club_member(
        actor=request.auth, club=club, person=person, joined_on=payload.joined_on
    )
    return Status(201, _member(member))


@router.post(
    "/club-members/{int:member_id}/leave",
    response=MemberOut,
    summary="Người tham gia rời câu lạc bộ",
)
def leave(request, member_id: Pk, payload: LeaveIn):
    member = selectors.get_club_member_for_user(request.auth, member_id)
    require_perm_on(request.auth, member.club.unit, "edit", str(_NEED_EDIT))
    return _member(services.remove_club_member(actor=request.auth, member=member, on=payload.on))
