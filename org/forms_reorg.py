"""Forms of the reorganisation pages (rename, move, merge, split, cease)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.inputs import Form

from . import selectors
from .models import ALLOWED_CHILDREN, Unit

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
