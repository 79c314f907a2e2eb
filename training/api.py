"""Training and volunteer work over the API: courses, classes, participants, attendance,
results, certificates (issue, renew, revoke, expiring) here; volunteer activities with hours and
the volunteers of a unit with the active-volunteer rule in :mod:`.api_volunteers`.

Reads need "view" where the record's unit is (404 outside the user's scope); writes need "edit"
there (403 inside the scope without it). Refusals are 422 with the Vietnamese message.
"""

import datetime
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from accounts.access import get_unit_for_user, require_perm_on
from core.inputs import Day, Id, Line, Money
from people.models import Person

from . import selectors, services
from .models import CostSource, Course, CourseKind, CourseLevel, Result

router = Router(tags=["Tập huấn và tình nguyện"])

_NEED_EDIT = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này.")
_ONCE = gettext_lazy("Một người chỉ ghi một lần trong hoạt động.")


def _edit(user, unit) -> None:
    require_perm_on(user, unit, "edit", str(_NEED_EDIT))


def _people(user, ids: list[int]) -> list[Person]:
    """The people of ``ids`` the user sees; one outside the scope is not there (404)."""
    people = list(Person.objects.visible_to(user).filter(pk__in=ids))
    if len(people) != len(set(ids)):
        raise Http404
    by_pk = {p.pk: p for p in people}
    return [by_pk[i] for i in dict.fromkeys(ids)]


# --- courses -------------------------------------------------------------------------------------


class CourseOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    level: str
    hours: int
    validity_months: int | None
    prerequisite_id: int | None
    qualifies_instructor: bool
    unit_id: int | None = Field(description="đơn vị đã thêm khoá; trống: khoá chung của Hội")


class CourseIn(Schema):
    code: Line = Field(min_length=1, max_length=32)
    name: Line = Field(min_length=1, max_length=255)
    kind: CourseKind
    level: CourseLevel = CourseLevel.NONE
    hours: int = Field(ge=1, le=2000)
    validity_months: int | None = Field(None, ge=1, le=240)
    prerequisite_id: Id | None = None


@router.get("/units/{int:unit_id}/training/courses", response=list[CourseOut],
            summary="Các khoá tập huấn áp dụng cho đơn vị")  # fmt: skip
def courses(request, unit_id: Id):
    unit = get_unit_for_user(request.auth, unit_id)
    return list(Course.objects.offered_to(unit))


@router.post("/units/{int:unit_id}/training/courses", response={201: CourseOut},
             summary="Thêm khoá tập huấn của đơn vị")  # fmt: skip
def create_course(request, unit_id: Id, payload: CourseIn):
    unit = get_unit_for_user(request.auth, unit_id)
    require_perm_on(request.auth, unit, "manage", str(_NEED_EDIT))
    prereq = None
    if payload.prerequisite_id:
        prereq = Course.objects.offered_to(unit).filter(pk=payload.prerequisite_id).first()
        if prereq is None:
            raise Http404
    course = services.create_course(
        actor=request.auth, unit=unit, code=payload.code, name=payload.name, kind=payload.kind,
        level=payload.level, hours=payload.hours, validity_months=payload.validity_months,
        prerequisite=prereq,
    )  # fmt: skip
    return Status(201, course)


# --- classes -------------------------------------------------------------------------------------


class ClassOut(Schema):
    id: int
    course_id: int
    course_name: str
    unit_id: int
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    place: str
    partner: str
    capacity: int | None
    cost: int
    cost_source: str
    fund_entry_id: int | None
    cancelled_on: datetime.date | None


class ClassIn(Schema):
    course_id: Id
    starts_on: Day
    ends_on: Day
    title: Line = Field("", max_length=255)
    place: Line = Field("", max_length=255)
    partner: Line = Field("", max_length=255)
    capacity: int | None = Field(None, ge=1, le=10_000)
    cost: Money = 0
    cost_source: CostSource = CostSource.NONE
    instructor_ids: list[Id] = Field(default_factory=list, max_length=50)


class CancelIn(Schema):
    on: Day
    reason: Line = Field(min_length=1, max_length=255)


def _class(c) -> dict:
    return {
        "id": c.pk, "course_id": c.course_id, "course_name": c.course.name, "unit_id": c.unit_id,
        "title": c.title, "starts_on": c.starts_on, "ends_on": c.ends_on, "place": c.place,
        "partner": c.partner, "capacity": c.capacity, "cost": c.cost,
        "cost_source": c.cost_source, "fund_entry_id": c.fund_entry_id,
        "cancelled_on": c.cancelled_on,
    }  # fmt: skip


@router.get("/units/{int:unit_id}/training/classes", response=list[ClassOut],
            summary="Lớp tập huấn của đơn vị (cả cấp dưới)")  # fmt: skip
