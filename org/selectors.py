"""Reads of the organisation tree: units as of a date, succession chains, who may reorganise.

Known limit of the materialised path: ``Unit.path`` is where a unit hangs *now*. A unit moved to
another parent (by move_unit, or as a child carried along by a merge or split) therefore appears
under its new parent's path for past dates too, so ``units_existing_on(root, on)`` answers "which
units of today's subtree existed on that date". A report that needs the tree as it stood on a past
date rebuilds each unit's parent with :func:`parent_on`: every move is a
``UnitChange(kind=move, on=..., old_parent=..., new_parent=...)`` row, and the first move *after*
the date names the parent the unit had on that date (no later move: the current parent). Names
work the same way through ``Unit.name_on(date)``.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.access import get_unit_for_user, has_perm_on, scope_paths, user_scopes
from accounts.models import ROLE_LEVEL, Role

from .models import Unit, UnitChange, UnitQuerySet, UnitSuccession


def units_existing_on(root: Unit, on: datetime.date) -> QuerySet[Unit]:
    """Units of ``root``'s (current) subtree, ``root`` included, that existed on ``on``."""
    return Unit.objects.subtree_of(root).existing_on(on)


def parent_on(unit: Unit, on: datetime.date) -> Unit | None:
    """The parent ``unit`` had on ``on``, rebuilt from its recorded moves."""
    later = (
        UnitChange.objects.filter(unit=unit, kind=UnitChange.Kind.MOVE, on__gt=on)
        .select_related("old_parent")
        .order_by("on", "id")
        .first()
    )
    if later is not None:
        return later.old_parent
    return Unit.objects.get_parent(unit, update=True)


def parents_then(on: datetime.date) -> dict[int, int | None]:
    """{unit id: the parent it had on ``on``} for every unit moved after ``on``.

    The one rule of the tree as of a date: today's paths with every move recorded after ``on``
    undone, the first such move of a unit naming its parent then (no later move: today's
    parent). :func:`subtree_q_on` (as SQL) and ``indicators.figures.TreeAt`` (in Python, for the
    roll-up of the figures) both start from it.
    """
    moved: dict[int, int | None] = {}
    for unit_id, old_parent in (
        UnitChange.objects.filter(kind=UnitChange.Kind.MOVE, on__gt=on)
        .order_by("on", "id")
        .values_list("unit_id", "old_parent_id")
    ):
        moved.setdefault(unit_id, old_parent)  # the first move after ``on`` tells
    return moved


def children_on_date(unit: Unit, on: datetime.date) -> list[Unit]:
    """The units that hung directly under ``unit`` on ``on`` and existed that day (the unit
    navigator's date): today's children not moved in since, with those moved away since."""
    moved = parents_then(on)
    today = Unit.objects.children_of(unit).existing_on(on).exclude(pk__in=list(moved))
    back = [u for u, parent in moved.items() if parent == unit.pk]
    found = list(today) + list(Unit.objects.filter(pk__in=back).existing_on(on))
    return sorted(found, key=lambda u: (u.sort_key, u.pk))


def fates(units: list[Unit]) -> dict[int, list[UnitSuccession]]:
    """{ended unit: its succession links} for the ended ones of ``units`` (a search result): a
    unit with none was dissolved."""
    ended = [u.pk for u in units if u.valid_to is not None]
    out: dict[int, list[UnitSuccession]] = {pk: [] for pk in ended}
    for s in (
        UnitSuccession.objects.filter(predecessor_id__in=ended)
        .select_related("successor")
        .order_by("successor__sort_key")
    ):
        out[s.predecessor_id].append(s)
    return out


