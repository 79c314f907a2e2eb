"""Courses a unit adds, classes, enrolment, attendance and results."""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.formatting import format_date
from core.marks import note_changed
from core.text import nfc
from funds.models import Category, Direction, FundKind
from funds.services import record_entry, reverse_entry
from members.models import Cadre
from org.locks import ensure_open
from org.models import Unit, UnitKind
from people.models import Person
from people.selectors import base_of
from people.services import DuplicateWarning, create_person

from ..models import (
    Attendance,
    Certificate,
    CostSource,
    Course,
    CourseKind,
    CourseLevel,
    Participant,
    Result,
    TrainingClass,
)

# Units that organise classes: a province, a base or a branch (a team trains through its unit).
CLASS_UNIT_KINDS = {UnitKind.CENTRAL, UnitKind.PROVINCE, UnitKind.BASE, UnitKind.BRANCH}
MAX_COST = 10_000_000_000
MAX_DAYS = 366


@transaction.atomic
def create_course(
    *, actor, unit: Unit, code: str, name: str, kind: str, hours: int, level: str = "",
    validity_months: int | None = None, prerequisite: Course | None = None,
    qualifies_instructor: bool = False,
) -> Course:  # fmt: skip
    """A course ``unit`` adds for its subtree (a province's own course)."""
    code, name = nfc(code).strip().upper(), nfc(name).strip()
    errors: dict[str, list[str]] = {}
    if not code:
        errors["code"] = [_("Hãy ghi mã khoá.")]
    elif Course.objects.filter(code=code).exists():
        errors["code"] = [_("Mã khoá %(code)s đã có.") % {"code": code}]
    if not name:
        errors["name"] = [_("Hãy ghi tên khoá.")]
    if kind not in CourseKind.values:
        errors["kind"] = [_("Loại khoá không hợp lệ.")]
    if level not in CourseLevel.values:
        errors["level"] = [_("Cấp độ không hợp lệ.")]
    if not 1 <= hours <= 2000:
        errors["hours"] = [_("Số giờ phải từ 1 đến 2000.")]
    if validity_months is not None and not 1 <= validity_months <= 240:
        errors["validity_months"] = [_("Hiệu lực phải từ 1 đến 240 tháng.")]
    if (
        prerequisite is not None
        and not Course.objects.offered_to(unit).filter(pk=prerequisite.pk).exists()
    ):
        errors["prerequisite"] = [_("Khoá học trước không có ở đơn vị này.")]
    if errors:
        raise ValidationError(errors)
    course = Course.objects.create(
        unit=unit, code=code, name=name, kind=kind, level=level, hours=hours,
        validity_months=validity_months, prerequisite=prerequisite,
        qualifies_instructor=qualifies_instructor,
    )  # fmt: skip
    audit.record(
        actor=actor, action="training.course.create", unit=unit, obj=course,
        data={"code": code, "name": name, "kind": kind},
    )  # fmt: skip
    return course


def instructor_ids(kind: str, on: datetime.date, person_ids: Iterable[int]) -> set[int]:
    """Of ``person_ids``, those holding on ``on`` a valid certificate of an instructor course of
    ``kind``."""
    certs = Certificate.objects.filter(
        person_id__in=list(person_ids),
        course__kind=kind,
        course__qualifies_instructor=True,
        revoked_on__isnull=True,
        issued_on__lte=on,
    ).exclude(valid_until__lt=on)
    return set(certs.values_list("person_id", flat=True))


