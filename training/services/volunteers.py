"""Volunteer activities with hours per volunteer (a team leader's tick-list, the API, an
import), and the recognitions earned when a volunteer's total hours pass a level."""

import datetime
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from clubs.models import Club, ClubMember
from core import audit
from core.audit import user_or_none
from core.formatting import format_date
from core.marks import note_changed
from core.text import nfc
from members.models import Membership
from org.locks import ensure_open
from org.models import Unit
from people.models import Person

from ..models import (
    Activity,
    ActivityKind,
    Recognition,
    RecognitionLevel,
    VolunteerHours,
    VolunteerRule,
)

DAY_HOURS = Decimal(24)


def _hours(value) -> Decimal:
    try:
        h = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Số giờ không hợp lệ.")) from None
    if not Decimal(0) < h <= DAY_HOURS:
        raise ValidationError(_("Số giờ phải lớn hơn 0 và không quá 24."))
    return h


def _check_day_totals(on: datetime.date, hours: dict[Person, Decimal]) -> None:
    """Nobody is given more than 24 hours on one day, counting their other activities."""
    before = dict(
        VolunteerHours.objects.filter(person_id__in=[p.pk for p in hours], on=on, cancelled=False)
        .values("person_id")
        .annotate(h=Sum("hours"))
        .values_list("person_id", "h")
    )
    over = [
        (p, before.get(p.pk, Decimal(0)))
        for p, h in hours.items()
        if before.get(p.pk, Decimal(0)) + h > DAY_HOURS
    ]
    if over:
        raise ValidationError(
            _("Quá 24 giờ trong ngày %(date)s: %(names)s.")
            % {
                "date": format_date(on),
                "names": "; ".join(
                    _("%(name)s (đã ghi %(h)s giờ ở hoạt động khác)")
                    % {"name": p.full_name, "h": f"{h:g}"}
                    for p, h in over
                ),
            }
        )


def _recognise(unit: Unit, on: datetime.date, person_ids: list[int]) -> list[Recognition]:
    """Recognitions reached by ``person_ids`` with their hours so far (a fixed number of
    queries whatever the number of people)."""
    levels = list(RecognitionLevel.objects.all())
    if not levels or not person_ids:
        return []
    totals = dict(
        VolunteerHours.objects.filter(person_id__in=person_ids, cancelled=False)
        .values("person_id")
        .annotate(h=Sum("hours"))
        .values_list("person_id", "h")
    )
    had = set(
        Recognition.objects.filter(person_id__in=person_ids).values_list("person_id", "level_id")
    )
    new = [
        Recognition(person_id=pid, level=lv, unit=unit, reached_on=on)
        for pid, total in totals.items()
        for lv in levels
        if total >= lv.hours and (pid, lv.pk) not in had
    ]
    return Recognition.objects.bulk_create(new)


@transaction.atomic
def record_activity(
    *, actor, unit: Unit, kind: str, on: datetime.date, hours: dict[Person, object],
    place: str = "", description: str = "", source: str = "ticklist", club: Club | None = None,
) -> Activity:  # fmt: skip
    """One activity of ``unit`` on ``on`` with ``hours`` per volunteer (the caller has checked
    each person is in the user's scope). Refused whole when one line is wrong; one audit
    event with the counts."""
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": [_("Loại hoạt động không hợp lệ.")]})
    if on > timezone.localdate():
        raise ValidationError({"on": [_("Ngày hoạt động không được sau hôm nay.")]})
    if not unit.existed_on(on):
        raise ValidationError(
            {"on": [_("Đơn vị “%(unit)s” không hoạt động vào ngày %(date)s.")
                    % {"unit": unit.name, "date": format_date(on)}]}
        )  # fmt: skip
    if not hours:
        raise ValidationError(_("Chưa đánh dấu tình nguyện viên nào tham gia."))
    if club is not None:
        _check_club(club, unit, on, hours)
    checked: dict[Person, Decimal] = {}
    for person, value in hours.items():
        try:
            checked[person] = _hours(value)
        except ValidationError as e:
            raise ValidationError(f"{person.full_name}: {e.messages[0]}") from None
    ensure_open(unit=unit, on=on)
    # Serialise writers of the same people's day: a second tick-list of the same day waits.
    list(Person.objects.select_for_update().filter(pk__in=[p.pk for p in checked]).order_by("pk"))
    _check_day_totals(on, checked)
    activity = Activity.objects.create(
        unit=unit, club=club, kind=kind, on=on, place=nfc(place).strip(),
        description=nfc(description).strip(), created_by=user_or_none(actor),
    )  # fmt: skip
    VolunteerHours.objects.bulk_create(
        VolunteerHours(activity=activity, person=p, on=on, hours=h) for p, h in checked.items()
    )
    recognised = _recognise(unit, on, [p.pk for p in checked])
    audit.record(
        actor=actor, action="training.activity.record", unit=unit, obj=activity,
        data={"kind": kind, "on": str(on), "volunteers": len(checked),
              "hours": str(sum(checked.values())), "recognitions": len(recognised),
              "source": source, **({"club": club.name} if club is not None else {})},
    )  # fmt: skip
    note_changed(unit_ids=[unit.pk], person_ids=[p.pk for p in checked], since=on)
    return activity


