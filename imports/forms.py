from django import forms
from django.utils.translation import gettext_lazy as _

from core.inputs import Form
from members.selectors import category_names
from org.models import Unit

from .models import DedupeMode
from .reading import FIELDS

_SELECT = {"class": "form-select"}
_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


def _kind_choices():
    return list(category_names().items())


class BranchField(forms.ModelChoiceField):
    """The branch of rows that name none: the member-keeping units under the import's unit
    where the user may import (imports.selectors.branch_choices)."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Unit.objects.none(),
            required=False,
            label=_("Chi hội cho các dòng không ghi chi hội"),
            empty_label=_("— theo cột “Chi hội” trong tệp —"),
            widget=forms.Select(attrs=_SELECT),
            **kwargs,
        )

    def label_from_instance(self, obj) -> str:
        return obj.name

    def limit_to(self, user, unit) -> None:
        from .selectors import branch_choices

        self.queryset = branch_choices(user, unit)


class UploadForm(Form):
    file = forms.FileField(
        label=_("Tệp danh sách (xlsx, xls, ods, csv)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".xlsx,.xls,.xlsm,.ods,.csv"}
        ),
    )
    kind = forms.ChoiceField(label=_("Loại"), widget=forms.Select(attrs=_SELECT))
    mode = forms.ChoiceField(
        label=_("Khi gặp người đã có trong sổ"),
        choices=DedupeMode.choices,
        initial=DedupeMode.SKIP,
        widget=forms.Select(attrs=_SELECT),
    )
    default_unit = BranchField()
    default_joined_on = forms.DateField(
        label=_("Ngày vào Hội cho dòng không ghi ngày (mặc định: hôm nay)"),
        required=False,
        widget=_DATE,
    )

    def __init__(self, *args, user=None, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _kind_choices()
        self.fields["kind"].initial = "member"
        self.fields["default_unit"].limit_to(user, unit)


class MappingForm(Form):
    sheet = forms.ChoiceField(label=_("Trang tính"), widget=forms.Select(attrs=_SELECT))
    mode = forms.ChoiceField(
        label=_("Khi gặp người đã có trong sổ"),
        choices=DedupeMode.choices,
        widget=forms.Select(attrs=_SELECT),
    )
    default_unit = BranchField()
    default_joined_on = forms.DateField(
        label=_("Ngày vào Hội cho dòng không ghi ngày"), required=False, widget=_DATE
    )

    def __init__(self, *args, job, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_unit"].limit_to(user, job.unit)
        self.fields["default_unit"].initial = job.default_unit_id
        mapping = job.mapping
        self.fields["sheet"].choices = [(s, s) for s in mapping.get("sheets", [])]
        self.fields["sheet"].initial = mapping.get("sheet")
        self.fields["mode"].initial = job.mode
        self.fields["default_joined_on"].initial = job.default_joined_on
        choices = [("", _("— bỏ qua cột này —"))] + [(k, v) for k, v in FIELDS.items()]
        columns = mapping.get("columns", {})
        self.column_fields = []
        for i, header in enumerate(mapping.get("headers", [])):
            name = f"col_{i}"
            self.fields[name] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=columns.get(str(i), ""),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.column_fields.append(name)

    def columns(self) -> dict[int, str]:
        return {
            int(name.removeprefix("col_")): self.cleaned_data[name] for name in self.column_fields
        }

    def clean(self):
        data = super().clean()
        chosen = [data.get(n) for n in self.column_fields if data.get(n)]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("Mỗi trường chỉ được ghép với một cột."))
        return data
