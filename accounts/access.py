"""Who sees what. Every read of tenant data starts here.

A role on a unit covers the unit's whole subtree. Scopes are the paths of the units a user holds a
role on (at or above the level a permission needs); a row is visible when its unit's path starts
with one of them. Outside the scope, single objects are 404, never 403: a sibling unit's data does
not exist for the user.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.functional import Promise

from .models import PERM_LEVEL, ROLE_LEVEL, RoleAssignment

_NOTHING = Q(pk__in=[])


def user_scopes(user) -> list[tuple[str, int]]:
    """[(unit path, role level)] for an authenticated user, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_sohoi_scopes", None)
    if cached is None:
        cached = [
            (path, ROLE_LEVEL[role])
            for path, role in RoleAssignment.objects.filter(
                user=user, unit__valid_to__isnull=True
            ).values_list("unit__path", "role")
        ]
        user._sohoi_scopes = cached
    return cached


def scope_paths(user, perm: str = "view") -> list[str] | None:
    """Paths under which ``user`` holds ``perm``; None means everywhere (superuser)."""
    if getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser:
        return None
    need = PERM_LEVEL[perm]
    paths = sorted(p for p, level in user_scopes(user) if level >= need)
    # Drop paths already covered by a shorter one: fewer OR terms in every query.
    kept: list[str] = []
    for p in paths:
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return kept


def scope_q(user, path_field: str, perm: str = "view") -> Q:
    """A filter on ``path_field`` (a unit path, e.g. "unit__path") limited to the user's scope."""
    paths = scope_paths(user, perm)
    if paths is None:
        return Q()
    if not paths:
        return _NOTHING
    q = Q()
    for p in paths:
        q |= Q(**{f"{path_field}__startswith": p})
    return q


class UnitScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a unit (``unit_path_field``, the unit's path): ``visible_to``
    keeps those in the user's scope. The programme apps' models use it."""

    unit_path_field = "unit__path"

    def visible_to(self, user, perm: str = "view"):
        return self.filter(scope_q(user, self.unit_path_field, perm))


def has_perm_on(user, unit, perm: str = "view") -> bool:
    paths = scope_paths(user, perm)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def role_level_on(user, unit) -> int:
    """The highest role level ``user`` holds on ``unit`` (through it or an ancestor)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return 0
    if user.is_superuser:
        return max(ROLE_LEVEL.values())
    return max((lv for p, lv in user_scopes(user) if unit.path.startswith(p)), default=0)


def get_unit_for_user(user, pk, perm: str = "view"):
    from org.models import Unit

    try:
        return Unit.objects.visible_to(user, perm).get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def top_units(user):
    """The highest units a user can see: where a navigator starts."""
    from org.models import Unit

    paths = scope_paths(user, "view")
    if paths is None:
        return Unit.objects.get_root_nodes()
    return Unit.objects.filter(path__in=paths).order_by("path")


def require_perm_on(user, unit, perm: str, message: str | Promise) -> None:
    """For a unit the user can see: 403 with ``message`` when the role is below ``perm``.

    (Outside scope the unit was already 404; inside it the unit is no secret, so say why.)
    """
    if not has_perm_on(user, unit, perm):
        raise PermissionDenied(message)
