"""Reorganisation of the unit tree: rename, move, merge, split, cease, with history kept."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.formatting import format_date
from core.marks import note_changed
from core.models import AuditEvent
from core.text import nfc
from members import services as members_services

from ..models import (
    Unit,
    UnitChange,
    UnitSuccession,
    children_q,
)
from .units import _check_child_kind

# --- Reorganisation: rename, move, merge, split, cease ------------------------------------------
#
# History is data: a reorganised unit is never deleted. Renames and moves are UnitChange rows, merges
# and splits UnitSuccession rows, and a unit that ends gets valid_to = the day before ``on``. So for
# every service ``on`` is the first day of the new arrangement.
#
# Access is checked by the caller (views, API): reorganising a unit needs the 'admin' role on its
# parent (org.selectors.can_reorganise). The services check the shape of the tree and the dates.

ONE_DAY = datetime.timedelta(days=1)


_FIELDS = [f.attname for f in Unit._meta.concrete_fields]


def _lock(*units: Unit) -> None:
    """Lock the rows and reload the instances: paths must be current to rewrite a subtree.
    One query for them all (a merge of the 1/7/2025 reform has a dozen sources)."""
    fresh = {u.pk: u for u in Unit.objects.select_for_update().filter(pk__in=[u.pk for u in units])}
    for u in units:
        row = fresh.get(u.pk)
        if row is None:
            raise Unit.DoesNotExist(u.pk)
        for name in _FIELDS:
            setattr(u, name, getattr(row, name))
        u._clear_cached_attributes()


def _check_current(unit: Unit) -> None:
    if not unit.is_current:
        raise ValidationError(
            _("Đơn vị “%(unit)s” đã ngừng hoạt động từ ngày %(date)s.")
            % {
                "unit": unit.name,
                "date": format_date(unit.valid_to + ONE_DAY if unit.valid_to else None),
            }
        )


def _check_date(unit: Unit, on: datetime.date, *, ends_unit: bool = False) -> None:
    """``on`` may not be in the future; a unit that ends must have existed for at least a day."""
    if on > timezone.localdate():
        raise ValidationError(_("Ngày hiệu lực không được sau ngày hôm nay."))
    if on < unit.valid_from or (ends_unit and on == unit.valid_from):
        raise ValidationError(
            _("Ngày hiệu lực phải sau ngày đơn vị “%(unit)s” bắt đầu hoạt động (%(date)s).")
            % {"unit": unit.name, "date": format_date(unit.valid_from)}
        )


def _check_after_last_change(unit: Unit, kind: str, on: datetime.date) -> None:
    # name_on and parent_on read the changes in date order: a change may not go before the last one.
    last = unit.changes.filter(kind=kind).order_by("-on", "-id").first()
    if last is not None and on < last.on:
        raise ValidationError(
            _(
                "Đơn vị “%(unit)s” đã có thay đổi ngày %(date)s; không thể ghi thay đổi trước ngày đó."
            )
            % {"unit": unit.name, "date": format_date(last.on)}
        )


def _check_move_target(unit: Unit, new_parent: Unit) -> None:
    _check_current(new_parent)
    if new_parent.path.startswith(unit.path):
        raise ValidationError(
            _("Không thể chuyển “%(unit)s” vào chính nó hoặc đơn vị cấp dưới của nó.")
            % {"unit": unit.name}
        )
    _check_child_kind(new_parent, unit.kind)


def _rewrite_audit_paths(old_prefix: str, new_prefix: str) -> None:
    """AuditEvent.unit_path copies unit.path: follow a moved subtree in one UPDATE."""
    if old_prefix == new_prefix:
        return
    AuditEvent.objects.filter(unit_path__startswith=old_prefix).update(
        unit_path=Concat(
            Value(new_prefix),
            Substr("unit_path", len(old_prefix) + 1),
            output_field=models.CharField(),
        )
    )


def _move_subtree(*, unit: Unit, new_parent: Unit, on: datetime.date) -> UnitChange:
    """Move ``unit`` with its subtree under ``new_parent`` and record the move (checks done)."""
    _check_after_last_change(unit, UnitChange.Kind.MOVE, on)
    old_parent = Unit.objects.get_parent(unit, update=True)
    old_path = unit.path
    change = UnitChange.objects.create(
        unit=unit, kind=UnitChange.Kind.MOVE, on=on, old_parent=old_parent, new_parent=new_parent
    )
    # "last-child" appends: no other node's path shifts, only the moved subtree is re-pathed.
    Unit.objects.move(unit, new_parent, "last-child")
    unit._clear_cached_attributes()
    # Every denormalised copy of unit.path follows here; a later app adding one adds its call.
    _rewrite_audit_paths(old_path, unit.path)
    members_services.rewrite_unit_paths(old_path, unit.path)
    note_changed(unit_ids=[unit.pk, old_parent.pk if old_parent else None, new_parent.pk], since=on)
    return change


def _current_children(unit: Unit) -> list[Unit]:
    return list(Unit.objects.get_children(unit).current())


def _current_children_of(units: list[Unit]) -> list[Unit]:
    """The current children of all ``units``, in one query."""
    q = models.Q(pk__in=[])
    for u in units:
        q |= children_q(u)
    return list(Unit.objects.filter(q).current())


def _end(unit: Unit, on: datetime.date) -> None:
    unit.valid_to = on - ONE_DAY
    unit.save(update_fields=["valid_to"])


def _end_all(units: list[Unit], on: datetime.date) -> None:
    Unit.objects.filter(pk__in=[u.pk for u in units]).update(valid_to=on - ONE_DAY)
    for u in units:
        u.valid_to = on - ONE_DAY


@transaction.atomic
def rename_unit(*, actor, unit: Unit, name: str, on: datetime.date) -> UnitChange:
    _lock(unit)
    _check_current(unit)
    _check_date(unit, on)
    name = nfc(name)
    if not name:
        raise ValidationError(_("Tên đơn vị không được để trống."))
    if name == unit.name:
        raise ValidationError(_("Tên mới trùng với tên hiện tại."))
    _check_after_last_change(unit, UnitChange.Kind.RENAME, on)
    change = UnitChange.objects.create(
        unit=unit, kind=UnitChange.Kind.RENAME, on=on, old_name=unit.name, new_name=name
    )
    unit.name = name
    unit.save(update_fields=["name", "search_key"])
    audit.record(
        actor=actor,
        action="org.unit.rename",
        unit=unit,
        obj=unit,
        data={"on": str(on), "old_name": change.old_name, "new_name": name},
    )
    return change


@transaction.atomic
def move_unit(*, actor, unit: Unit, new_parent: Unit, on: datetime.date) -> UnitChange:
    _lock(unit, new_parent)
    _check_current(unit)
    _check_date(unit, on)
    _check_move_target(unit, new_parent)
    if unit.path[: -Unit.steplen] == new_parent.path:
        raise ValidationError(
            _("“%(unit)s” đã thuộc “%(parent)s”.") % {"unit": unit.name, "parent": new_parent.name}
        )
    old_path = unit.path
    change = _move_subtree(unit=unit, new_parent=new_parent, on=on)
    audit.record(
        actor=actor,
        action="org.unit.move",
        unit=unit,
        obj=unit,
        data={
            "on": str(on),
            "old_parent": change.old_parent_id,
            "old_parent_name": change.old_parent.name if change.old_parent else "",
            "new_parent": new_parent.pk,
            "new_parent_name": new_parent.name,
            "old_path": old_path,
            "new_path": unit.path,
        },
    )
    return change


def _move_role_assignments(*, sources: list[Unit], into: Unit) -> list[dict]:
    """Role assignments on ``sources`` go to ``into``; a user keeps one, the highest, role there."""
    from accounts.models import RoleAssignment

    rows = list(
        RoleAssignment.objects.select_for_update()
        .filter(unit__in=[*sources, into])
        .select_related("user")
    )
    on_into = {a.user_id: a for a in rows if a.unit_id == into.pk}
    moved: list[dict] = []
    # Highest first: the first of a user's assignments moves, the rest only raise or vanish.
    for a in sorted((a for a in rows if a.unit_id != into.pk), key=lambda a: -a.level):
        entry = {"user": a.user.username, "role": a.role, "from": a.unit_id}
        kept = on_into.get(a.user_id)
        if kept is None:
            a.unit = into
            a.save(update_fields=["unit"])
            on_into[a.user_id] = a
            entry["result"] = "moved"
        else:
            if a.level > kept.level:
                kept.role = a.role
                kept.save(update_fields=["role"])
                entry["result"] = "raised"
            else:
                entry["result"] = "kept_existing"
            a.delete()
        moved.append(entry)
    return moved


@transaction.atomic
def merge_units(
    *,
    actor,
    sources: list[Unit],
    into: Unit | None = None,
    name: str = "",
    parent: Unit | None = None,
    on: datetime.date,
) -> Unit:
    """Merge ``sources`` into ``into`` (an existing unit) or into a new unit ``name`` under ``parent``.

    Current children of the sources move under the successor, role assignments follow, the
    sources end the day before ``on`` and keep their history; UnitSuccession links each source to
    the successor. Without ``parent`` a new unit goes under the first source's parent.
    """
    sources = list({s.pk: s for s in sources}.values())
    if len(sources) + (into is not None) < 2:
        raise ValidationError(_("Cần ít nhất hai đơn vị để hợp nhất."))
    if into is not None and (name or parent is not None):
        raise ValidationError(
            _("Chọn đơn vị tiếp nhận có sẵn hoặc đặt tên đơn vị mới, không chọn cả hai.")
        )
    _lock(*sources, *[u for u in (into, parent) if u is not None])
    kind = _check_merge_sources(sources, on)
    if into is not None:
        _check_merge_into(into, sources, kind, on)
        successor, created = into, False
    else:
        successor, created = _new_merge_successor(sources, name, parent, kind, on), True
    moved_children = []
    for child in _current_children_of(sources):
        _move_subtree(unit=child, new_parent=successor, on=on)
        moved_children.append(child.pk)
    roles = _move_role_assignments(sources=sources, into=successor)
    # Later apps move their own records here, each with a plain call to its service (funds, dues,
    # ... follow the same pattern). No registry.
    members_services.move_memberships_for_merge(actor=actor, sources=sources, into=successor, on=on)
    note_changed(unit_ids=[*(s.pk for s in sources), successor.pk], since=on)
    _end_all(sources, on)
    UnitSuccession.objects.bulk_create(
        UnitSuccession(predecessor=s, successor=successor, kind=UnitSuccession.Kind.MERGE, on=on)
        for s in sources
    )
    successor.refresh_from_db()
    audit.record(
        actor=actor,
        action="org.unit.merge",
        unit=successor,
        obj=successor,
        data={
            "on": str(on),
            "sources": [{"id": s.pk, "name": s.name, "path": s.path} for s in sources],
            "into": successor.pk,
            "into_name": successor.name,
            "created": created,
            "children_moved": moved_children,
            "roles": roles,
        },
    )
    return successor


def _check_merge_sources(sources: list[Unit], on: datetime.date) -> str:
    """The sources are current, end after they began and share one kind: that kind."""
    kind = sources[0].kind
    for s in sources:
        _check_current(s)
        _check_date(s, on, ends_unit=True)
        if s.kind != kind:
            raise ValidationError(_("Chỉ hợp nhất được các đơn vị cùng cấp."))
    return kind


def _inside_a_source(u: Unit, sources: list[Unit]) -> bool:
    return any(u.path.startswith(s.path) for s in sources)


def _check_merge_into(into: Unit, sources: list[Unit], kind: str, on: datetime.date) -> None:
    """An existing successor: current, of the sources' kind, neither one of them nor below one."""
    if any(s.pk == into.pk for s in sources):
        raise ValidationError(_("Đơn vị tiếp nhận không được nằm trong các đơn vị bị hợp nhất."))
    _check_current(into)
    _check_date(into, on)
    if into.kind != kind:
        raise ValidationError(_("Chỉ hợp nhất được các đơn vị cùng cấp."))
    if _inside_a_source(into, sources):
        raise ValidationError(
            _("Đơn vị tiếp nhận không được là đơn vị cấp dưới của đơn vị bị hợp nhất.")
        )


