"""Transfers to another base: the destination search, and requests the receiving base accepts.

A user moves members freely between the units they may edit (members.services.
transfer_membership). A base manager cannot reach another base: the move is then a
:class:`~members.models.TransferRequest` to that base, which accepts it (the transfer is made
into the unit it chooses, on the date asked) or refuses it with a reason, as in practice. The
sending side sees the outcome and nothing of the receiving base beyond its name.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import scope_paths, scope_q
from core import audit
from core.audit import user_or_none
from core.formatting import format_date
from core.text import nfc, search_key
from org.models import Unit, UnitKind
from org.ordering import base_names, full_label, label_order
from people.selectors import base_of

from .models import Membership, TransferRequest
from .services import MEMBER_UNIT_KINDS, transfer_membership

TARGET_LIMIT = 30


# --- Where a member can go ----------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    unit: Unit
    label: str
    direct: bool  # True: the user moves the member now; False: a request to that base


def editable_member_units(user):
    """Current units that keep members where ``user`` may edit."""
    return Unit.objects.visible_to(user, "edit").current().filter(kind__in=MEMBER_UNIT_KINDS)


def _base_of(unit: Unit) -> Unit | None:
    """The base ``unit`` belongs to; None above the bases."""
    base = base_of(unit)
    return base if base.kind == UnitKind.BASE else None


def transfer_targets(user, membership: Membership, q: str = "") -> tuple[list[Target], bool]:
    """Destinations matching ``q`` (accent-insensitive: "hai chau" finds "Hải Châu", in a unit's
    name or its base's), the units ``user`` may edit first, then other bases (by request).
    Without ``q``: the units of the member's own base. Returns (targets, more than shown)."""
    key = search_key(q)
    mine = editable_member_units(user).exclude(pk=membership.unit_id)
    if key:
        bases = Unit.objects.current().filter(kind=UnitKind.BASE, search_key__contains=key)
        paths = list(bases.values_list("path", flat=True)[:TARGET_LIMIT])
        match = Q(search_key__contains=key)
        for p in paths:
            match |= Q(path__startswith=p)
        mine = mine.filter(match)
    else:
        base = _base_of(membership.unit)
        mine = mine.filter(path__startswith=base.path) if base else mine.none()
    units = list(mine.order_by("sort_key", "pk")[: TARGET_LIMIT + 1])
    more = len(units) > TARGET_LIMIT
    units = units[:TARGET_LIMIT]
    labels = base_names(units)
    targets = [
        Target(u, full_label(u, labels), True)
        for u in sorted(units, key=lambda u: label_order(u, labels))
    ]
    if key and scope_paths(user, "edit") is not None:
        # Other bases, by their name only: a request goes to the base, which picks the branch.
        reach = {u.pk for u in units}
        others = (
            Unit.objects.current()
            .filter(kind=UnitKind.BASE, search_key__contains=key)
            .exclude(scope_q(user, "path", perm="edit"))
            .exclude(pk__in=reach)
            .order_by("sort_key", "pk")[: TARGET_LIMIT + 1]
        )
        others = list(others)
        more = more or len(others) > TARGET_LIMIT
        targets += [Target(b, b.name, False) for b in others[:TARGET_LIMIT]]
    return targets, more


def resolve_target(user, membership: Membership, pk) -> Target | None:
    """The destination ``pk`` chosen on the form: a unit ``user`` may edit (direct), or another
    current base (a request); None for anything else."""
    try:
        unit = Unit.objects.current().get(pk=pk, kind__in=MEMBER_UNIT_KINDS)
    except (Unit.DoesNotExist, ValueError, TypeError):
        return None
    if editable_member_units(user).filter(pk=unit.pk).exists():
        return Target(unit, full_label(unit, base_names([unit])), True)
    if unit.kind == UnitKind.BASE:
        return Target(unit, unit.name, False)
    return None


# --- Requests -----------------------------------------------------------------------------------


def _lock(request: TransferRequest) -> TransferRequest:
    r = (
        TransferRequest.objects.select_for_update()
        .select_related("membership__person", "membership__unit", "to_base", "from_unit")
        .get(pk=request.pk)
    )
    if r.status != TransferRequest.Status.PENDING:
        raise ValidationError(
            _("Đề nghị này đã được xử lý (%(status)s).") % {"status": r.get_status_display()}
        )
    return r


def _record(actor, action: str, r: TransferRequest, unit: Unit, **data) -> None:
    audit.record(
        actor=actor,
        action=action,
        unit=unit,
        obj=r,
        data={"person": r.membership.person_id, "membership": r.membership_id, **data},
    )


@transaction.atomic
def request_transfer(
    *, actor, membership: Membership, to_base: Unit, on: datetime.date, note: str = ""
) -> TransferRequest:
    """Ask ``to_base`` to take ``membership``'s member from ``on`` (its first day there)."""
    m = Membership.objects.select_for_update().select_related("unit").get(pk=membership.pk)
    if m.ended_on is not None:
        raise ValidationError(_("Quá trình sinh hoạt này đã kết thúc."))
    if to_base.kind != UnitKind.BASE or not to_base.is_current:
        raise ValidationError({"to_unit": [_("Chỉ gửi đề nghị được cho một Hội cơ sở.")]})
    if m.unit.path.startswith(to_base.path):
        raise ValidationError({"to_unit": [_("Người này đã sinh hoạt trong Hội cơ sở này.")]})
    if on > timezone.localdate():
        raise ValidationError({"on": [_("Ngày không được sau hôm nay.")]})
    if on <= m.joined_on:
        raise ValidationError(
            {"on": [_("Ngày phải sau ngày vào (%(date)s).") % {"date": format_date(m.joined_on)}]}
        )
    try:
        with transaction.atomic():
            r = TransferRequest.objects.create(
                membership=m,
                from_unit=m.unit,
                to_base=to_base,
                on=on,
                note=nfc(note),
                requested_by=user_or_none(actor),
            )
    except IntegrityError:
        raise ValidationError(
            _("Đã có một đề nghị chuyển sinh hoạt của người này đang chờ nhận.")
        ) from None
    _record(actor, "members.transfer_request.create", r, m.unit, to_base=to_base.pk, on=str(on))
    return r


@transaction.atomic
def accept_transfer(*, actor, request: TransferRequest, to_unit: Unit) -> TransferRequest:
    """The receiving base takes the member into ``to_unit`` (itself or a unit under it)."""
    r = _lock(request)
    if not to_unit.path.startswith(r.to_base.path):
        raise ValidationError(
            {"to_unit": [_("Hãy chọn một đơn vị thuộc %(base)s.") % {"base": r.to_base.name}]}
        )
    new = transfer_membership(
        actor=actor, membership=r.membership, to_unit=to_unit, on=r.on, note=r.note
    )
    r.status = TransferRequest.Status.ACCEPTED
    r.decided_by = user_or_none(actor)
    r.decided_at = timezone.now()
    r.result = new
    r.save(update_fields=["status", "decided_by", "decided_at", "result"])
    _record(actor, "members.transfer_request.accept", r, r.to_base, to_unit=to_unit.pk)
    return r


@transaction.atomic
def refuse_transfer(*, actor, request: TransferRequest, reason: str) -> TransferRequest:
    """The receiving base refuses, saying why (the sender reads the reason)."""
    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do từ chối.")]})
    r = _lock(request)
    r.status = TransferRequest.Status.REFUSED
    r.reason = reason
    r.decided_by = user_or_none(actor)
    r.decided_at = timezone.now()
    r.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    _record(actor, "members.transfer_request.refuse", r, r.to_base, reason=reason)
    return r


@transaction.atomic
def cancel_transfer_request(*, actor, request: TransferRequest) -> TransferRequest:
    """The sending side withdraws a request still waiting."""
    r = _lock(request)
    r.status = TransferRequest.Status.CANCELLED
    r.decided_by = user_or_none(actor)
    r.decided_at = timezone.now()
    r.save(update_fields=["status", "decided_by", "decided_at"])
    _record(actor, "members.transfer_request.cancel", r, r.from_unit)
    return r


# --- Reads --------------------------------------------------------------------------------------


def incoming(user, unit: Unit):
    """Requests to the bases of ``unit``'s subtree that ``user`` may see."""
    return (
        TransferRequest.objects.filter(to_base__path__startswith=unit.path)
        .filter(scope_q(user, "to_base__path"))
        .select_related("membership__person", "from_unit", "to_base", "result__unit")
    )


def outgoing(user, unit: Unit):
    """Requests sent from ``unit``'s subtree that ``user`` may see."""
    return (
        TransferRequest.objects.filter(from_unit__path__startswith=unit.path)
        .filter(scope_q(user, "from_unit__path"))
        .select_related("membership__person", "from_unit", "to_base")
    )


def get_request_for_user(user, pk, side: str) -> TransferRequest:
    """A request seen from ``side`` ("to": the receiving base, "from": the sender): 404 when
    that side is outside the user's scope, 403 when the user there may only read."""
    from django.http import Http404

    from accounts.access import require_perm_on

    field = "to_base__path" if side == "to" else "from_unit__path"
    try:
        r = (
            TransferRequest.objects.filter(scope_q(user, field))
            .select_related("membership__person", "membership__unit", "from_unit", "to_base")
            .get(pk=pk)
        )
    except (TransferRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    unit = r.to_base if side == "to" else r.from_unit
    require_perm_on(user, unit, "edit", _("Cần quyền nhập liệu trở lên."))
    return r
