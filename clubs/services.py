"""Writes on clubs: found, close, add a person, a person leaves. Each is atomic, writes one audit
event and marks the club's unit for the indicators (number of clubs, their members)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.formatting import format_date
from core.marks import note_changed
from core.text import nfc
from org.models import Unit, UnitKind
from people.models import Person

from .models import Club, ClubMember, ClubType

# Who runs clubs: a province, a district (until 2025), a base or a branch (a group, team or club is
# too small a unit).
CLUB_UNIT_KINDS = {UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.BASE, UnitKind.BRANCH}


def _check_date(on: datetime.date, field: str) -> None:
    if on > timezone.localdate():
        raise ValidationError({field: [_("Ngày không được sau hôm nay.")]})


@transaction.atomic
def create_club(
    *, actor, unit: Unit, name: str, type: str, founded_on: datetime.date, note: str = ""
) -> Club:
    name = nfc(name)
    if not name:
        raise ValidationError({"name": [_("Hãy ghi tên câu lạc bộ, tổ, nhóm.")]})
    if type not in ClubType.values:
        raise ValidationError({"type": [_("Loại không hợp lệ.")]})
    if unit.kind not in CLUB_UNIT_KINDS or not unit.is_current:
        raise ValidationError(
            _("%(unit)s không lập được câu lạc bộ, tổ, nhóm.") % {"unit": unit.name}
        )
    _check_date(founded_on, "founded_on")
    club = Club.objects.create(
        unit=unit,
        name=name,
        type=type,
        founded_on=founded_on,
        note=nfc(note),
        created_by=user_or_none(actor),
    )
    audit.record(
        actor=actor,
        action="clubs.club.create",
        unit=unit,
        obj=club,
        data={"name": name, "type": type, "founded_on": str(founded_on)},
    )
    note_changed(unit_ids=[unit.pk], since=founded_on)
    return club


@transaction.atomic
def close_club(*, actor, club: Club, on: datetime.date) -> Club:
    """The club stops from ``on``; its people leave it that day."""
    club = Club.objects.select_for_update().get(pk=club.pk)
    if club.closed_on is not None:
        raise ValidationError(_("Câu lạc bộ này đã giải thể."))
    _check_date(on, "on")
    if on <= club.founded_on:
        raise ValidationError({"on": [_("Ngày giải thể phải sau ngày thành lập.")]})
    club.closed_on = on
    club.save(update_fields=["closed_on"])
    ClubMember.objects.filter(club=club, left_on__isnull=True, joined_on__lt=on).update(left_on=on)
    audit.record(
        actor=actor, action="clubs.club.close", unit=club.unit, obj=club, data={"on": str(on)}
    )
    note_changed(unit_ids=[club.unit_id], since=on)
    return club


@transaction.atomic
def add_club_member(*, actor, club: Club, person: Person, joined_on: datetime.date) -> ClubMember:
    if club.closed_on is not None:
        raise ValidationError(_("Câu lạc bộ này đã giải thể."))
    _check_date(joined_on, "joined_on")
    if joined_on < club.founded_on:
        raise ValidationError(
            {"joined_on": [_("Ngày tham gia không được trước ngày thành lập (%(date)s).")
                           % {"date": format_date(club.founded_on)}]}
        )  # fmt: skip
    try:
        with transaction.atomic():
            member = ClubMember.objects.create(
                club=club, person=person, joined_on=joined_on, created_by=user_or_none(actor)
            )
    except IntegrityError:
        raise ValidationError(
            _("%(name)s đã ở trong câu lạc bộ này.") % {"name": person.full_name}
        ) from None
    audit.record(
        actor=actor,
        action="clubs.member.add",
        unit=club.unit,
        obj=member,
        data={"club": club.pk, "person": person.pk, "joined_on": str(joined_on)},
    )
    note_changed(unit_ids=[club.unit_id], since=joined_on)
    return member


@transaction.atomic
def remove_club_member(*, actor, member: ClubMember, on: datetime.date) -> ClubMember:
    """The person leaves the club from ``on`` (kept in the club's history)."""
    member = ClubMember.objects.select_for_update().select_related("club").get(pk=member.pk)
    if member.left_on is not None:
        raise ValidationError(_("Người này đã rời câu lạc bộ."))
    _check_date(on, "on")
    if on <= member.joined_on:
        raise ValidationError(
            {"on": [_("Ngày rời phải sau ngày tham gia (%(date)s).")
                    % {"date": format_date(member.joined_on)}]}
        )  # fmt: skip
    member.left_on = on
    member.save(update_fields=["left_on"])
    audit.record(
        actor=actor,
        action="clubs.member.remove",
        unit=member.club.unit,
        obj=member,
        data={"club": member.club_id, "person": member.person_id, "on": str(on)},
    )
    note_changed(unit_ids=[member.club.unit_id], since=on)
    return member