def _new_merge_successor(
    sources: list[Unit], name: str, parent: Unit | None, kind: str, on: datetime.date
) -> Unit:
    """A new successor ``name`` under ``parent`` (default: the first source's parent)."""
    name = nfc(name)
    if not name:
        raise ValidationError(_("Tên đơn vị mới không được để trống."))
    if parent is None:
        parent = Unit.objects.get_parent(sources[0], update=True)
    if parent is None:
        raise ValidationError(_("Không thể hợp nhất đơn vị gốc."))
    _check_current(parent)
    if _inside_a_source(parent, sources):
        raise ValidationError(_("Đơn vị mới không được đặt dưới một đơn vị bị hợp nhất."))
    _check_child_kind(parent, kind)
    base_types = {s.base_type for s in sources}
    return Unit.objects.add_child(
        parent,
        {
            "name": name,
            "kind": kind,
            "base_type": base_types.pop() if len(base_types) == 1 else "",
            "valid_from": on,
        },
    )


@transaction.atomic
def split_unit(
    *, actor, unit: Unit, parts: list[dict], on: datetime.date, members_to: int = 0
) -> list[Unit]:
    """Split ``unit`` into new sibling units, one per part: ``{"name": ..., "children": [...]}``.

    Every current child of ``unit`` must be given to exactly one part. The unit ends the day
    before ``on``. People it kept directly continue in part ``members_to`` (the first by
    default); its branches carry their own members along. Its role assignments stay on it (they grant nothing once it has ended): the
    parent's administrators grant roles on the new units.
    """
    _lock(unit)
    _check_current(unit)
    _check_date(unit, on, ends_unit=True)
    parent = Unit.objects.get_parent(unit, update=True)
    if parent is None:
        raise ValidationError(_("Không thể chia tách đơn vị gốc."))
    names = _split_names(parts, members_to)
    children = {c.pk: c for c in _current_children(unit)}
    assigned = _assign_children(unit, children, parts)

    new_units = [
        Unit.objects.add_child(
            parent, {"name": name, "kind": unit.kind, "base_type": unit.base_type, "valid_from": on}
        )
        for name in names
    ]
    for pk, i in assigned.items():
        _move_subtree(unit=children[pk], new_parent=new_units[i], on=on)
    _close_split(actor=actor, unit=unit, parts=new_units, on=on, members_to=members_to)
    audit.record(
        actor=actor,
        action="org.unit.split",
        unit=unit,
        obj=unit,
        data={
            "on": str(on),
            "parts": [
                {
                    "id": u.pk,
                    "name": u.name,
                    "children": [pk for pk, i in assigned.items() if i == n],
                }
                for n, u in enumerate(new_units)
            ],
        },
    )
    return new_units


