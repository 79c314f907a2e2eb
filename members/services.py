"""Writes on memberships and cadres: admit, transfer, end, re-admit; reorganisation hooks.

Nothing is deleted: a membership that stops gets ``ended_on`` (the first day it no longer counts)
and a reason; a transfer ends one membership and opens the next on the same day.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.formatting import format_date
from core.marks import note_changed
from core.text import nfc
from core.vn import age_on
from org.locks import ensure_open
from org.models import Unit, UnitKind
from people.models import Person

from .models import Cadre, CadrePosition, EndReason, Membership
from .selectors import category_names, volunteer_min_age

# Units that keep members directly: a base's own members, branches, teams, clubs and groups.
MEMBER_UNIT_KINDS = {
    UnitKind.BASE,
    UnitKind.BRANCH,
    UnitKind.GROUP,
    UnitKind.TEAM,
    UnitKind.CLUB,
}


def _check_unit(unit: Unit, on: datetime.date) -> None:
    if unit.kind not in MEMBER_UNIT_KINDS:
        raise ValidationError(
            {
                "unit": [
                    _("Đơn vị “%(unit)s” không quản lý hội viên trực tiếp.") % {"unit": unit.name}
                ]
            }
        )
    if not unit.existed_on(on):
        raise ValidationError(
            {"unit": [_("Đơn vị “%(unit)s” không hoạt động vào ngày %(date)s.")
                      % {"unit": unit.name, "date": format_date(on)}]}
        )  # fmt: skip


def _check_date(on: datetime.date, field: str) -> None:
    if on > timezone.localdate():
        raise ValidationError({field: [_("Ngày không được sau hôm nay.")]})


def _check_card(card_number: str, person: Person) -> str:
    card_number = nfc(card_number).upper()
    if card_number and (
        Membership.objects.filter(card_number=card_number).exclude(person=person).exists()
    ):
        raise ValidationError(
            {"card_number": [_("Số thẻ %(card)s đã cấp cho người khác.") % {"card": card_number}]}
        )
    return card_number


def _check_category(category: str, person: Person, on: datetime.date) -> None:
    names = category_names()
    if category not in names:
        raise ValidationError({"category": [_("Loại hội viên không có trong danh mục của Hội.")]})
    if category == "volunteer":
        age = age_on(person.birth_year, person.birth_date, on)
        least = volunteer_min_age()
        if age is not None and age < least:
            raise ValidationError(
                {"category": [_("Tình nguyện viên phải từ đủ %(min)d tuổi (người này %(age)d tuổi).")
                              % {"min": least, "age": age}]}
            )  # fmt: skip


def _audit(actor, action: str, m: Membership, **data) -> None:
    audit.record(
        actor=actor,
        action=action,
        unit=m.unit,
        obj=m,
        data={"person": m.person_id, "category": m.category, **data},
    )
    # The unit's figures (and on a transfer, those of the unit it went to) are recounted after
    # the commit, from the membership's latest date on.
    note_changed(unit_ids=[m.unit_id, data.get("to_unit")], since=m.ended_on or m.joined_on)


def _create(**kwargs) -> Membership:
    kwargs["unit_path"] = kwargs["unit"].path
    kwargs["sort_key"] = kwargs["person"].sort_key
    kwargs["search_key"] = kwargs["person"].search_key
    try:
        with transaction.atomic():
            return Membership.objects.create(**kwargs)
    except IntegrityError as e:
        # The partial unique constraints are the last guard against concurrent writes.
        if "card" in str(e):
            raise ValidationError({"card_number": [_("Số thẻ đã được dùng.")]}) from None
        raise ValidationError(
            _("Người này đang sinh hoạt trong loại hội viên này ở một đơn vị khác.")
        ) from None


@transaction.atomic
def admit_member(
    *,
    actor,
    person: Person,
    unit: Unit,
    category: str,
    joined_on: datetime.date,
    card_number: str = "",
    note: str = "",
) -> Membership:
    _check_date(joined_on, "joined_on")
    _check_unit(unit, joined_on)
    ensure_open(unit=unit, on=joined_on)  # a period the reporting cycle locked
    _check_category(category, person, joined_on)
    if person.birth_date and joined_on < person.birth_date:
        raise ValidationError({"joined_on": [_("Ngày vào Hội không được trước ngày sinh.")]})
    open_one = Membership.objects.filter(person=person, category=category, ended_on__isnull=True)
    if open_one.exists():
        raise ValidationError(
            _("%(name)s đang là %(cat)s; hãy chuyển sinh hoạt thay vì kết nạp lại.")
            % {"name": person.full_name, "cat": category_names()[category].lower()}
        )
    last = Membership.objects.filter(person=person, category=category).order_by("-ended_on").first()
    if last is not None and last.ended_on and joined_on < last.ended_on:
        raise ValidationError(
            {"joined_on": [_("Ngày vào phải từ ngày %(date)s (ngày thôi của lần trước).")
                           % {"date": format_date(last.ended_on)}]}
        )  # fmt: skip
    m = _create(
        person=person,
        unit=unit,
        category=category,
        joined_on=joined_on,
        card_number=_check_card(card_number, person),
        note=nfc(note),
        previous=last if last is not None and not hasattr(last, "next") else None,
        created_by=user_or_none(actor),
    )
    _audit(actor, "members.membership.admit", m, joined_on=str(joined_on), card=m.card_number)
    return m


@transaction.atomic
def readmit_member(*, actor, membership: Membership, joined_on: datetime.date, unit=None, card_number=None) -> Membership:  # fmt: skip
    """Admit again someone whose membership ended, keeping the link to the earlier one."""
    membership = Membership.objects.select_related("person", "unit").get(pk=membership.pk)
    if membership.ended_on is None:
        raise ValidationError(_("Người này vẫn đang sinh hoạt."))
    if membership.end_reason == EndReason.DECEASED:
        raise ValidationError(_("Không thể kết nạp lại người đã từ trần."))
    return admit_member(
        actor=actor,
        person=membership.person,
        unit=unit or membership.unit,
        category=membership.category,
        joined_on=joined_on,
        card_number=membership.card_number if card_number is None else card_number,
    )


def _lock_open(membership: Membership) -> Membership:
    m = (
        Membership.objects.select_for_update()
        .select_related("person", "unit")
        .get(pk=membership.pk)
    )
    if m.ended_on is not None:
        raise ValidationError(
            _("Quá trình sinh hoạt này đã kết thúc ngày %(date)s.")
            % {"date": format_date(m.ended_on)}
        )
    return m


def _close(m: Membership, on: datetime.date, reason: str, note: str = "") -> None:
    if on <= m.joined_on:
        raise ValidationError(
            {"on": [_("Ngày phải sau ngày vào (%(date)s).") % {"date": format_date(m.joined_on)}]}
        )
    m.ended_on = on
    m.end_reason = reason
    m.end_note = nfc(note)
    m.save(update_fields=["ended_on", "end_reason", "end_note"])


@transaction.atomic
def transfer_membership(
    *, actor, membership: Membership, to_unit: Unit, on: datetime.date, note: str = ""
) -> Membership:
    """Move a member to another unit from ``on``: one membership ends, the next opens."""
    m = _lock_open(membership)
    _check_date(on, "on")
    _check_unit(to_unit, on)
    ensure_open(unit=m.unit, on=on)
    ensure_open(unit=to_unit, on=on)
    if to_unit.pk == m.unit_id:
        raise ValidationError({"to_unit": [_("Đơn vị chuyển đến trùng với đơn vị hiện tại.")]})
    _close(m, on, EndReason.TRANSFERRED, note)
    new = _create(
        person=m.person,
        unit=to_unit,
        category=m.category,
        card_number=m.card_number,
        joined_on=on,
        previous=m,
        created_by=user_or_none(actor),
    )
    _audit(actor, "members.membership.transfer", m, to_unit=to_unit.pk, on=str(on), new=new.pk)
    audit.record(
        actor=actor,
        action="members.membership.transfer_in",
        unit=to_unit,
        obj=new,
        data={"person": m.person_id, "from_unit": m.unit_id, "on": str(on)},
    )
    return new


@transaction.atomic
def end_membership(
    *, actor, membership: Membership, on: datetime.date, reason: str, note: str = ""
) -> Membership:
    m = _lock_open(membership)
    _check_date(on, "on")
    ensure_open(unit=m.unit, on=on)
    allowed = {EndReason.MOVED_AWAY, EndReason.RESIGNED, EndReason.REMOVED, EndReason.DECEASED}
    if reason not in allowed:
        raise ValidationError({"reason": [_("Lý do thôi không hợp lệ.")]})
    if reason == EndReason.REMOVED and not nfc(note):
        # Seed 000: members must not be struck off lightly; the reason is kept with the record.
        raise ValidationError({"note": [_("Xoá tên phải ghi rõ lý do.")]})
    _close(m, on, reason, note)
    _audit(actor, "members.membership.end", m, on=str(on), reason=reason, note=m.end_note)
    if reason == EndReason.DECEASED:
        # Every other open membership of the person ends the same day.
        for other in Membership.objects.filter(person=m.person, ended_on__isnull=True):
            if other.joined_on < on:
                _close(other, on, EndReason.DECEASED)
                _audit(actor, "members.membership.end", other, on=str(on), reason=reason)
    return m


@transaction.atomic
def transfer_memberships(*, actor, memberships, to_unit: Unit, on: datetime.date) -> int:
    """Bulk action on selected rows: all or nothing."""
    done = 0
    for m in memberships:
        transfer_membership(actor=actor, membership=m, to_unit=to_unit, on=on)
        done += 1
    return done


@transaction.atomic
def end_memberships(*, actor, memberships, on: datetime.date, reason: str, note: str = "") -> int:
    done = 0
    for m in memberships:
        end_membership(actor=actor, membership=m, on=on, reason=reason, note=note)
        done += 1
    return done


# --- Copies kept on memberships -----------------------------------------------------------------


def rewrite_unit_paths(old_prefix: str, new_prefix: str) -> None:
    """A subtree moved: Membership.unit_path follows in one UPDATE (org.services.reorg calls it)."""
    if old_prefix == new_prefix:
        return
    Membership.objects.filter(unit_path__startswith=old_prefix).update(
        unit_path=Concat(
            Value(new_prefix),
            Substr("unit_path", len(old_prefix) + 1),
            output_field=models.CharField(),
        )
    )


def refresh_name_keys(person: Person) -> None:
    """A person was renamed: the register's copies of the sort and search keys follow."""
    Membership.objects.filter(person=person).update(
        sort_key=person.sort_key, search_key=person.search_key
    )