def classes(request, unit_id: Id):
    unit = get_unit_for_user(request.auth, unit_id)
    return [_class(c) for c in selectors.classes_of(request.auth, unit)]


@router.post("/units/{int:unit_id}/training/classes", response={201: ClassOut},
             summary="Mở lớp tập huấn")  # fmt: skip
def create_class(request, unit_id: Id, payload: ClassIn):
    unit = get_unit_for_user(request.auth, unit_id)
    _edit(request.auth, unit)
    course = Course.objects.offered_to(unit).filter(pk=payload.course_id).first()
    if course is None:
        raise Http404
    cls = services.create_class(
        actor=request.auth, unit=unit, course=course, starts_on=payload.starts_on,
        ends_on=payload.ends_on, title=payload.title, place=payload.place,
        partner=payload.partner, capacity=payload.capacity, cost=payload.cost,
        cost_source=payload.cost_source, instructors=_people(request.auth, payload.instructor_ids),
    )  # fmt: skip
    return Status(201, _class(cls))


@router.get("/training/classes/{int:class_id}", response=ClassOut, summary="Một lớp tập huấn")
def get_class(request, class_id: Id):
    return _class(selectors.get_class_for_user(request.auth, class_id))


@router.post("/training/classes/{int:class_id}/cancel", response=ClassOut,
             summary="Huỷ lớp (bút toán quỹ được đảo)")  # fmt: skip
def cancel_class(request, class_id: Id, payload: CancelIn):
    cls = selectors.get_class_for_user(request.auth, class_id)
    _edit(request.auth, cls.unit)
    done = services.cancel_class(actor=request.auth, cls=cls, on=payload.on, reason=payload.reason)
    return _class(done)


# --- participants, attendance, results -----------------------------------------------------------


class ParticipantOut(Schema):
    id: int
    person_id: int
    full_name: str
    result: str = Field(description="'' (chưa có), passed, failed hoặc absent")
    score: Decimal | None
    certificate_id: int | None
    days_present: int


class EnrolIn(Schema):
    person_ids: list[Id] = Field(min_length=1, max_length=1000)


class TypedIn(Schema):
    full_name: Line = Field(min_length=1, max_length=120)
    sex: str = Field(pattern="^[MF]$", max_length=1)
    birth_year: int | None = Field(None, ge=1900, le=2100)
    cccd: Line = Field("", max_length=12)
    phone: Line = Field("", max_length=15)


class AttendanceIn(Schema):
    day: Day
    present_ids: list[Id] = Field(default_factory=list, max_length=10_000,
                                  description="mã học viên (participant) có mặt")  # fmt: skip


class ResultIn(Schema):
    participant_id: Id
    result: Result
    score: Decimal | None = Field(None, ge=0, le=100, decimal_places=2)


class ResultsIn(Schema):
    results: list[ResultIn] = Field(min_length=1, max_length=10_000)


def _participants(cls) -> list[dict]:
    from django.db.models import Count, Q

    rows = (
        cls.participants.select_related("person", "certificate")
        .annotate(days=Count("attendance", filter=Q(attendance__present=True)))
        .order_by("person__sort_key", "pk")
    )
    return [
        {"id": p.pk, "person_id": p.person_id, "full_name": p.person.full_name,
         "result": p.result, "score": p.score,
         "certificate_id": p.certificate.pk if hasattr(p, "certificate") else None,
         "days_present": p.days}
        for p in rows
    ]  # fmt: skip


@router.get("/training/classes/{int:class_id}/participants", response=list[ParticipantOut],
            summary="Học viên của lớp")  # fmt: skip
def participants(request, class_id: Id):
    return _participants(selectors.get_class_for_user(request.auth, class_id))


@router.post("/training/classes/{int:class_id}/participants",
             response={201: list[ParticipantOut]}, summary="Ghi danh người trong danh sách")  # fmt: skip
def enrol(request, class_id: Id, payload: EnrolIn):
    cls = selectors.get_class_for_user(request.auth, class_id)
    _edit(request.auth, cls.unit)
    services.enrol_people(
        actor=request.auth, cls=cls, people=_people(request.auth, payload.person_ids), source="api"
    )
    return Status(201, _participants(cls))


@router.post("/training/classes/{int:class_id}/participants/typed",
             response={201: list[ParticipantOut]},
             summary="Ghi danh người ngoài danh sách (tìm theo CCCD hoặc tạo mới)")  # fmt: skip
def enrol_typed(request, class_id: Id, payload: TypedIn):
    cls = selectors.get_class_for_user(request.auth, class_id)
    _edit(request.auth, cls.unit)
    services.enrol_typed(actor=request.auth, cls=cls, **payload.dict())
    return Status(201, _participants(cls))


