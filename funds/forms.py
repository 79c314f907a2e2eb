"""Forms of the fund pages. They parse input; the services decide what is allowed."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inputs import Form
from org.models import Unit

from .models import (
    MANUAL_CATEGORIES,
    Category,
    Direction,
    DonorKind,
    Frequency,
    FundKind,
    OrganisationKind,
)

_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}


def parse_money(raw: str) -> int | None:
    """ "1.234.567", "1 234 567 đ", "1234567" → 1234567; None when it is not a whole amount."""
    text = str(raw).strip().lower()
    for suffix in ("đồng", "vnd", "đ"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    text = re.sub(r"[\s.]", "", text)
    if not re.fullmatch(r"\d{1,16}", text):
        return None
    return int(text)


class MoneyField(forms.CharField):
    """An amount in whole đồng, typed with or without dots: "1.234.567"."""

    default_error_messages = {"invalid": _("Nhập số tiền là số nguyên đồng, ví dụ 1.500.000.")}

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"class": "form-control sohoi-money", "inputmode": "numeric",
                       "autocomplete": "off", "data-money": "1"}
            ),
        )  # fmt: skip
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        amount = parse_money(value) if len(value) <= 32 else None
        if amount is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return amount

    def run_validators(self, value):
        """None: the typed text was checked whole by :func:`parse_money` (digits, dots, spaces,
        "đ"), and text validators (length, control characters) do not apply to the amount."""


class AsOfForm(Form):
    start = forms.DateField(label=_("Từ ngày"), required=False, widget=_DATE)
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=_DATE)

    def dates(self):
        today = timezone.localdate()
        if not self.is_valid():
            return today.replace(month=1, day=1), today
        end = self.cleaned_data["end"] or today
        start = self.cleaned_data["start"] or end.replace(month=1, day=1)
        return min(start, end), end


def _fund_field() -> forms.TypedChoiceField:
    """Which of the unit's funds (left out: the humanitarian fund)."""
    return forms.TypedChoiceField(
        label=_("Quỹ"), choices=FundKind.choices, required=False,
        empty_value=FundKind.HUMANITARIAN, widget=forms.Select(attrs=_SELECT),
    )  # fmt: skip


class EntryForm(Form):
    fund = _fund_field()
    on = forms.DateField(label=_("Ngày"), widget=_DATE)
    direction = forms.ChoiceField(
        label=_("Thu/chi"), choices=Direction.choices, widget=forms.Select(attrs=_SELECT)
    )
    # Hand-written entries: dues receipts come from the dues pages, transfers from "Chuyển quỹ".
    category = forms.ChoiceField(
        label=_("Loại"),
        choices=[(c, c.label) for c in MANUAL_CATEGORIES[FundKind.HUMANITARIAN]],
        widget=forms.Select(attrs=_SELECT),
    )
    amount = MoneyField(label=_("Số tiền (đồng)"))
    donor = forms.TypedChoiceField(
        label=_("Nhà hảo tâm"), required=False, coerce=int, empty_value=None,
        widget=forms.Select(attrs=_SELECT),
    )  # fmt: skip
    pledge = forms.TypedChoiceField(
        label=_("Theo cam kết ủng hộ"), required=False, coerce=int, empty_value=None,
        widget=forms.Select(attrs=_SELECT),
    )  # fmt: skip
    campaign = forms.CharField(
        label=_("Chương trình, đợt vận động"), required=False, max_length=120,
        widget=forms.TextInput(attrs=_TEXT),
    )  # fmt: skip
    document_number = forms.CharField(
        label=_("Số chứng từ"), required=False, max_length=64, widget=forms.TextInput(attrs=_TEXT)
    )
    note = forms.CharField(
        label=_("Diễn giải"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )  # fmt: skip
    attachment = forms.FileField(
        label=_("Tệp đính kèm (ảnh, PDF)"), required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control",
                                               "accept": "image/*,application/pdf"}),
    )  # fmt: skip

    MAX_ATTACHMENT = 10 * 1024 * 1024

    def __init__(self, *args, donors=(), pledges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["donor"].choices = [("", "—")] + [(d.pk, str(d)) for d in donors]
        self.fields["pledge"].choices = [("", "—")] + [
            (p.pk, f"{p.donor} · {p.get_frequency_display()}") for p in pledges
        ]
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())

    def clean_attachment(self):
        f = self.cleaned_data.get("attachment")
        if f and f.size > self.MAX_ATTACHMENT:
            raise forms.ValidationError(_("Tệp đính kèm tối đa 10 MB."))
        return f


