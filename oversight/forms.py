"""Forms of the oversight pages (input bounds from core.inputs)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inputs import Form
from org.models import BaseType

from .models import CommendationField, CommendationForm, CommendationLevel, Organisation, VisitCheck

_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}


def _date(label, **kw):
    return forms.DateField(label=label, widget=_DATE, initial=timezone.localdate, **kw)


def _line(label, max_length=255, required=True):
    return forms.CharField(label=label, max_length=max_length, required=required, widget=forms.TextInput(attrs=_TEXT))  # fmt: skip


def _area(label, required=False, rows=3):
    return forms.CharField(label=label, required=required, max_length=20_000, widget=forms.Textarea(attrs={**_TEXT, "rows": rows}))  # fmt: skip


def _year():
    return forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year, widget=forms.NumberInput(attrs=_TEXT))  # fmt: skip


def parse_people(text: str) -> list[dict]:
    """ "Họ tên – chức vụ" per line (a dash, an en dash or a comma separates the role)."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        for sep in (" – ", " - ", ","):
            if sep in line:
                name, role = line.split(sep, 1)
                break
        else:
            name, role = line, ""
        out.append({"name": name.strip(), "role": role.strip()})
    return out


class PlanForm(Form):
    number = _line(_("Số kế hoạch"), 40)
    issued_on = _date(_("Ngày ban hành"))
    year = _year()
    content = _area(_("Nội dung kiểm tra"), required=True)
    all_bases = forms.BooleanField(label=_("Kiểm tra tất cả Hội cơ sở"), required=False)
    units = forms.TypedMultipleChoiceField(label=_("Đơn vị được kiểm tra"), coerce=int, required=False, choices=[], widget=forms.CheckboxSelectMultiple)  # fmt: skip
    team = _area(_("Đoàn kiểm tra (mỗi dòng: họ tên – nhiệm vụ)"), required=True)
    schedule = _area(_("Lịch kiểm tra"))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [(u.pk, u.name) for u in units]


class VisitForm(Form):
    on = _date(_("Ngày kiểm tra"))
    place = _line(_("Địa điểm"), required=False)
    party = _area(_("Cấp uỷ Đảng dự (mỗi dòng: họ tên – chức vụ)"), rows=2)
    government = _area(_("Chính quyền dự"), rows=2)
    association = _area(_("Hội Chữ thập đỏ dự"), rows=2)
    strengths = _area(_("Ưu điểm"))
    limitations = _area(_("Hạn chế"))
    difficulties = _area(_("Khó khăn, vướng mắc"))
    proposals = _area(_("Đề xuất, kiến nghị"))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"check_{item.code}"] = forms.ChoiceField(
                label=item.text, required=False, choices=[("", "—"), *VisitCheck.Answer.choices],
                widget=forms.Select(attrs=_SELECT),
            )  # fmt: skip

    def attendees(self) -> list[dict]:
        d = self.cleaned_data
        orgs = (Organisation.PARTY, Organisation.GOVERNMENT, Organisation.ASSOCIATION)
        return [{**p, "organisation": org} for org in orgs for p in parse_people(d[org])]

    def checks(self) -> dict:
        return {i.code: (self.cleaned_data[f"check_{i.code}"], "") for i in self.items if self.cleaned_data.get(f"check_{i.code}")}  # fmt: skip


class RecommendationForm(Form):
    text = _area(_("Nội dung kiến nghị"), required=True, rows=2)
    owner = forms.TypedChoiceField(label=_("Đơn vị thực hiện"), coerce=int, choices=[], widget=forms.Select(attrs=_SELECT))  # fmt: skip
    due = _date(_("Hạn thực hiện"))

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(u.pk, u.name) for u in owners]


class FollowUpForm(Form):
    on = _date(_("Ngày"))
    note = _area(_("Kết quả thực hiện"), required=True, rows=2)
    evidence = _area(_("Minh chứng (số văn bản, sổ, ảnh …)"), rows=2)
    done = forms.BooleanField(label=_("Đã thực hiện xong"), required=False)


class ReviewForm(Form):
    criterion = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    points = forms.DecimalField(label=_("Điểm thẩm định"), min_value=0, max_digits=6, decimal_places=1, widget=forms.NumberInput(attrs={**_TEXT, "step": "0.5"}))  # fmt: skip
    comment = _area(_("Nhận xét (bắt buộc khi đổi điểm)"), required=True, rows=2)


class CancelForm(Form):
    reason = _area(_("Lý do huỷ"), required=True, rows=2)


class ReturnForm(Form):
    reason = _area(_("Lý do trả lại (cơ sở sẽ đọc)"), required=True, rows=2)


class ProposeForm(Form):
    person = forms.CharField(
        label=_("Người được đề nghị"), required=False, max_length=120,
        help_text=_("Họ tên, số điện thoại, CCCD hoặc mã người; để trống khi khen tập thể đơn vị."),
        widget=forms.TextInput(attrs=_TEXT),
    )  # fmt: skip
    year = _year()
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=CommendationField.choices, widget=forms.Select(attrs=_SELECT))  # fmt: skip
    level = forms.ChoiceField(label=_("Cấp khen"), choices=CommendationLevel.choices, widget=forms.Select(attrs=_SELECT))  # fmt: skip
    form = forms.ChoiceField(label=_("Hình thức"), choices=CommendationForm.choices, widget=forms.Select(attrs=_SELECT))  # fmt: skip
    achievement = _area(_("Thành tích"), rows=2)
    proposed_on = _date(_("Ngày đề nghị"))
    amount = forms.IntegerField(label=_("Tiền thưởng (đồng)"), min_value=0, max_value=10**11, initial=0, widget=forms.NumberInput(attrs=_TEXT))  # fmt: skip


class DecideForm(Form):
    number = _line(_("Số quyết định"), 40)
    on = _date(_("Ngày quyết định"))
    issuer = _line(_("Cơ quan quyết định"))
    amount = forms.IntegerField(label=_("Tiền thưởng (đồng)"), min_value=0, max_value=10**11, widget=forms.NumberInput(attrs=_TEXT))  # fmt: skip
    pay = forms.BooleanField(label=_("Chi từ quỹ nhân đạo của đơn vị này"), required=False)


class WithdrawForm(Form):
    reason = _line(_("Lý do"))


class SheetFilter(Form):
    base_type = forms.ChoiceField(choices=[("", _("Mọi loại hình")), *BaseType.choices], required=False)  # fmt: skip


def first_of_year(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)