@router.post("/training/classes/{int:class_id}/attendance", response=list[ParticipantOut],
             summary="Điểm danh một buổi")  # fmt: skip
def attendance(request, class_id: Id, payload: AttendanceIn):
    cls = selectors.get_class_for_user(request.auth, class_id)
    _edit(request.auth, cls.unit)
    services.record_attendance(
        actor=request.auth, cls=cls, day=payload.day, present_ids=payload.present_ids
    )
    return _participants(cls)


@router.post("/training/classes/{int:class_id}/results", response=list[ParticipantOut],
             summary="Ghi kết quả và điểm")  # fmt: skip
def results(request, class_id: Id, payload: ResultsIn):
    cls = selectors.get_class_for_user(request.auth, class_id)
    _edit(request.auth, cls.unit)
    services.record_results(
        actor=request.auth, cls=cls,
        results={r.participant_id: (r.result, r.score) for r in payload.results},
    )  # fmt: skip
    return _participants(cls)


# --- certificates --------------------------------------------------------------------------------


class CertificateOut(Schema):
    id: int
    number: str
    person_id: int
    full_name: str
    course_id: int
    unit_id: int
    issued_on: datetime.date
    valid_until: datetime.date | None
    revoked_on: datetime.date | None
    renews_id: int | None
    valid_today: bool


class IssueIn(Schema):
    issued_on: Day
    participant_ids: list[Id] | None = Field(
        None, max_length=10_000, description="trống: mọi học viên đạt chưa có giấy"
    )


class RenewIn(Schema):
    issued_on: Day


def _cert(c) -> dict:
    return {
        "id": c.pk, "number": c.number, "person_id": c.person_id,
        "full_name": c.person.full_name, "course_id": c.course_id, "unit_id": c.unit_id,
        "issued_on": c.issued_on, "valid_until": c.valid_until, "revoked_on": c.revoked_on,
        "renews_id": c.renews_id, "valid_today": c.is_valid_on(timezone.localdate()),
    }  # fmt: skip


@router.post("/training/classes/{int:class_id}/certificates", response={201: list[CertificateOut]},
             summary="Cấp giấy chứng nhận cho học viên đạt")  # fmt: skip
def issue(request, class_id: Id, payload: IssueIn):
    cls = selectors.get_class_for_user(request.auth, class_id)
    _edit(request.auth, cls.unit)
    chosen = None
    if payload.participant_ids is not None:
        chosen = list(cls.participants.filter(pk__in=payload.participant_ids))
        if len(chosen) != len(set(payload.participant_ids)):
            raise Http404
    certs = services.issue_certificates(
        actor=request.auth, cls=cls, issued_on=payload.issued_on, participants=chosen
    )
    fresh = selectors.certificates_by_pk(request.auth, [c.pk for c in certs])
    return Status(201, [_cert(c) for c in fresh])


@router.get("/units/{int:unit_id}/training/certificates/expiring", response=list[CertificateOut],
            summary="Giấy chứng nhận sắp hết hạn (90 ngày)")  # fmt: skip
def expiring(request, unit_id: Id):
    unit = get_unit_for_user(request.auth, unit_id)
    rows = selectors.expiring_certificates(request.auth, unit, timezone.localdate())
    return [_cert(c) for c in rows[:1000]]


@router.get("/training/certificates/{int:cert_id}", response=CertificateOut,
            summary="Một giấy chứng nhận")  # fmt: skip
def certificate(request, cert_id: Id):
    return _cert(selectors.get_certificate_for_user(request.auth, cert_id))


@router.post("/training/certificates/{int:cert_id}/renew", response={201: CertificateOut},
             summary="Gia hạn (cấp giấy mới)")  # fmt: skip
def renew(request, cert_id: Id, payload: RenewIn):
    cert = selectors.get_certificate_for_user(request.auth, cert_id)
    _edit(request.auth, cert.unit)
    new = services.renew_certificate(
        actor=request.auth, certificate=cert, issued_on=payload.issued_on
    )
    return Status(201, _cert(selectors.get_certificate_for_user(request.auth, new.pk)))


@router.post("/training/certificates/{int:cert_id}/revoke", response=CertificateOut,
             summary="Thu hồi giấy chứng nhận")  # fmt: skip
def revoke(request, cert_id: Id, payload: CancelIn):
    cert = selectors.get_certificate_for_user(request.auth, cert_id)
    _edit(request.auth, cert.unit)
    services.revoke_certificate(
        actor=request.auth, certificate=cert, on=payload.on, reason=payload.reason
    )
    return _cert(selectors.get_certificate_for_user(request.auth, cert_id))


# The volunteer work's endpoints are on this router too (they import it).
from . import api_volunteers  # noqa: E402, F401