# --- Reorganisation hooks (called by org.services.reorg inside its transaction) ------------------


def _carry_over(*, actor, source_ids: list[int], into: Unit, on: datetime.date) -> int:
    """Set-based: memberships open in ``source_ids`` end on ``on`` and reopen in ``into``."""
    open_qs = Membership.objects.filter(unit_id__in=source_ids, ended_on__isnull=True)
    # Joined on or after ``on`` (entered late, backdated): they simply belong to the successor.
    open_qs.filter(joined_on__gte=on).update(unit=into, unit_path=into.path)
    old = list(open_qs.filter(joined_on__lt=on))
    if not old:
        return 0
    open_qs.filter(pk__in=[m.pk for m in old]).update(ended_on=on, end_reason=EndReason.REORGANISED)
    Membership.objects.bulk_create(
        [
            Membership(
                person_id=m.person_id,
                unit=into,
                unit_path=into.path,
                sort_key=m.sort_key,
                search_key=m.search_key,
                category=m.category,
                card_number=m.card_number,
                joined_on=on,
                previous_id=m.pk,
                note=m.note,
                created_by=user_or_none(actor),
            )
            for m in old
        ],
        batch_size=2000,
    )
    Cadre.objects.filter(unit_id__in=source_ids, ended_on__isnull=True, started_on__lt=on).update(
        ended_on=on
    )
    return len(old)


