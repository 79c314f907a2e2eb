from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inputs import Form
from members.forms import ServiceErrorsMixin, date_field, text_field
from people.models import Sex

from .models import ActivityKind, CostSource, Course, CourseKind, CourseLevel

_SELECT = {"class": "form-select"}
_NUM = {"class": "form-control", "inputmode": "numeric"}


class ClassForm(ServiceErrorsMixin, Form):
    course = forms.ModelChoiceField(
        label=_("Khoá tập huấn"), queryset=Course.objects.none(), widget=forms.Select(attrs=_SELECT)
    )
    title = text_field(_("Tên lớp (nếu khác tên khoá)"), max_length=255)
    starts_on = date_field(_("Ngày bắt đầu"), initial=timezone.localdate)
    ends_on = date_field(_("Ngày kết thúc"), initial=timezone.localdate)
    place = text_field(_("Địa điểm"), max_length=255)
    partner = text_field(_("Đối tác"), max_length=255)
    capacity = forms.IntegerField(
        label=_("Số học viên tối đa"), required=False, min_value=1, max_value=10_000,
        widget=forms.NumberInput(attrs=_NUM),
    )  # fmt: skip
    cost = forms.IntegerField(
        label=_("Chi phí (đồng)"), required=False, min_value=0, max_value=10_000_000_000,
        widget=forms.NumberInput(attrs=_NUM),
    )  # fmt: skip
    cost_source = forms.ChoiceField(
        label=_("Nguồn kinh phí"), choices=CostSource.choices, required=False,
        widget=forms.Select(attrs=_SELECT),
    )  # fmt: skip

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["course"].queryset = Course.objects.offered_to(unit)


class CourseForm(ServiceErrorsMixin, Form):
    code = text_field(_("Mã khoá"), max_length=32, required=True)
    name = text_field(_("Tên khoá"), max_length=255, required=True)
    kind = forms.ChoiceField(
        label=_("Loại"), choices=CourseKind.choices, widget=forms.Select(attrs=_SELECT)
    )
    level = forms.ChoiceField(
        label=_("Cấp độ"), choices=CourseLevel.choices, required=False,
        widget=forms.Select(attrs=_SELECT),
    )  # fmt: skip
    hours = forms.IntegerField(
        label=_("Số giờ"), min_value=1, max_value=2000, widget=forms.NumberInput(attrs=_NUM)
    )
    validity_months = forms.IntegerField(
        label=_("Hiệu lực chứng nhận (tháng, để trống nếu không hết hạn)"), required=False,
        min_value=1, max_value=240, widget=forms.NumberInput(attrs=_NUM),
    )  # fmt: skip


class TypedPersonForm(ServiceErrorsMixin, Form):
    full_name = text_field(_("Họ và tên"), max_length=120, required=True, autocomplete="off")
    sex = forms.ChoiceField(
        label=_("Giới tính"), choices=Sex.choices, widget=forms.Select(attrs=_SELECT)
    )
    birth_year = forms.IntegerField(
        label=_("Năm sinh"), required=False, min_value=1900, max_value=2100,
        widget=forms.NumberInput(attrs=_NUM),
    )  # fmt: skip
    cccd = text_field(_("Số CCCD"), max_length=12, inputmode="numeric")
    phone = text_field(_("Số điện thoại"), max_length=15, inputmode="tel")


class IssueForm(ServiceErrorsMixin, Form):
    issued_on = date_field(_("Ngày cấp"), initial=timezone.localdate)


class ReasonForm(ServiceErrorsMixin, Form):
    on = date_field(_("Ngày"), initial=timezone.localdate)
    reason = text_field(_("Lý do"), max_length=255, required=True)


class ActivityForm(ServiceErrorsMixin, Form):
    kind = forms.ChoiceField(
        label=_("Loại hoạt động"), choices=ActivityKind.choices, widget=forms.Select(attrs=_SELECT)
    )
    on = date_field(_("Ngày"), initial=timezone.localdate)
    hours = forms.DecimalField(
        label=_("Số giờ mỗi người"), min_value=0.5, max_value=24, decimal_places=1, initial=4,
        widget=forms.NumberInput(attrs={**_NUM, "inputmode": "decimal", "step": "0.5"}),
    )  # fmt: skip
    place = text_field(_("Địa điểm"), max_length=255)
    description = text_field(_("Nội dung"), max_length=500)


class VolunteerRuleForm(ServiceErrorsMixin, Form):
    valid_from = date_field(_("Áp dụng từ ngày"), initial=timezone.localdate)
    min_hours = forms.IntegerField(
        label=_("Từ số giờ"), min_value=0, max_value=1000, initial=12,
        widget=forms.NumberInput(attrs=_NUM),
    )  # fmt: skip
    min_activities = forms.IntegerField(
        label=_("Hoặc từ số hoạt động"), min_value=0, max_value=365, initial=3,
        widget=forms.NumberInput(attrs=_NUM),
    )  # fmt: skip
    months = forms.IntegerField(
        label=_("Trong số tháng gần nhất"), min_value=1, max_value=60, initial=12,
        widget=forms.NumberInput(attrs=_NUM),
    )  # fmt: skip


class VerifyForm(Form):
    number = text_field(_("Số giấy chứng nhận"), max_length=64, required=True, autocomplete="off")
    code = text_field(_("Mã kiểm tra"), max_length=16, required=True, autocomplete="off")
