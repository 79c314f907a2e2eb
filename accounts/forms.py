from django import forms
from django.utils.translation import gettext_lazy as _

from core.inputs import Form
from org.models import Unit
from org.ordering import tree_sorted

from .models import ROLE_LEVEL, Role

# The unit select lists the unit and at most two levels below it: a national subtree has
# too many units for one <select>. Deeper units are managed from their own page.
UNIT_CHOICE_DEPTH = 2
UNIT_CHOICE_LIMIT = 1000


class BootstrapFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class SubtreeUnitField(forms.ModelChoiceField):
    """A current unit of ``root``'s subtree; the select shows only the top levels of it."""

    def __init__(self, *, root: Unit, **kwargs):
        units = Unit.objects.subtree_of(root).current()
        super().__init__(queryset=units, **kwargs)
        shown = units.filter(depth__lte=root.depth + UNIT_CHOICE_DEPTH)
        self.choices = [
            (u.pk, "\u2003" * (u.depth - root.depth) + u.name)
            for u in tree_sorted(shown.order_by("path")[:UNIT_CHOICE_LIMIT])
        ]
        self.initial = root.pk


def role_choices(max_level: int):
    return [(value, label) for value, label in Role.choices if ROLE_LEVEL[value] <= max_level]


class _UnitRoleForm(BootstrapFormMixin, Form):
    def __init__(self, *args, unit: Unit, max_level: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = SubtreeUnitField(root=unit, label=_("Đơn vị"))
        self.fields["role"] = forms.ChoiceField(
            label=_("Vai trò"), choices=role_choices(max_level), initial=Role.VIEWER
        )
        for name in ("unit", "role"):
            self.fields[name].widget.attrs["class"] = "form-select"


class UserCreateForm(_UnitRoleForm):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    password1 = forms.CharField(
        label=_("Mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Hai lần nhập mật khẩu không khớp nhau."))
        return data


class RoleAssignForm(_UnitRoleForm):
    username = forms.CharField(label=_("Tên đăng nhập của người được phân quyền"), max_length=150)


class TokenCreateForm(BootstrapFormMixin, Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("vd. máy tính văn phòng")}),
    )
