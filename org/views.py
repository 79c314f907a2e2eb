from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core.forms import bound_data, run_service
from core.models import AuditEvent
from core.text import search_key

from . import selectors, services
from .forms import AsOfForm, AuditFilterForm, ProfileForm, UnitCreateForm, UnitSearchForm
from .models import ALLOWED_CHILDREN, AssociationProfile, CongressTerm, Unit, UnitKind
from .selectors import unit_nav

AUDIT_PAGE_SIZE = 50
SEARCH_LIMIT = 50


def _children(unit: Unit, *, with_ceased: bool) -> list[Unit]:
    """The unit's children, each with ``child_count``: its own current children.

    Two index-friendly queries (constant path prefixes), whatever the number of children: a
    correlated "path LIKE outer.path || '%'" subquery cannot use the path index.
    """
    children = Unit.objects.children_of(unit)
    if not with_ceased:
        children = children.current()
    children = list(children.order_by(F("valid_to").asc(nulls_first=True), "sort_key", "pk"))
    step = len(unit.path) + Unit.steplen
    counts = dict(
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 2)
        .current()
        .annotate(parent_path=Substr("path", 1, step))
        .order_by()
        .values("parent_path")
        .annotate(n=Count("pk"))
        .values_list("parent_path", "n")
    )
    for child in children:
        child.child_count = counts.get(child.path, 0)
    return children


@login_required
@require_http_methods(["GET"])
def unit_home(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    form = UnitSearchForm(request.GET)
    # An ended unit's children ended with it (a district's old communes): show them.
    with_ceased = (form.is_valid() and form.cleaned_data["ceased"]) or not unit.is_current
    as_of = AsOfForm(request.GET or None)
    on = as_of.chosen()
    if on is not None:
        return _unit_on(request, unit, on, as_of)
    labels = dict(UnitKind.choices)
    by_kind = (
        Unit.objects.subtree_of(unit)
        .current()
        .filter(depth__gt=unit.depth)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
    )
    counts = sorted(
        (
            {"kind": row["kind"], "label": labels.get(row["kind"], row["kind"]), "n": row["n"]}
            for row in by_kind
        ),
        key=lambda row: list(labels).index(row["kind"]) if row["kind"] in labels else 99,
    )
    context = unit_nav(request.user, unit) | {
        "children": _children(unit, with_ceased=with_ceased),
        "kind_counts": counts,
        "form": form,
        "as_of": as_of,
        "with_ceased": with_ceased,
        "can_edit": has_perm_on(request.user, unit, "edit"),
        "can_manage": has_perm_on(request.user, unit, "manage"),
        "can_add": unit.is_current
        and bool(ALLOWED_CHILDREN[unit.kind])
        and has_perm_on(request.user, unit, "manage"),
    }
    return render(request, "org/unit_home.html", context)


def _unit_on(request, unit: Unit, on, as_of: AsOfForm):
    """The unit navigator on a past date: the children the unit had then, with their names then."""
    children = selectors.children_on_date(unit, on)
    for child in children:
        child.name_then = child.name_on(on)
    context = unit_nav(request.user, unit) | {
        "on": on,
        "as_of": as_of,
        "name_then": unit.name_on(on),
        "existed": unit.existed_on(on),
        "children": children,
    }
    return render(request, "org/unit_on.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request, pk: int):
    parent = get_unit_for_user(request.user, pk)
    require_perm_on(
        request.user,
        parent,
        "manage",
        _("Chỉ người quản lý đơn vị mới thêm được đơn vị trực thuộc."),
    )
    form = UnitCreateForm(bound_data(request), parent=parent)
    child = run_service(
        form, lambda: services.create_unit(actor=request.user, parent=parent, **form.cleaned_data)
    )
    if child is not None:
        messages.success(request, _("Đã thêm %(name)s.") % {"name": child.name})
        return redirect("org:unit", pk=child.pk)
    return render(request, "org/unit_create.html", unit_nav(request.user, parent) | {"form": form})


@login_required
@require_http_methods(["GET"])
def unit_search(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    form = UnitSearchForm(request.GET)
    results, key = [], ""
    if form.is_valid():
        key = search_key(form.cleaned_data["q"])
    if key:
        found = Unit.objects.subtree_of(unit).filter(depth__gt=unit.depth, search_key__contains=key)
        if not form.cleaned_data["ceased"]:
            found = found.current()
        results = list(found.order_by("sort_key", "pk")[: SEARCH_LIMIT + 1])
    fates = selectors.fates(results[:SEARCH_LIMIT])
    for u in results[:SEARCH_LIMIT]:
        u.fate = fates.get(u.pk)
    context = {
        "unit": unit,
        "results": results[:SEARCH_LIMIT],
        "more": len(results) > SEARCH_LIMIT,
        "searched": bool(key),
    }
    if request.htmx:
        return render(request, "org/_search_results.html", context)
    return render(request, "org/unit_search.html", context | unit_nav(request.user, unit))


@login_required
@require_http_methods(["GET"])
def audit(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(
        request.user, unit, "manage", _("Chỉ người quản lý đơn vị mới xem được nhật ký hoạt động.")
    )
    form = AuditFilterForm(request.GET)
    action, page = "", 1
    if form.is_valid():
        action = form.cleaned_data["action"].strip()
        page = form.cleaned_data["page"] or 1
    events = AuditEvent.objects.filter(unit_path__startswith=unit.path).select_related(
        "actor", "unit"
    )
    if action:
        events = events.filter(action__startswith=action)
    offset = (page - 1) * AUDIT_PAGE_SIZE
    # One row more than a page tells whether there is a next page, without a COUNT(*).
    rows = list(events.order_by("-at", "-id")[offset : offset + AUDIT_PAGE_SIZE + 1])
    context = {
        "unit": unit,
        "events": rows[:AUDIT_PAGE_SIZE],
        "next_page": page + 1 if len(rows) > AUDIT_PAGE_SIZE else None,
        "action": action,
        "form": form,
    }
    if request.htmx and page > 1:
        return render(request, "org/_audit_rows.html", context)
    return render(request, "org/audit.html", context | unit_nav(request.user, unit))


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    current = AssociationProfile.current()
    if current is None:
        raise Http404
    can_edit = selectors.can_edit_profile(request.user)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("Chỉ quản trị cấp Trung ương mới sửa được hồ sơ Hội."))
    form = ProfileForm(
        bound_data(request),
        initial=ProfileForm.initial_for(current),
    )
    updated = run_service(
        form, lambda: services.update_profile(actor=request.user, **form.cleaned_data)
    )
    if updated is not None:
        messages.success(request, _("Đã lưu hồ sơ Hội."))
        return redirect("association")
    context = {
        "profile": current,
        "form": form,
        "can_edit": can_edit,
        "terms": CongressTerm.objects.order_by("level", "-start_year"),
    }
    return render(request, "org/profile.html", context)