def _check_club(club: Club, unit: Unit, on: datetime.date, hours: dict) -> None:
    """A club's activity belongs to the club's unit, on a day the club ran, with its people."""
    if club.unit_id != unit.pk:
        raise ValidationError(_("Câu lạc bộ không thuộc đơn vị này."))
    if on < club.founded_on or (club.closed_on is not None and on >= club.closed_on):
        raise ValidationError(
            {"on": [_("Câu lạc bộ “%(club)s” không hoạt động vào ngày %(date)s.")
                    % {"club": club.name, "date": format_date(on)}]}
        )  # fmt: skip
    members = set(
        ClubMember.objects.filter(club=club).active_on(on).values_list("person_id", flat=True)
    )
    outside = [p.full_name for p in hours if p.pk not in members]
    if outside:
        raise ValidationError(
            _("Không tham gia câu lạc bộ vào ngày đó: %(names)s.") % {"names": ", ".join(outside)}
        )


@transaction.atomic
def cancel_activity(*, actor, activity: Activity, on: datetime.date, reason: str) -> Activity:
    activity = (
        Activity.objects.select_for_update(of=("self",)).select_related("unit").get(pk=activity.pk)
    )
    reason = nfc(reason).strip()
    if activity.cancelled_on is not None:
        raise ValidationError(_("Hoạt động này đã huỷ."))
    if not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do huỷ.")]})
    ensure_open(unit=activity.unit, on=activity.on)
    activity.cancelled_on, activity.cancel_reason = on, reason
    activity.save(update_fields=["cancelled_on", "cancel_reason"])
    people = list(activity.hours.values_list("person_id", flat=True))
    activity.hours.update(cancelled=True)
    audit.record(
        actor=actor, action="training.activity.cancel", unit=activity.unit, obj=activity,
        data={"on": str(on), "reason": reason},
    )  # fmt: skip
    note_changed(unit_ids=[activity.unit_id], person_ids=people, since=activity.on)
    return activity


def volunteers_in_scope(actor, ids: Sequence[int]) -> list[Person]:
    return list(Person.objects.visible_to(actor).filter(pk__in=list(ids)))


@transaction.atomic
def set_volunteer_rule(
    *, actor, valid_from: datetime.date, min_hours: int, min_activities: int, months: int
) -> VolunteerRule:
    """The "active volunteer" rule from ``valid_from`` on (a rule of the same day is replaced;
    earlier rules stay for the years they governed). The figures of every unit keeping
    volunteers are counted again from that day."""
    if min_hours <= 0 and min_activities <= 0:
        raise ValidationError(_("Cần ít nhất một ngưỡng: số giờ hoặc số hoạt động."))
    if not 1 <= months <= 60:
        raise ValidationError({"months": [_("Số tháng phải từ 1 đến 60.")]})
    rule, created = VolunteerRule.objects.update_or_create(
        valid_from=valid_from,
        defaults={"min_hours": min_hours, "min_activities": min_activities, "months": months},
    )
    audit.record(
        actor=actor, action="training.rule.set", obj=rule,
        data={"valid_from": str(valid_from), "min_hours": min_hours,
              "min_activities": min_activities, "months": months, "replaced": not created},
    )  # fmt: skip
    units = (
        Membership.objects.filter(category="volunteer")
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=valid_from))
        .order_by()
        .values_list("unit_id", flat=True)
        .distinct()
    )
    note_changed(unit_ids=list(units), since=valid_from)
    return rule
