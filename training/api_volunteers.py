"""Volunteer work over the API (on training's router): activities with hours, for a unit or one
of its clubs, and the volunteers of a unit with the active-volunteer rule. Access as in
:mod:`.api`."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Field, Schema, Status

from accounts.access import get_unit_for_user
from clubs.selectors import get_club_for_user
from core.inputs import Day, Id, Line

from . import selectors, services
from .api import _ONCE, CancelIn, _edit, _people, router
from .models import ActivityKind

# --- volunteer work ------------------------------------------------------------------------------


class HoursIn(Schema):
    person_id: Id
    hours: Decimal = Field(gt=0, le=24, decimal_places=1)


class ActivityIn(Schema):
    kind: ActivityKind
    on: Day
    place: Line = Field("", max_length=255)
    description: Line = Field("", max_length=500)
    hours: list[HoursIn] = Field(min_length=1, max_length=5000)
    club_id: Id | None = Field(None, description="câu lạc bộ (clubs) của đơn vị tổ chức hoạt động")


class ActivityOut(Schema):
    id: int
    unit_id: int
    club_id: int | None = None
    kind: str
    on: datetime.date
    place: str
    description: str
    cancelled_on: datetime.date | None
    volunteers: int
    hours: Decimal


def _activity(a) -> dict:
    rows = list(a.hours.values_list("hours", flat=True))
    return {
        "id": a.pk, "unit_id": a.unit_id, "club_id": a.club_id, "kind": a.kind, "on": a.on,
        "place": a.place, "description": a.description, "cancelled_on": a.cancelled_on,
        "volunteers": len(rows),
        "hours": sum(rows, Decimal(0)),
    }  # fmt: skip


@router.get("/units/{int:unit_id}/training/activities", response=list[ActivityOut],
            summary="Hoạt động tình nguyện của đơn vị (cả cấp dưới)")  # fmt: skip
def activities(request, unit_id: Id):
    unit = get_unit_for_user(request.auth, unit_id)
    return [_activity_row(a) for a in selectors.activities_of(request.auth, unit)[:1000]]


def _activity_row(a) -> dict:
    return {
        "id": a.pk, "unit_id": a.unit_id, "kind": a.kind, "on": a.on, "place": a.place,
        "description": a.description, "cancelled_on": a.cancelled_on, "volunteers": a.n,
        "hours": a.h or Decimal(0),
    }  # fmt: skip


@router.post("/units/{int:unit_id}/training/activities", response={201: ActivityOut},
             summary="Ghi hoạt động tình nguyện với số giờ của từng người")  # fmt: skip
def create_activity(request, unit_id: Id, payload: ActivityIn):
    unit = get_unit_for_user(request.auth, unit_id)
    _edit(request.auth, unit)
    people = {p.pk: p for p in _people(request.auth, [h.person_id for h in payload.hours])}
    if len(people) != len(payload.hours):
        raise ValidationError(str(_ONCE))
    club = None if payload.club_id is None else get_club_for_user(request.auth, payload.club_id)
    activity = services.record_activity(
        actor=request.auth, unit=unit, kind=payload.kind, on=payload.on, place=payload.place,
        description=payload.description, club=club,
        hours={people[h.person_id]: h.hours for h in payload.hours}, source="api",
    )  # fmt: skip
    return Status(201, _activity(activity))


@router.get("/training/activities/{int:activity_id}", response=ActivityOut,
            summary="Một hoạt động tình nguyện")  # fmt: skip
def get_activity(request, activity_id: Id):
    return _activity(selectors.get_activity_for_user(request.auth, activity_id))


@router.post("/training/activities/{int:activity_id}/cancel", response=ActivityOut,
             summary="Huỷ hoạt động (giờ không còn được tính)")  # fmt: skip
def cancel_activity(request, activity_id: Id, payload: CancelIn):
    activity = selectors.get_activity_for_user(request.auth, activity_id)
    _edit(request.auth, activity.unit)
    done = services.cancel_activity(
        actor=request.auth, activity=activity, on=payload.on, reason=payload.reason
    )
    return _activity(done)


class VolunteerOut(Schema):
    person_id: int
    full_name: str
    hours: Decimal
    activities: int
    active: bool


class VolunteersOut(Schema):
    min_hours: int
    min_activities: int
    window_from: datetime.date
    window_to: datetime.date
    active: int
    volunteers: list[VolunteerOut]


@router.get("/units/{int:unit_id}/training/volunteers", response=VolunteersOut,
            summary="Tình nguyện viên của đơn vị: tích cực hay chưa theo tiêu chí")  # fmt: skip
def volunteers(request, unit_id: Id):
    unit = get_unit_for_user(request.auth, unit_id)
    today = timezone.localdate()
    rule, rows = selectors.volunteers_status(request.auth, unit, today)
    first, last = rule.window(today)
    return {
        "min_hours": rule.min_hours, "min_activities": rule.min_activities,
        "window_from": first, "window_to": last, "active": sum(1 for r in rows if r.active),
        "volunteers": [
            {"person_id": r.person.pk, "full_name": r.person.full_name, "hours": r.hours,
             "activities": r.activities, "active": r.active}
            for r in rows
        ],
    }  # fmt: skip