def subtree_q_on(unit: Unit, on: datetime.date, path_field: str = "path") -> Q:
    """A filter on ``path_field`` for the units that were in ``unit``'s subtree on ``on``.

    Today's paths answer for today. For a past date, every move recorded after ``on`` is undone:
    a unit moved in since then is cut out of the subtree, a unit moved away since then is added
    back with whatever hung under it. With no later move (the usual case) this is the plain
    prefix filter, so as-of counts cost the same as current ones.
    """
    parent_then = parents_then(on)
    if not parent_then:
        return Q(**{f"{path_field}__startswith": unit.path})
    path_of = dict(
        Unit.objects.filter(pk__in=[*parent_then, *parent_then.values(), unit.pk]).values_list(
            "pk", "path"
        )
    )
    # Markers: the unit itself and every moved unit, by today's path. A unit's place on ``on`` is
    # decided by its nearest marker at or above it: walk from there through the old parents.
    markers = [unit.pk, *parent_then]

    def nearest_marker(path: str) -> int | None:
        found = [m for m in markers if path.startswith(path_of[m])]
        return max(found, key=lambda m: len(path_of[m]), default=None)

    def was_inside(moved: int) -> bool:
        x = parent_then[moved]
        for _step in range(len(parent_then) + 1):
            if x is None:
                return False
            if x == unit.pk:
                return True
            m = nearest_marker(path_of[x])
            if m is None:
                return False
            if m == unit.pk:
                return True
            x = parent_then[m]
        return False

    inside = {m: was_inside(m) for m in parent_then if m != unit.pk}
    includes = [unit.path] + [path_of[m] for m, ok in inside.items() if ok]
    excludes = [path_of[m] for m, ok in inside.items() if not ok]
    q = Q(pk__in=[])
    for inc in includes:
        term = Q(**{f"{path_field}__startswith": inc})
        for exc in excludes:
            if exc.startswith(inc) and exc != inc:
                term &= ~Q(**{f"{path_field}__startswith": exc})
        q |= term
    return q


def _follow(start: Unit, step_from: str, step_to: str) -> QuerySet[Unit]:
    # One query per generation; reorganisations chain a few times at most. The seen set guards
    # against a cycle that bad data could contain.
    seen: set[int] = set()
    frontier = {start.pk}
    while frontier:
        found = set(
            UnitSuccession.objects.filter(**{f"{step_from}__in": frontier}).values_list(
                step_to, flat=True
            )
        )
        frontier = found - seen - {start.pk}
        seen |= frontier
    return Unit.objects.filter(pk__in=seen)


def successors_of(unit: Unit) -> QuerySet[Unit]:
    """Every unit that took over from ``unit``, directly or through later merges and splits."""
    return _follow(unit, "predecessor_id", "successor_id")


def predecessors_of(unit: Unit) -> QuerySet[Unit]:
    """Every unit ``unit`` took over from, directly or through earlier merges and splits."""
    return _follow(unit, "successor_id", "predecessor_id")


# --- Who may reorganise ---------------------------------------------------------------------------
# Renaming, moving, merging, splitting or ending a unit needs the 'admin' role on its parent: a
# unit's own administrators cannot reshape it, the level above decides. The root unit has no parent,
# so only a superuser reorganises it.


def can_reorganise(user, unit: Unit) -> bool:
    paths = scope_paths(user, "admin")
    if paths is None:
        return True
    parent_path = unit.path[: -Unit.steplen]
    return bool(parent_path) and any(parent_path.startswith(p) for p in paths)


def reorganisable_units(user) -> UnitQuerySet:
    """Units ``user`` may reorganise: those strictly below a unit where the user is admin."""
    paths = scope_paths(user, "admin")
    if paths is None:
        return Unit.objects.all()
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p, depth__gt=len(p) // Unit.steplen)
    return Unit.objects.filter(q)


def get_unit_for_reorg(user, pk) -> Unit:
    """The unit ``pk`` for a reorganisation: 404 outside the user's scope, 403 inside it without
    the 'admin' role on the unit's parent (the user can see the unit, so it is no secret)."""
    unit = get_unit_for_user(user, pk)
    if not can_reorganise(user, unit):
        raise PermissionDenied(_("Cần quyền quản trị ở đơn vị cấp trên để tổ chức lại đơn vị này."))
    return unit


def visible_ancestors(user, unit: Unit) -> list[Unit]:
    """Breadcrumbs: ``unit``'s ancestors the user can see, from the top, and ``unit`` itself."""
    return [u for u in unit.ancestors_and_self() if has_perm_on(user, u, "view")]


def unit_nav(user, unit: Unit, **extra) -> dict:
    """The context every unit page shares: the unit, its breadcrumbs (the ancestors the user can
    see; the others are left out) and what the user may do there (``can_edit``, ``can_manage``:
    the unit's tabs follow them, the same on every page), then the page's own ``extra``."""
    return {
        "unit": unit,
        "crumbs": visible_ancestors(user, unit),
        "can_manage": has_perm_on(user, unit, "manage"),
        "can_edit": has_perm_on(user, unit, "edit"),
        **extra,
    }


def can_edit_profile(user) -> bool:
    """The association's profile is the central level's: superusers and admins of a root unit."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(
        level >= ROLE_LEVEL[Role.ADMIN] and len(path) == Unit.steplen
        for path, level in user_scopes(user)
    )
