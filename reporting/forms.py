"""Forms of the reporting pages (bounded inputs from core.inputs)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.inputs import Form

from .models import ValueType

_DIGITS = re.compile(r"[\s.,_]")
MAX_TYPED = 10**15


def parse_number(text: str) -> int | None:
    """ "1.085", "1 085", "8,578" → the integer; "" → None. Decimals are not numbers here."""
    text = (text or "").strip().removesuffix("đ").removesuffix("%").strip()
    if not text:
        return None
    plain = _DIGITS.sub("", text)
    if not plain.isdigit():
        raise ValidationError(_("Hãy nhập một số nguyên không âm (ví dụ 1.085)."))
    value = int(plain)
    if value > MAX_TYPED:
        raise ValidationError(_("Số liệu quá lớn."))
    return value


class ValueForm(Form):
    code = forms.SlugField(max_length=40)
    value = forms.CharField(label=_("Số liệu"), max_length=30, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def clean_value(self):
        return parse_number(self.cleaned_data.get("value", ""))


class CommentForm(Form):
    comment = forms.CharField(label=_("Ý kiến, lý do"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class UploadForm(Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 5 * 1024 * 1024:
            raise ValidationError(_("Tệp quá lớn (tối đa 5 MB)."))
        return f


class ItemForm(Form):
    name = forms.CharField(
        label=_("Tên chỉ tiêu"),
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    value_type = forms.ChoiceField(
        label=_("Kiểu số"),
        choices=ValueType.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    section = forms.CharField(label=_("Mục"), max_length=120, required=False,
                              widget=forms.TextInput(attrs={"class": "form-control"}))  # fmt: skip