def move_memberships_for_merge(*, actor, sources: list[Unit], into: Unit, on: datetime.date) -> int:
    """Members kept directly by merged units continue in the successor from ``on``."""
    moved = _carry_over(actor=actor, source_ids=[s.pk for s in sources], into=into, on=on)
    if moved:
        audit.record(
            actor=actor,
            action="members.membership.reorganise",
            unit=into,
            data={"from": [s.pk for s in sources], "on": str(on), "count": moved},
        )
    return moved


def move_memberships_for_split(*, actor, unit: Unit, parts: list[Unit], on: datetime.date, to_part: int = 0) -> int:  # fmt: skip
    """Members kept directly by a split unit continue in one of the new units (the first
    unless told otherwise); their branches moved with the children already."""
    moved = _carry_over(actor=actor, source_ids=[unit.pk], into=parts[to_part], on=on)
    if moved:
        audit.record(
            actor=actor,
            action="members.membership.reorganise",
            unit=parts[to_part],
            data={"from": [unit.pk], "on": str(on), "count": moved},
        )
    return moved


def check_no_members_for_cease(*, unit: Unit) -> None:
    """A unit is not dissolved while people still belong to it: move or end them first."""
    n = Membership.objects.filter(unit=unit, ended_on__isnull=True).count()
    if n:
        raise ValidationError(
            _(
                "“%(unit)s” còn %(n)d người đang sinh hoạt; hãy chuyển sinh hoạt hoặc cho thôi "
                "trước khi giải thể."
            )
            % {"unit": unit.name, "n": n}
        )