def _close_split(*, actor, unit: Unit, parts: list[Unit], on: datetime.date, members_to: int):
    """What every split ends with: the memberships moved to the parts (``members_to``: the part that
    takes those of the unit itself), the figures marked, the unit ended, its successions kept."""
    # Later apps move their own records here, each with a plain call to its service.
    members_services.move_memberships_for_split(
        actor=actor, unit=unit, parts=parts, on=on, to_part=members_to
    )
    note_changed(unit_ids=[unit.pk, *(u.pk for u in parts)], since=on)
    _end(unit, on)
    UnitSuccession.objects.bulk_create(
        UnitSuccession(predecessor=unit, successor=u, kind=UnitSuccession.Kind.SPLIT, on=on)
        for u in parts
    )


def _split_names(parts: list[dict], members_to: int) -> list[str]:
    """The new units' names: at least two, none empty, all different; ``members_to`` one of them."""
    if len(parts) < 2:
        raise ValidationError(_("Cần ít nhất hai đơn vị mới khi chia tách."))
    if not 0 <= members_to < len(parts):
        raise ValidationError(_("Đơn vị nhận hội viên trực tiếp không hợp lệ."))
    names = [nfc(p.get("name", "")) for p in parts]
    if not all(names):
        raise ValidationError(_("Tên đơn vị mới không được để trống."))
    if len(set(names)) != len(names):
        raise ValidationError(_("Tên các đơn vị mới phải khác nhau."))
    return names