class ReverseForm(Form):
    on = forms.DateField(label=_("Ngày ghi bút toán đảo"), widget=_DATE)
    note = forms.CharField(
        label=_("Lý do"), max_length=1000, widget=forms.Textarea(attrs={**_TEXT, "rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())


class TransferForm(Form):
    fund = _fund_field()
    to_unit = forms.TypedChoiceField(
        label=_("Đơn vị nhận"), coerce=int, widget=forms.Select(attrs=_SELECT)
    )
    on = forms.DateField(label=_("Ngày"), widget=_DATE)
    amount = MoneyField(label=_("Số tiền (đồng)"))
    category = forms.ChoiceField(
        label=_("Loại"),
        choices=[(Category.TRANSFER, Category.TRANSFER.label),
                 (Category.DUES_SHARE, Category.DUES_SHARE.label),
                 (Category.RELIEF, Category.RELIEF.label)],
        widget=forms.Select(attrs=_SELECT),
    )  # fmt: skip
    dues_year = forms.IntegerField(
        label=_("Năm hội phí (nếu chuyển hội phí)"), required=False, min_value=1900,
        max_value=9999, widget=forms.NumberInput(attrs=_TEXT),
    )  # fmt: skip
    document_number = forms.CharField(
        label=_("Số chứng từ"), required=False, max_length=64, widget=forms.TextInput(attrs=_TEXT)
    )
    note = forms.CharField(
        label=_("Diễn giải"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, targets: list[Unit] = (), **kwargs):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.targets = {u.pk: u for u in targets}
        field = self.fields["to_unit"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [(u.pk, u.name) for u in targets]
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())

    def clean_to_unit(self):
        pk = self.cleaned_data["to_unit"]
        if pk not in self.targets:
            raise forms.ValidationError(_("Đơn vị nhận không hợp lệ."))
        return self.targets[pk]


class CloseForm(Form):
    through = forms.DateField(label=_("Khoá sổ đến hết ngày"), widget=_DATE)


class DonorForm(Form):
    kind = forms.ChoiceField(
        label=_("Loại nhà hảo tâm"), choices=DonorKind.choices, widget=forms.Select(attrs=_SELECT)
    )
    person = forms.TypedChoiceField(
        label=_("Cá nhân (đã có hồ sơ)"), required=False, coerce=int, empty_value=None,
        widget=forms.Select(attrs=_SELECT),
    )  # fmt: skip
    name = forms.CharField(
        label=_("Tên tổ chức"), required=False, max_length=255, widget=forms.TextInput(attrs=_TEXT)
    )
    organisation_kind = forms.ChoiceField(
        label=_("Loại tổ chức"), required=False,
        choices=[("", "—"), *OrganisationKind.choices], widget=forms.Select(attrs=_SELECT),
    )  # fmt: skip
    contact = forms.CharField(
        label=_("Liên hệ"), required=False, max_length=255, widget=forms.TextInput(attrs=_TEXT)
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, people=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        self.fields["person"].choices = [("", "—")] + [
            (p.pk, f"{p.full_name}{f' ({p.birth_year})' if p.birth_year else ''}") for p in people
        ]
        if editing:
            del self.fields["kind"]
            del self.fields["person"]

    def clean_person(self):
        pk = self.cleaned_data.get("person")
        if pk is None:
            return None
        if pk not in self.people:
            raise forms.ValidationError(_("Không tìm thấy người này."))
        return self.people[pk]


class PledgeForm(Form):
    donor = forms.TypedChoiceField(
        label=_("Nhà hảo tâm"), coerce=int, widget=forms.Select(attrs=_SELECT)
    )
    amount = MoneyField(label=_("Số tiền (đồng)"))
    frequency = forms.ChoiceField(
        label=_("Định kỳ"), choices=Frequency.choices, widget=forms.Select(attrs=_SELECT)
    )
    start = forms.DateField(label=_("Từ ngày"), widget=_DATE)
    end = forms.DateField(label=_("Đến ngày (nếu có)"), required=False, widget=_DATE)
    campaign = forms.CharField(
        label=_("Chương trình, đợt vận động"), required=False, max_length=120,
        widget=forms.TextInput(attrs=_TEXT),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, donors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.donors = {d.pk: d for d in donors}
        self.fields["donor"].choices = [("", "—")] + [(d.pk, str(d)) for d in donors]

    def clean_donor(self):
        pk = self.cleaned_data["donor"]
        if pk not in self.donors:
            raise forms.ValidationError(_("Không tìm thấy nhà hảo tâm này."))
        return self.donors[pk]


class EndPledgeForm(Form):
    end = forms.DateField(label=_("Ngày kết thúc"), widget=_DATE)
