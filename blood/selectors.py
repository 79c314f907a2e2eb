"""Reads of the blood programme, scoped: a drive is seen where its unit is in the user's scope,
a donor where their unit is (else 404). The sensitive facts (blood group, weight, health answers,
deferral reasons) are for those who may edit there (``may_see_health``)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.http import Http404

from accounts.access import has_perm_on, scope_q
from org.models import Unit

from .models import Donor, Drive, Honour, Outcome, Registration, ResultImport

ROSTER_LIMIT = 200


def get_drive_for_user(user, pk, perm: str = "view") -> Drive:
    try:
        return (
            Drive.objects.filter(scope_q(user, "unit__path", perm))
            .select_related("unit")
            .get(pk=pk)
        )
    except (Drive.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_registration_for_user(user, pk, perm: str = "view") -> Registration:
    try:
        return (
            Registration.objects.filter(scope_q(user, "drive__unit__path", perm))
            .select_related("drive__unit", "person")
            .get(pk=pk)
        )
    except (Registration.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_donor_for_user(user, pk, perm: str = "view") -> Donor:
    try:
        return (
            Donor.objects.filter(scope_q(user, "unit_path", perm))
            .select_related("person", "unit")
            .get(pk=pk)
        )
    except (Donor.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_import_for_user(user, pk, perm: str = "edit") -> ResultImport:
    try:
        return (
            ResultImport.objects.filter(scope_q(user, "drive__unit__path", perm))
            .select_related("drive__unit")
            .get(pk=pk)
        )
    except (ResultImport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_see_health(user, unit: Unit) -> bool:
    """Blood group, weight, health answers and deferral reasons: for who may edit there."""
    return has_perm_on(user, unit, "edit")


def drives_of(user, unit: Unit):
    """The drives of ``unit``'s subtree, newest first, with their counts."""
    donated = Q(registrations__outcome=Outcome.DONATED)
    return (
        Drive.objects.filter(scope_q(user, "unit__path"))
        .filter(unit__path__startswith=unit.path)
        .select_related("unit")
        .annotate(
            n_registered=Count("registrations"),
            n_donated=Count("registrations", filter=donated),
            ml=Sum("registrations__volume_ml", filter=donated),
        )
        .order_by("-date", "-pk")
    )


def registrations_of(drive: Drive):
    return drive.registrations.select_related("person").order_by("slot", "person__sort_key", "pk")


@dataclass(frozen=True)
class RosterQuery:
    abo: str = ""
    rh: str = ""
    on: datetime.date | None = None
    commune: str = ""  # an administrative code the person lives in


def roster(user, unit: Unit, query: RosterQuery, limit: int = ROSTER_LIMIT) -> list[Donor]:
    """The living blood bank: donors on call in ``unit``'s subtree (and the user's scope) who
    may give on ``query.on``, of the group asked (any when empty), the longest rested first.

    One index range (blood_donor_roster: group, path, next eligible date) read in the order of
    the last donation; the age is checked against the denormalised dates."""
    on = query.on or datetime.date.today()
    qs = Donor.objects.filter(
        scope_q(user, "unit_path", "edit"),
        on_call=True,
        unit_path__startswith=unit.path,
        next_eligible_on__lte=on,
        eligible_until__gt=on,
    )
    if query.abo:
        qs = qs.filter(abo=query.abo)
    if query.rh:
        qs = qs.filter(rh=query.rh)
    if query.commune:
        qs = qs.filter(person__address_code=query.commune)
    # Only what the list, the call list and the API show: 200 rows built faster.
    fields = ("unit_id", "abo", "rh", "group_source", "weight_kg", "on_call", "opening_count",
              "recorded_count", "last_donation_on", "next_eligible_on", "person__full_name",
              "person__phone", "unit__name")  # fmt: skip
    return list(
        qs.select_related("person", "unit")
        .only(*fields)
        .order_by(F("last_donation_on").asc(nulls_first=True), "person_id")[:limit]
    )


def honours_of(user, unit: Unit, year: int):
    return (
        Honour.objects.filter(scope_q(user, "unit__path"))
        .filter(unit__path__startswith=unit.path, reached_on__year=year)
        .select_related("person", "unit")
        .order_by("-milestone", "person__sort_key", "pk")
    )


def donor_history(donor: Donor):
    regs = (
        Registration.objects.filter(person_id=donor.pk)
        .select_related("drive", "unit")
        .order_by("-date", "-pk")
    )
    honours = Honour.objects.filter(person_id=donor.pk).order_by("milestone")
    return list(regs), list(honours)