def _assign_children(unit: Unit, children: dict[int, Unit], parts: list[dict]) -> dict[int, int]:
    """{child id: index of its part}: every current child of ``unit`` given to exactly one part."""
    assigned: dict[int, int] = {}
    for i, part in enumerate(parts):
        for child in part.get("children", []):
            if child.pk not in children:
                raise ValidationError(
                    _("“%(child)s” không phải đơn vị cấp dưới đang hoạt động của “%(unit)s”.")
                    % {"child": child.name, "unit": unit.name}
                )
            if child.pk in assigned:
                raise ValidationError(
                    _("“%(child)s” được giao cho nhiều đơn vị mới.") % {"child": child.name}
                )
            assigned[child.pk] = i
    missing = [c.name for pk, c in children.items() if pk not in assigned]
    if missing:
        raise ValidationError(
            _("Chưa giao các đơn vị cấp dưới sau cho đơn vị mới nào: %(names)s.")
            % {"names": ", ".join(missing)}
        )
    return assigned


@transaction.atomic
def cease_unit(*, actor, unit: Unit, on: datetime.date, reason: str) -> Unit:
    """End ``unit`` without a successor (dissolved); it must have no current children."""
    _lock(unit)
    _check_current(unit)
    _check_date(unit, on, ends_unit=True)
    reason = nfc(reason)
    if not reason:
        raise ValidationError(_("Cần ghi lý do giải thể."))
    if _current_children(unit):
        raise ValidationError(
            _(
                "“%(unit)s” còn đơn vị cấp dưới đang hoạt động; hãy chuyển, hợp nhất hoặc "
                "giải thể các đơn vị đó trước."
            )
            % {"unit": unit.name}
        )
    # Later apps check or close their own records here with a plain call. No registry.
    members_services.check_no_members_for_cease(unit=unit)
    _end(unit, on)
    note_changed(unit_ids=[unit.pk], since=on)
    audit.record(
        actor=actor,
        action="org.unit.cease",
        unit=unit,
        obj=unit,
        data={"on": str(on), "valid_to": str(unit.valid_to), "reason": reason},
    )
    return unit
