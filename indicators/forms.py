from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inputs import Form

from .catalogue import Indicator
from .models import DenominatorKind


def year_choices() -> list[tuple[int, int]]:
    """Every year with figures (from the first year that has data), at least the last ten, and
    back to the first year of the earliest congress term (its denominators are entered then)."""
    from org.terms import Terms

    from .figures import years_with_figures

    this = timezone.localdate().year
    first = min(years_with_figures()[-1], this - 9, Terms().first_year() or this)
    return [(y, y) for y in range(this, max(first, 2000) - 1, -1)]


class YearForm(Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=year_choices)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["year"].widget.attrs["class"] = "form-select form-select-sm"

    def chosen_year(self) -> int:
        if self.is_valid():
            return self.cleaned_data["year"]
        return timezone.localdate().year


class DenominatorsForm(Form):
    """One number field per unit and kind: ``<unit id>-<kind>``."""

    def __init__(self, data=None, *, units, initial_values=None):
        super().__init__(data)
        self.units = units
        initial_values = initial_values or {}
        for u in units:
            for kind, label in DenominatorKind.choices:
                self.fields[f"{u.pk}-{kind}"] = forms.IntegerField(
                    label=f"{label} – {u.name}",
                    required=False,
                    min_value=0,
                    initial=initial_values.get((u.pk, kind)),
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
                )

    def rows(self):
        """[(unit, [bound fields in kind order])] for the template."""
        return [(u, [self[f"{u.pk}-{k}"] for k in DenominatorKind.values]) for u in self.units]

    def values_of(self, unit) -> dict[str, int | None]:
        return {k: self.cleaned_data.get(f"{unit.pk}-{k}") for k in DenominatorKind.values}


class ImportForm(Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )


class PlanForm(Form):
    number = forms.CharField(label=_("Số văn bản"), max_length=64)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    title = forms.CharField(label=_("Trích yếu"), max_length=255)
    start_year = forms.IntegerField(label=_("Từ năm"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Đến năm"), min_value=2000, max_value=2100)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, data=None, *, indicators: list[Indicator]):
        super().__init__(data)
        self.indicators = indicators
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "form-control")
        for ind in indicators:
            for bound, label in (("low", _("tối thiểu")), ("high", _("tối đa"))):
                self.fields[f"t-{ind.code}-{bound}"] = forms.DecimalField(
                    label=f"{ind.name} ({label})",
                    required=False,
                    max_digits=16,
                    decimal_places=2,
                    widget=forms.NumberInput(
                        attrs={"class": "form-control form-control-sm", "step": "any"}
                    ),
                )

    def target_rows(self):
        return [
            (ind, self[f"t-{ind.code}-low"], self[f"t-{ind.code}-high"]) for ind in self.indicators
        ]

    def targets(self) -> list[dict]:
        out = []
        for ind in self.indicators:
            low = self.cleaned_data.get(f"t-{ind.code}-low")
            high = self.cleaned_data.get(f"t-{ind.code}-high")
            if low is not None:
                out.append({"indicator": ind.code, "low": low, "high": high})
        return out


class TargetForm(Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    indicator = forms.ChoiceField(label=_("Chỉ tiêu"))
    low = forms.DecimalField(label=_("Mức tối thiểu"), max_digits=16, decimal_places=2)
    high = forms.DecimalField(
        label=_("Mức tối đa"), max_digits=16, decimal_places=2, required=False
    )

    def __init__(self, data=None, *, units, indicators):
        super().__init__(data)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        self.fields["indicator"].choices = [(i.code, i.name) for i in indicators]
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "form-control form-control-sm")


class ReviewForm(Form):
    category = forms.ChoiceField(label=_("Sổ"))
    reviewed_on = forms.DateField(
        label=_("Ngày rà soát"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, data=None, *, categories: dict[str, str]):
        super().__init__(data, initial={"reviewed_on": timezone.localdate()})
        self.fields["category"].choices = list(categories.items())  # type: ignore[attr-defined]
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "form-control form-control-sm")