def _check_class_fields(
    unit: Unit, course: Course, starts_on: datetime.date, ends_on: datetime.date,
    cost: int, cost_source: str, capacity: int | None,
) -> None:  # fmt: skip
    errors: dict[str, list[str]] = {}
    if unit.kind not in CLASS_UNIT_KINDS or not unit.is_current:
        raise ValidationError(_("%(unit)s không tổ chức được lớp tập huấn.") % {"unit": unit.name})
    if not Course.objects.offered_to(unit).filter(pk=course.pk).exists():
        errors["course"] = [_("Khoá tập huấn này không áp dụng cho đơn vị.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("Ngày kết thúc không được trước ngày bắt đầu.")]
    elif (ends_on - starts_on).days >= MAX_DAYS:
        errors["ends_on"] = [_("Một lớp kéo dài không quá một năm.")]
    if isinstance(cost, bool) or not isinstance(cost, int) or not 0 <= cost <= MAX_COST:
        errors["cost"] = [_("Chi phí phải là số đồng từ 0 đến 10 tỷ.")]
    elif cost and not cost_source:
        errors["cost_source"] = [_("Hãy chọn nguồn kinh phí của lớp.")]
    if cost_source not in CostSource.values:
        errors["cost_source"] = [_("Nguồn kinh phí không hợp lệ.")]
    if capacity is not None and not 1 <= capacity <= 10_000:
        errors["capacity"] = [_("Số học viên tối đa phải từ 1 đến 10.000.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_class(
    *, actor, unit: Unit, course: Course, starts_on: datetime.date, ends_on: datetime.date,
    title: str = "", place: str = "", partner: str = "", capacity: int | None = None,
    cost: int = 0, cost_source: str = "", instructors: Sequence[Person] = (),
) -> TrainingClass:  # fmt: skip
    """Open a class. Paid by the fund: one outgoing entry in ``unit``'s humanitarian fund, dated
    the first day (today when the class starts later: the fund writes no future date)."""
    _check_class_fields(unit, course, starts_on, ends_on, cost, cost_source, capacity)
    ensure_open(unit=unit, on=starts_on)
    qualified = instructor_ids(course.kind, starts_on, [p.pk for p in instructors])
    missing = [p.full_name for p in instructors if p.pk not in qualified]
    if missing:
        raise ValidationError(
            {"instructors": [_("Không có giấy chứng nhận hướng dẫn viên %(kind)s còn hiệu lực: "
                               "%(names)s.") % {"kind": CourseKind(course.kind).label.lower(),
                                                  "names": ", ".join(missing)}]}
        )  # fmt: skip
    cls = TrainingClass.objects.create(
        course=course, unit=unit, title=nfc(title).strip(), starts_on=starts_on,
        ends_on=ends_on, place=nfc(place).strip(), partner=nfc(partner).strip(),
        capacity=capacity, cost=cost, cost_source=cost_source, created_by=user_or_none(actor),
    )  # fmt: skip
    if instructors:
        cls.instructors.set(instructors)
    if cost and cost_source == CostSource.FUND:
        cls.fund_entry = record_entry(
            actor=actor, unit=unit, on=min(starts_on, timezone.localdate()), amount=cost,
            direction=Direction.OUT, category=Category.OTHER, fund=FundKind.HUMANITARIAN,
            note=_("Chi phí lớp tập huấn: %(name)s") % {"name": cls.label},
        )  # fmt: skip
        cls.save(update_fields=["fund_entry"])
    audit.record(
        actor=actor, action="training.class.create", unit=unit, obj=cls,
        data={"course": course.code, "starts_on": str(starts_on), "ends_on": str(ends_on),
              "cost": cost, "cost_source": cost_source,
              "instructors": [p.pk for p in instructors]},
    )  # fmt: skip
    note_changed(unit_ids=[unit.pk], since=starts_on)
    return cls


@transaction.atomic
def cancel_class(*, actor, cls: TrainingClass, on: datetime.date, reason: str) -> TrainingClass:
    """Cancel a class that issued no certificate; its fund entry is reversed on ``on``."""
    cls = (
        TrainingClass.objects.select_for_update(of=("self",)).select_related("unit").get(pk=cls.pk)
    )
    reason = nfc(reason).strip()
    if cls.cancelled_on is not None:
        raise ValidationError(_("Lớp này đã huỷ."))
    if not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do huỷ lớp.")]})
    if Certificate.objects.filter(participant__training_class=cls).exists():
        raise ValidationError(_("Lớp đã cấp giấy chứng nhận: không huỷ được lớp."))
    ensure_open(unit=cls.unit, on=cls.starts_on)
    cls.cancelled_on, cls.cancel_reason = on, reason
    cls.save(update_fields=["cancelled_on", "cancel_reason"])
    entry = cls.fund_entry
    if entry is not None:
        reverse_entry(
            actor=actor, entry=entry, on=max(on, entry.on),
            note=_("Huỷ lớp tập huấn: %(reason)s") % {"reason": reason},
        )  # fmt: skip
    audit.record(
        actor=actor, action="training.class.cancel", unit=cls.unit, obj=cls,
        data={"on": str(on), "reason": reason},
    )  # fmt: skip
    note_changed(unit_ids=[cls.unit_id], since=cls.starts_on)
    return cls


def _check_enrolment(cls: TrainingClass, people: Sequence[Person]) -> None:
    if cls.cancelled_on is not None:
        raise ValidationError(_("Lớp này đã huỷ."))
    ids = [p.pk for p in people]
    twice = {p.full_name for p in people if ids.count(p.pk) > 1}
    inside = dict(
        Participant.objects.filter(training_class=cls, person_id__in=ids).values_list(
            "person_id", "person__full_name"
        )
    )
    if twice or inside:
        names = ", ".join(sorted(twice | set(inside.values())))
        raise ValidationError(
            _("Đã có trong danh sách lớp, không ghi danh lần nữa: %(names)s.") % {"names": names}
        )
    if cls.capacity is not None:
        n = Participant.objects.filter(training_class=cls).count()
        if n + len(ids) > cls.capacity:
            raise ValidationError(
                _("Lớp chỉ nhận %(cap)d học viên; đã có %(n)d.") % {"cap": cls.capacity, "n": n}
            )
    prereq = cls.course.prerequisite
    if prereq is not None:
        holders = set(
            Certificate.objects.filter(
                person_id__in=ids, course=prereq, revoked_on__isnull=True
            ).values_list("person_id", flat=True)
        )
        lacking = [p.full_name for p in people if p.pk not in holders]
        if lacking:
            raise ValidationError(
                _("Chưa có giấy chứng nhận “%(course)s” (khoá học trước): %(names)s.")
                % {"course": prereq.name, "names": ", ".join(lacking)}
            )


@transaction.atomic
def enrol_people(
    *, actor, cls: TrainingClass, people: Sequence[Person], source: str = "register"
) -> list[Participant]:
    """Enrol ``people`` (chosen from the register, typed or imported: the caller has checked
    each is in the user's scope); all or none, one audit event."""
    cls = (
        TrainingClass.objects.select_for_update(of=("self",))
        .select_related("course", "unit")
        .get(pk=cls.pk)
    )
    if not people:
        raise ValidationError(_("Chưa chọn người nào."))
    _check_enrolment(cls, people)
    ensure_open(unit=cls.unit, on=cls.starts_on)
    try:
        with transaction.atomic():
            rows = Participant.objects.bulk_create(
                [
                    Participant(training_class=cls, person=p, created_by=user_or_none(actor))
                    for p in people
                ]
            )
    except IntegrityError:  # enrolled by someone else meanwhile
        raise ValidationError(_("Có người vừa được ghi danh vào lớp; hãy tải lại trang.")) from None
    audit.record(
        actor=actor, action="training.participant.enrol", unit=cls.unit, obj=cls,
        data={"count": len(rows), "people": [p.pk for p in people], "source": source},
    )  # fmt: skip
    note_changed(unit_ids=[cls.unit_id], since=cls.starts_on)
    return rows


@transaction.atomic
def enrol_typed(
    *, actor, cls: TrainingClass, full_name: str, sex: str, birth_year: int | None = None,
    cccd: str = "", phone: str = "",
) -> Participant:  # fmt: skip
    """Enrol someone typed on a phone: the person with this CCCD when the user sees them, else a
    new person registered with the class's unit. A CCCD held outside the user's scope is refused
    with the neutral message (nothing about that person is shown); a namesake of the same birth
    year in the base must be chosen from the register instead."""
    person = None
    if cccd:
        person = Person.objects.visible_to(actor).filter(cccd=cccd).first()
    if person is None:
        try:
            person = create_person(
                actor=actor, unit=cls.unit, full_name=full_name, sex=sex,
                birth_year=birth_year, cccd=cccd, phone=phone,
            )  # fmt: skip
        except DuplicateWarning:
            raise ValidationError(
                _("Đã có người cùng họ tên và năm sinh trong cơ sở Hội: hãy tìm và chọn người "
                  "đó trong danh sách hội viên, tình nguyện viên.")
            ) from None  # fmt: skip
    return enrol_people(actor=actor, cls=cls, people=[person], source="typed")[0]


@transaction.atomic
def record_attendance(
    *, actor, cls: TrainingClass, day: datetime.date, present_ids: Iterable[int]
) -> int:
    """The roll call of ``day``: the participants in ``present_ids`` were there, the others not.
    Returns how many were present."""
    cls = (
        TrainingClass.objects.select_for_update(of=("self",)).select_related("unit").get(pk=cls.pk)
    )
    if cls.cancelled_on is not None:
        raise ValidationError(_("Lớp này đã huỷ."))
    if not cls.starts_on <= day <= cls.ends_on:
        raise ValidationError(
            {"day": [_("Ngày điểm danh phải trong thời gian lớp học (%(a)s – %(b)s).")
                     % {"a": format_date(cls.starts_on), "b": format_date(cls.ends_on)}]}
        )  # fmt: skip
    if day > timezone.localdate():
        raise ValidationError({"day": [_("Chưa đến ngày này, chưa điểm danh được.")]})
    ensure_open(unit=cls.unit, on=day)
    enrolled = set(cls.participants.values_list("pk", flat=True))
    present = set(present_ids)
    if present - enrolled:
        raise ValidationError(
            _("Có người không có trong danh sách lớp: chỉ điểm danh học viên đã ghi danh.")
        )
    Attendance.objects.filter(participant__training_class=cls, day=day).delete()
    Attendance.objects.bulk_create(
        Attendance(participant_id=pk, day=day, present=pk in present) for pk in sorted(enrolled)
    )
    audit.record(
        actor=actor, action="training.attendance.record", unit=cls.unit, obj=cls,
        data={"day": str(day), "present": len(present), "absent": len(enrolled - present)},
    )  # fmt: skip
    return len(present)


@transaction.atomic
def record_results(
    *, actor, cls: TrainingClass, results: dict[int, tuple[str, Decimal | None]]
) -> int:
    """Results by participant id: (result, score). A participant with a certificate keeps it:
    their result is not changed."""
    cls = (
        TrainingClass.objects.select_for_update(of=("self",)).select_related("unit").get(pk=cls.pk)
    )
    if cls.cancelled_on is not None:
        raise ValidationError(_("Lớp này đã huỷ."))
    ensure_open(unit=cls.unit, on=cls.ends_on)
    rows = {p.pk: p for p in cls.participants.select_related("person")}
    if set(results) - set(rows):
        raise ValidationError(
            _("Có người không có trong danh sách lớp: chỉ ghi kết quả học viên đã ghi danh.")
        )
    certified = set(
        Certificate.objects.filter(participant_id__in=list(results)).values_list(
            "participant_id", flat=True
        )
    )
    changed = []
    for pk, (result, score) in results.items():
        if result not in Result.values:
            raise ValidationError(_("Kết quả không hợp lệ."))
        if score is not None and not Decimal(0) <= Decimal(score) <= Decimal(100):
            raise ValidationError(_("Điểm phải từ 0 đến 100."))
        p = rows[pk]
        if p.result == result and p.score == score:
            continue
        if pk in certified:
            raise ValidationError(
                _("%(name)s đã được cấp giấy chứng nhận: thu hồi giấy trước khi sửa kết quả.")
                % {"name": p.person.full_name}
            )
        p.result, p.score = result, score
        changed.append(p)
    Participant.objects.bulk_update(changed, ["result", "score"])
    audit.record(
        actor=actor, action="training.result.record", unit=cls.unit, obj=cls,
        data={"changed": len(changed),
              "passed": sum(1 for p in changed if p.result == Result.PASSED)},
    )  # fmt: skip
    # A trained cadre changes their base's "every cadre trained" flag: mark the bases too.
    people = [p.person_id for p in changed]
    cadre_units = Unit.objects.filter(
        pk__in=Cadre.objects.filter(person_id__in=people, ended_on__isnull=True).values("unit_id")
    )
    bases = {base_of(u).pk for u in cadre_units}
    note_changed(unit_ids=[cls.unit_id, *bases], person_ids=people, since=cls.ends_on)
    return len(changed)