# --- Cadres -------------------------------------------------------------------------------------


@transaction.atomic
def appoint_cadre(
    *,
    actor,
    person: Person,
    unit: Unit,
    position: str,
    started_on: datetime.date,
    term: str = "",
    position_note: str = "",
    uniform_issued_on: datetime.date | None = None,
    badge_issued_on: datetime.date | None = None,
) -> Cadre:
    if position not in CadrePosition.values:
        raise ValidationError({"position": [_("Chức danh không hợp lệ.")]})
    _check_date(started_on, "started_on")
    if not unit.existed_on(started_on):
        raise ValidationError({"unit": [_("Đơn vị không hoạt động vào ngày bắt đầu.")]})
    ensure_open(unit=unit, on=started_on)
    for field, value in (("uniform_issued_on", uniform_issued_on), ("badge_issued_on", badge_issued_on)):  # fmt: skip
        if value is not None:
            _check_date(value, field)
    cadre = Cadre.objects.create(
        person=person,
        unit=unit,
        position=position,
        position_note=nfc(position_note),
        term=nfc(term),
        started_on=started_on,
        uniform_issued_on=uniform_issued_on,
        badge_issued_on=badge_issued_on,
    )
    note_changed(unit_ids=[unit.pk], since=started_on)  # cadre indicators
    audit.record(
        actor=actor,
        action="members.cadre.appoint",
        unit=unit,
        obj=cadre,
        data={"person": person.pk, "position": position, "term": cadre.term},
    )
    return cadre


@transaction.atomic
def update_cadre(
    *,
    actor,
    cadre: Cadre,
    ended_on: datetime.date | None = None,
    uniform_issued_on: datetime.date | None = None,
    badge_issued_on: datetime.date | None = None,
) -> Cadre:
    """Record the end of a term and the uniform and badge handed out (seed 000 target)."""
    cadre = Cadre.objects.select_for_update().get(pk=cadre.pk)
    changed = {}
    since: datetime.date | None = None  # the earliest date whose figures change
    for field, value in (
        ("ended_on", ended_on),
        ("uniform_issued_on", uniform_issued_on),
        ("badge_issued_on", badge_issued_on),
    ):
        if value is None:
            continue
        _check_date(value, field)
        ensure_open(unit=cadre.unit, on=value)
        if field == "ended_on" and value <= cadre.started_on:
            raise ValidationError({"ended_on": [_("Ngày kết thúc phải sau ngày bắt đầu.")]})
        since = min(d for d in (since, value, getattr(cadre, field)) if d is not None)
        setattr(cadre, field, value)
        changed[field] = str(value)
    if changed:
        cadre.save(update_fields=list(changed))
        note_changed(unit_ids=[cadre.unit_id], since=since or cadre.started_on)  # cadres
        audit.record(
            actor=actor, action="members.cadre.update", unit=cadre.unit, obj=cadre, data=changed
        )
    return cadre
