"""Pages to reorganise the tree (rename, move, merge, split, cease) and a unit's history.

Reorganising a unit needs the 'admin' role on its parent (org.selectors.get_unit_for_reorg): a unit
outside the user's scope is 404; a unit the user can see without that role is 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import get_unit_for_user, has_perm_on
from core.forms import bound_data, run_service

from . import selectors, services
from .forms_reorg import MAX_PARTS, CeaseForm, MergeForm, MoveForm, RenameForm, SplitForm
from .models import Unit, UnitSuccession
from .selectors import unit_nav


def _page(request, unit, form, template: str, title: str, **extra):
    context = unit_nav(request.user, unit) | {"form": form, "here_is_subpage": title} | extra
    return render(request, f"org/reorg/{template}", context)


@login_required
@require_http_methods(["GET", "POST"])
def rename(request, pk: int):
    unit = selectors.get_unit_for_reorg(request.user, pk)
    form = RenameForm(bound_data(request), initial={"name": unit.name})
    done = run_service(
        form, lambda: services.rename_unit(actor=request.user, unit=unit, **form.cleaned_data)
    )
    if done is not None:
        messages.success(request, _("Đã đổi tên đơn vị."))
        return redirect("org:history", pk=unit.pk)
    return _page(request, unit, form, "rename.html", _("Đổi tên"))


@login_required
@require_http_methods(["GET", "POST"])
def move(request, pk: int):
    unit = selectors.get_unit_for_reorg(request.user, pk)
    form = MoveForm(bound_data(request), user=request.user, unit=unit)
    done = run_service(
        form, lambda: services.move_unit(actor=request.user, unit=unit, **form.cleaned_data)
    )
    if done is not None:
        messages.success(request, _("Đã chuyển đơn vị."))
        return redirect("org:history", pk=unit.pk)
    return _page(request, unit, form, "move.html", _("Chuyển đơn vị cấp trên"))


@login_required
@require_http_methods(["GET", "POST"])
def merge(request, pk: int):
    unit = selectors.get_unit_for_reorg(request.user, pk)
    form = MergeForm(bound_data(request), user=request.user, unit=unit)
    successor = run_service(
        form, lambda: services.merge_units(actor=request.user, **form.service_kwargs(unit))
    )
    if successor is not None:
        messages.success(request, _("Đã hợp nhất đơn vị."))
        return redirect("org:history", pk=successor.pk)
    return _page(request, unit, form, "merge.html", _("Hợp nhất"))


@login_required
@require_http_methods(["GET", "POST"])
def split(request, pk: int):
    unit = selectors.get_unit_for_reorg(request.user, pk)
    try:
        parts = min(max(int(request.GET.get("parts", 2)), 2), MAX_PARTS)
    except ValueError:
        parts = 2
    children = list(Unit.objects.get_children(unit).current().order_by("sort_key", "pk"))
    form = SplitForm(bound_data(request), children=children, parts=parts)
    done = run_service(
        form,
        lambda: services.split_unit(
            actor=request.user,
            unit=unit,
            parts=form.service_parts(),
            on=form.cleaned_data["on"],
            members_to=(form.cleaned_data["members_to"] or 1) - 1,
        ),
    )
    if done is not None:
        messages.success(request, _("Đã chia tách đơn vị."))
        return redirect("org:history", pk=unit.pk)
    return _page(request, unit, form, "split.html", _("Chia tách"), parts=parts)


@login_required
@require_http_methods(["GET", "POST"])
def cease(request, pk: int):
    unit = selectors.get_unit_for_reorg(request.user, pk)
    form = CeaseForm(bound_data(request))
    done = run_service(
        form, lambda: services.cease_unit(actor=request.user, unit=unit, **form.cleaned_data)
    )
    if done is not None:
        messages.success(request, _("Đã ghi nhận giải thể đơn vị."))
        return redirect("org:history", pk=unit.pk)
    return _page(request, unit, form, "cease.html", _("Giải thể"))


@login_required
@require_http_methods(["GET"])
def history(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    changes = list(unit.changes.select_related("old_parent", "new_parent").order_by("on", "id"))
    came_from = list(UnitSuccession.objects.filter(successor=unit).select_related("predecessor"))
    went_to = list(UnitSuccession.objects.filter(predecessor=unit).select_related("successor"))
    earlier = list(selectors.predecessors_of(unit).order_by("valid_from", "path"))
    later = list(selectors.successors_of(unit).order_by("valid_from", "path"))
    mentioned = {u.pk for u in earlier + later} | {
        pk for c in changes for pk in (c.old_parent_id, c.new_parent_id) if pk
    }
    visible = set(
        Unit.objects.visible_to(request.user).filter(pk__in=mentioned).values_list("pk", flat=True)
    )
    context = unit_nav(request.user, unit) | {
        "here_is_subpage": _("Lịch sử"),
        "changes": changes,
        "came_from": came_from,
        "went_to": went_to,
        "earlier": earlier,
        "later": later,
        "visible": visible,
        "can_reorganise": unit.is_current and selectors.can_reorganise(request.user, unit),
        "can_manage": has_perm_on(request.user, unit, "manage"),
    }
    return render(request, "org/reorg/history.html", context)
