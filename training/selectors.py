"""Reads of the training app, scoped: a class, certificate or activity is seen where its unit is
in the user's scope, else 404."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.http import Http404

from clubs.models import ClubMember
from members.models import Membership
from org.models import Unit
from people.models import Person

from .models import (
    Activity,
    Certificate,
    Participant,
    Recognition,
    TrainingClass,
    VolunteerHours,
    VolunteerRule,
)
from .presets import RULE_FROM
from .services.certificates import shift_months

VOLUNTEER = "volunteer"
EXPIRING_DAYS = 90


def _get(qs, user, pk, perm: str):
    try:
        return qs.visible_to(user, perm).get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_class_for_user(user, pk, perm: str = "view") -> TrainingClass:
    return _get(TrainingClass.objects.select_related("unit", "course"), user, pk, perm)


def get_certificate_for_user(user, pk, perm: str = "view") -> Certificate:
    qs = Certificate.objects.select_related("unit", "course", "person", "renewal")
    return _get(qs, user, pk, perm)


def get_activity_for_user(user, pk, perm: str = "view") -> Activity:
    return _get(Activity.objects.select_related("unit"), user, pk, perm)


def classes_of(user, unit: Unit):
    return (
        TrainingClass.objects.visible_to(user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit", "course")
        .annotate(
            n=Count("participants", distinct=True),
            passed=Count("participants", filter=Q(participants__result="passed"), distinct=True),
        )
        .order_by("-starts_on", "-pk")
    )


def activities_of(user, unit: Unit):
    return (
        Activity.objects.visible_to(user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit")
        .annotate(n=Count("hours"), h=Sum("hours__hours"))
        .order_by("-on", "-pk")
    )


def expiring_certificates(user, unit: Unit, on: datetime.date, days: int = EXPIRING_DAYS):
    """Valid certificates of ``unit``'s subtree that expire within ``days`` of ``on`` and are
    not renewed."""
    return (
        Certificate.objects.visible_to(user)
        .filter(
            unit__path__startswith=unit.path,
            revoked_on__isnull=True,
            valid_until__gte=on,
            valid_until__lte=on + datetime.timedelta(days=days),
            renewal__isnull=True,
        )
        .select_related("person", "course", "unit")
        .order_by("valid_until", "person__sort_key")
    )


# --- the active-volunteer rule -------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    min_hours: int
    min_activities: int
    months: int

    def window(self, on: datetime.date) -> tuple[datetime.date, datetime.date]:
        """(first day, last day) of the months up to ``on``: 12 months up to 03/12/2026 are
        04/12/2025 – 03/12/2026."""
        return shift_months(on, -self.months) + datetime.timedelta(days=1), on


def rule_on(on: datetime.date) -> Rule:
    row = VolunteerRule.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    if row is None:
        return Rule(12, 3, 12)
    return Rule(row.min_hours, row.min_activities, row.months)


def active_q(rule: Rule) -> Q:
    return Q(h__gte=rule.min_hours) | Q(n__gte=rule.min_activities)


def volunteer_totals(person_ids, on: datetime.date, rule: Rule | None = None):
    """{person id: (hours, activities)} in the rule's window up to ``on``."""
    rule = rule or rule_on(on)
    first, last = rule.window(on)
    qs = VolunteerHours.objects.filter(cancelled=False, on__gte=first, on__lte=last)
    if person_ids is not None:
        qs = qs.filter(person_id__in=list(person_ids))
    rows = qs.values("person_id").annotate(h=Sum("hours"), n=Count("activity_id"))
    return {r["person_id"]: (r["h"], r["n"]) for r in rows.order_by()}


def is_active(totals: tuple | None, rule: Rule) -> bool:
    return totals is not None and (totals[0] >= rule.min_hours or totals[1] >= rule.min_activities)


ROSTER_MAX = 500  # a tick-list longer than this is a province's, not a team's


