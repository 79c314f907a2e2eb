"""The 1/7/2025 reform's two reorganisations: an old unit divided between existing units of its
kind (:func:`split_into`) and a level abolished (:func:`end_level`). They build on the helpers of
:mod:`org.services.reorg` and keep history the same way."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.marks import note_changed
from members import services as members_services

from ..models import Unit, UnitSuccession
from .reorg import (
    _check_current,
    _check_date,
    _check_move_target,
    _close_split,
    _current_children,
    _end,
    _lock,
    _move_subtree,
)


@transaction.atomic
def split_into(
    *, actor, unit: Unit, successors: list[Unit], on: datetime.date, members_to: int = 0
) -> list[Unit]:
    """Divide ``unit`` between existing units of its kind (1/7/2025: an old commune shared by
    several new ones, each formed from other communes too). The unit ends the day before ``on``;
    its current children and the people it kept directly go to ``successors[members_to]`` (the
    default successor of the official mapping unless the user chose another one); each
    successor gets a succession link. Role assignments stay on it, as with :func:`split_unit`."""
    successors = list({s.pk: s for s in successors}.values())
    if len(successors) < 2:
        raise ValidationError(_("Cần ít nhất hai đơn vị mới khi chia tách."))
    if not 0 <= members_to < len(successors):
        raise ValidationError(_("Đơn vị nhận hội viên trực tiếp không hợp lệ."))
    _lock(unit, *successors)
    _check_current(unit)
    _check_date(unit, on, ends_unit=True)
    for s in successors:
        _check_current(s)
        _check_date(s, on)
        if s.kind != unit.kind:
            raise ValidationError(_("Chỉ chia tách vào các đơn vị cùng cấp."))
        if s.path.startswith(unit.path):
            raise ValidationError(
                _("Đơn vị tiếp nhận không được là đơn vị cấp dưới của đơn vị bị chia tách.")
            )
    target = successors[members_to]
    moved_children = []
    for child in _current_children(unit):
        _move_subtree(unit=child, new_parent=target, on=on)
        moved_children.append(child.pk)
    _close_split(actor=actor, unit=unit, parts=successors, on=on, members_to=members_to)
    audit.record(
        actor=actor,
        action="org.unit.split",
        unit=unit,
        obj=unit,
        data={
            "on": str(on),
            "into": [{"id": s.pk, "name": s.name} for s in successors],
            "members_to": target.pk,
            "children_moved": moved_children,
        },
    )
    return successors


@transaction.atomic
def end_level(*, actor, unit: Unit, on: datetime.date, members_into: Unit | None = None) -> Unit:
    """End ``unit`` because its level is abolished (the districts on 1/7/2025). Its current
    children (teams, clubs, bases of schools or agencies...) move under its parent; the people it
    kept directly continue in ``members_into`` (default: the parent), which gets a succession
    link, so the ended unit is found from there. What ended before stays where it hung: the
    old communes of a district keep it as their parent for the dates they were under it, and so
    do the roles on it."""
    _lock(unit)  # its path may have changed since the caller read it (a move earlier that day)
    parent = Unit.objects.get_parent(unit, update=True)
    if parent is None:
        raise ValidationError(_("Không thể chấm dứt cấp của đơn vị gốc."))
    members_into = members_into or parent
    _lock(unit, parent, members_into)
    _check_current(unit)
    _check_current(members_into)
    _check_date(unit, on, ends_unit=True)
    moved_children = []
    for child in _current_children(unit):
        _check_move_target(child, parent)
        _move_subtree(unit=child, new_parent=parent, on=on)
        moved_children.append(child.pk)
    members_services.move_memberships_for_merge(
        actor=actor, sources=[unit], into=members_into, on=on
    )
    note_changed(unit_ids=[unit.pk, parent.pk, members_into.pk], since=on)
    _end(unit, on)
    UnitSuccession.objects.create(
        predecessor=unit, successor=members_into, kind=UnitSuccession.Kind.MERGE, on=on
    )
    audit.record(
        actor=actor,
        action="org.unit.end_level",
        unit=unit,
        obj=unit,
        data={
            "on": str(on),
            "valid_to": str(unit.valid_to),
            "members_into": members_into.pk,
            "children_moved": moved_children,
        },
    )
    return unit
