"""Pages to reorganise the tree (rename, move, merge, split, cease) and a unit's history.

Reorganising a unit needs the 'admin' role on its parent (org.selectors.get_unit_for_reorg): a unit
outside the user's scope is 404; a unit the user can see without that role is 403.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.access import get_unit_for_user, has_perm_on
from core.forms import bound_data, run_service
from core.inputs import Form

from . import selectors, services
from .models import ALLOWED_CHILDREN, Unit, UnitSuccession
from .selectors import unit_nav

MAX_PARTS = 10


def _date_field():
    return forms.DateField(
        label=gettext_lazy("Ngày hiệu lực"),
        initial=timezone.localdate,
        help_text=gettext_lazy("Ngày đầu tiên áp dụng cách tổ chức mới."),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )


def _unit_choice(queryset, label, **kwargs):
    return forms.ModelChoiceField(
        queryset=queryset,
        label=label,
        widget=forms.Select(attrs={"class": "form-select"}),
        **kwargs,
    )


def _possible_parents(user, unit: Unit):
    """Current units where ``user`` is admin and that may hold a unit of ``unit``'s kind."""
    kinds = [k for k, children in ALLOWED_CHILDREN.items() if unit.kind in children]
    return Unit.objects.visible_to(user, "admin").current().filter(kind__in=kinds)


def _same_kind_siblings(user, unit: Unit):
    return (
        selectors.reorganisable_units(user)
        .current()
        .filter(kind=unit.kind, depth=unit.depth, path__startswith=unit.path[: -Unit.steplen])
        .exclude(pk=unit.pk)
    )


class RenameForm(Form):
    name = forms.CharField(
        label=gettext_lazy("Tên mới"),
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    on = _date_field()


class MoveForm(Form):
    on = _date_field()

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        targets = (
            _possible_parents(user, unit)
            .exclude(path__startswith=unit.path)
            .exclude(path=unit.path[: -Unit.steplen])
        )
        self.fields["new_parent"] = _unit_choice(targets, gettext_lazy("Chuyển về đơn vị cấp trên"))
        self.order_fields(["new_parent", "on"])


class MergeForm(Form):
    others = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(),
        label=gettext_lazy("Hợp nhất cùng các đơn vị"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input me-1"}),
        required=False,
    )
    into = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=gettext_lazy("Đơn vị tiếp nhận"),
        required=False,
        empty_label=gettext_lazy("— Lập đơn vị mới —"),
        help_text=gettext_lazy(
            "Để trống để lập đơn vị mới; hoặc chọn một đơn vị (kể cả đơn vị này) tiếp nhận các "
            "đơn vị còn lại."
        ),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name = forms.CharField(
        label=gettext_lazy("Tên đơn vị mới"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    parent = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=gettext_lazy("Đơn vị mới trực thuộc"),
        required=False,
        empty_label=gettext_lazy("— Cùng cấp trên với đơn vị này —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    on = _date_field()

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        siblings = _same_kind_siblings(user, unit)
        self.fields["others"].queryset = siblings
        self.fields["into"].queryset = Unit.objects.filter(pk=unit.pk) | siblings
        self.fields["parent"].queryset = _possible_parents(user, unit)
        self.fields["parent"].initial = Unit.objects.get_parent(unit)

    def service_kwargs(self, unit: Unit) -> dict:
        data = self.cleaned_data
        into = data["into"]
        units = [unit, *data["others"]]
        return {
            "sources": [u for u in units if u != into],
            "into": into,
            "name": data["name"],
            # The parent field only matters for a new unit; it always carries a default.
            "parent": None if into else data["parent"],
            "on": data["on"],
        }


class SplitForm(Form):
    """One name field per new unit and, for every current child, the new unit it goes to."""

    def __init__(self, *args, children, parts: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        self.children = children
        for i in range(1, parts + 1):
            self.fields[f"name_{i}"] = forms.CharField(
                label=_("Tên đơn vị mới %(n)s") % {"n": i},
                max_length=255,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
        choices = [("", "—")] + [(str(i), str(i)) for i in range(1, parts + 1)]
        for child in children:
            self.fields[f"child_{child.pk}"] = forms.ChoiceField(
                label=child.name,
                choices=choices,
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
        self.fields["members_to"] = forms.TypedChoiceField(
            label=_("Người sinh hoạt trực tiếp ở đơn vị này chuyển sang đơn vị mới số"),
            choices=[(str(i), str(i)) for i in range(1, parts + 1)],
            coerce=int,
            required=False,
            empty_value=None,
            initial="1",
            widget=forms.Select(attrs={"class": "form-select"}),
            help_text=_(
                "Hội viên, tình nguyện viên của các đơn vị cấp dưới đi theo đơn vị cấp dưới của mình."
            ),
        )
        self.fields["on"] = _date_field()

    def name_fields(self):
        return [self[f"name_{i}"] for i in range(1, self.parts + 1)]

    def child_fields(self):
        return [self[f"child_{c.pk}"] for c in self.children]

    def service_parts(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "name": data[f"name_{i}"],
                "children": [c for c in self.children if data[f"child_{c.pk}"] == str(i)],
            }
            for i in range(1, self.parts + 1)
        ]


class CeaseForm(Form):
    on = _date_field()
    reason = forms.CharField(
        label=gettext_lazy("Lý do"),
        max_length=1000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


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