def roster(user, unit: Unit, on: datetime.date) -> list[Person]:
    """The people a team leader ticks: the current members of ``unit`` (and the units under it)
    that ``user`` sees, in Vietnamese order; at most ROSTER_MAX + 1 (the page says when the
    list is cut: record a large unit's activities from its teams, or through the API)."""
    ms = (
        Membership.objects.visible_to(user)
        .active_on(on)
        .filter(unit_path__startswith=unit.path)
        .values("person_id")
    )
    return list(Person.objects.filter(pk__in=ms).order_by("sort_key", "pk")[: ROSTER_MAX + 1])


def volunteer_rules():
    """Every "active volunteer" rule, the newest first (the one in force on a day is the latest
    from before it)."""
    return list(VolunteerRule.objects.order_by("-valid_from"))


def club_roster(club, on: datetime.date) -> list[Person]:
    """The people of a club on ``on`` (the club was reached through the user's scope), in
    Vietnamese order; at most ROSTER_MAX + 1."""
    ids = ClubMember.objects.filter(club=club).active_on(on).values("person_id")
    return list(Person.objects.filter(pk__in=ids).order_by("sort_key", "pk")[: ROSTER_MAX + 1])


@dataclass
class VolunteerRow:
    person: Person
    hours: object
    activities: int
    active: bool


def volunteers_status(user, unit: Unit, on: datetime.date) -> tuple[Rule, list[VolunteerRow]]:
    """The volunteers of ``unit``'s subtree on ``on`` with their hours and activities in the
    rule's window, active or not."""
    rule = rule_on(on)
    ms = (
        Membership.objects.visible_to(user)
        .active_on(on)
        .filter(unit_path__startswith=unit.path, category=VOLUNTEER)
        .values("person_id")
    )
    people = list(Person.objects.filter(pk__in=ms).order_by("sort_key", "pk"))
    totals = volunteer_totals([p.pk for p in people], on, rule)
    rows = []
    for p in people:
        t = totals.get(p.pk)
        rows.append(VolunteerRow(p, t[0] if t else 0, t[1] if t else 0, is_active(t, rule)))
    return rule, rows


# --- a person's history --------------------------------------------------------------------------


@dataclass
class PersonTraining:
    participations: list
    certificates: list
    hours_total: object
    activities: int
    recognitions: list
    classes_taught: list

    def __bool__(self) -> bool:
        return bool(
            self.participations or self.certificates or self.activities or self.classes_taught
        )


def person_training(user, person: Person) -> PersonTraining:
    """What ``person`` learnt, holds, did and taught, limited to the records ``user`` sees."""
    parts = list(
        Participant.objects.visible_to(user)
        .filter(person=person)
        .select_related("training_class__course", "training_class__unit")
        .order_by("-training_class__starts_on")
    )
    certs = list(
        Certificate.objects.visible_to(user)
        .filter(person=person)
        .select_related("course", "unit")
        .order_by("-issued_on", "-pk")
    )
    hours = VolunteerHours.objects.filter(
        person=person, cancelled=False, activity__in=Activity.objects.visible_to(user)
    ).aggregate(h=Sum("hours"), n=Count("id"))
    recs = list(Recognition.objects.visible_to(user).filter(person=person).select_related("level"))
    taught = list(
        TrainingClass.objects.visible_to(user)
        .filter(instructors=person)
        .select_related("course")
        .order_by("-starts_on")
    )
    return PersonTraining(parts, certs, hours["h"] or 0, hours["n"] or 0, recs, taught)


def rule_start() -> datetime.date:
    return RULE_FROM


def attendance_of(cls: TrainingClass, day: datetime.date):
    from .models import Attendance

    return Attendance.objects.filter(participant__training_class=cls, day=day)


def certificates_by_pk(user, pks):
    return (
        Certificate.objects.visible_to(user)
        .filter(pk__in=list(pks))
        .select_related("person")
        .order_by("seq")
    )
