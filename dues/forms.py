"""Forms of the dues pages. They only parse input; the services decide."""

import datetime
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inputs import Form

from .models import ReceivingLevel

_DATE = {"type": "date", "class": "form-control"}
_NUM = {"class": "form-control", "inputmode": "numeric"}
_TEXT = {"class": "form-control"}


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs=_DATE, format="%Y-%m-%d")


def this_year() -> int:
    return timezone.localdate().year


class PeriodForm(Form):
    """The year and the as-of date of a dues page (GET); defaults: this year, today."""

    year = forms.IntegerField(
        label=_("Năm"),
        min_value=2000,
        max_value=2100,
        required=False,
        widget=forms.NumberInput(attrs=_NUM),
    )
    on = forms.DateField(label=_("Tính đến ngày"), required=False, widget=_date_input())

    def period(self) -> tuple[int, datetime.date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year") or today.year
        on = data.get("on") or min(today, datetime.date(year, 12, 31))
        return year, on


class TickForm(Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, widget=forms.HiddenInput)
    paid_on = forms.DateField(label=_("Ngày thu"), widget=_date_input())
    amount = forms.IntegerField(
        label=_("Số tiền mỗi người (đ)"), min_value=1, widget=forms.NumberInput(attrs=_NUM)
    )
    note = forms.CharField(
        label=_("Ghi chú"), max_length=255, required=False, widget=forms.TextInput(attrs=_TEXT)
    )


class PaymentForm(Form):
    year = forms.IntegerField(
        label=_("Năm hội phí"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=_NUM)
    )
    paid_on = forms.DateField(label=_("Ngày nộp"), widget=_date_input())
    amount = forms.IntegerField(
        label=_("Số tiền (đ)"), min_value=1, widget=forms.NumberInput(attrs=_NUM)
    )
    note = forms.CharField(
        label=_("Ghi chú"), max_length=255, required=False, widget=forms.TextInput(attrs=_TEXT)
    )


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=255,
        widget=forms.TextInput(attrs=_TEXT | {"autocomplete": "off"}),
    )


class ExemptionForm(Form):
    membership = forms.TypedChoiceField(
        label=_("Hội viên"), coerce=int, widget=forms.Select(attrs={"class": "form-select"})
    )
    year = forms.IntegerField(
        label=_("Năm hội phí"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=_NUM)
    )
    decision_ref = forms.CharField(
        label=_("Số quyết định"), max_length=64, widget=forms.TextInput(attrs=_TEXT)
    )
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=_date_input())
    reason = forms.CharField(
        label=_("Lý do miễn"), max_length=255, required=False, widget=forms.TextInput(attrs=_TEXT)
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["membership"]).choices = [("", "—")] + [
            (m.pk, f"{m.person.full_name} · {m.unit.name}") for m in members
        ]


class PolicyForm(Form):
    amount = forms.IntegerField(
        label=_("Mức hội phí mỗi hội viên mỗi năm (đ)"),
        min_value=0,
        widget=forms.NumberInput(attrs=_NUM),
    )
    categories = forms.MultipleChoiceField(
        label=_("Loại hội viên phải đóng"), widget=forms.CheckboxSelectMultiple
    )
    exemption_cap_pct = forms.IntegerField(
        label=_("Tỷ lệ miễn tối đa của mỗi Hội cơ sở (%)"), min_value=0, max_value=100,
        widget=forms.NumberInput(attrs=_NUM),
    )  # fmt: skip
    share_branch = forms.IntegerField(
        label=_("Chi hội giữ lại (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs=_NUM),
    )
    share_base = forms.IntegerField(
        label=_("Hội cơ sở giữ lại (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs=_NUM),
    )
    share_above = forms.IntegerField(
        label=_("Nộp cấp trên (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs=_NUM),
    )
    receiving_level = forms.ChoiceField(
        label=_("Cấp nhận phần nộp lên"),
        choices=ReceivingLevel.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label=_("Ghi chú"), max_length=255, required=False, widget=forms.TextInput(attrs=_TEXT)
    )

    def __init__(self, *args, categories: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["categories"]).choices = list(categories.items())


class RemitForm(Form):
    amount = forms.IntegerField(
        label=_("Số tiền nộp (đ)"), min_value=1, widget=forms.NumberInput(attrs=_NUM)
    )
    on = forms.DateField(label=_("Ngày nộp"), widget=_date_input())
    document_number = forms.CharField(
        label=_("Số chứng từ"), max_length=64, required=False, widget=forms.TextInput(attrs=_TEXT)
    )
