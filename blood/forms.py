from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import search_field
from core.inputs import Form
from members.forms import ServiceErrorsMixin, date_field, text_field
from people.models import Sex

from .models import HEALTH_QUESTIONS, Abo, Campaign, DeferralCategory, Rh

SELECT = {"class": "form-select"}


def check_field(label) -> forms.BooleanField:
    return forms.BooleanField(
        label=label, required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )  # fmt: skip


class DriveForm(ServiceErrorsMixin, Form):
    date = date_field(_("Ngày hiến máu"), initial=timezone.localdate)
    site = text_field(_("Địa điểm"), max_length=255, required=True)
    centre = text_field(
        _("Cơ sở tiếp nhận máu"), max_length=255, required=True,
        placeholder=_("Viện Huyết học, Trung tâm Truyền máu, bệnh viện…"),
    )  # fmt: skip
    campaign = forms.ChoiceField(
        label=_("Chương trình"), choices=Campaign.choices, widget=forms.Select(attrs=SELECT)
    )
    target_units = forms.IntegerField(
        label=_("Chỉ tiêu (đơn vị máu)"), min_value=0, max_value=100_000, initial=0,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )  # fmt: skip
    note = text_field(_("Ghi chú"), max_length=255)


class PersonSearchForm(Form):
    q = search_field(_("Tìm người đăng ký"), _("Họ tên, số điện thoại hoặc CCCD"))


class NewPersonForm(ServiceErrorsMixin, Form):
    full_name = text_field(_("Họ và tên"), max_length=120, required=True)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices,
                            widget=forms.RadioSelect)  # fmt: skip
    birth_date = date_field(_("Ngày sinh"))
    cccd = text_field(_("Số CCCD"), max_length=20, inputmode="numeric", autocomplete="off")
    phone = text_field(_("Số điện thoại"), max_length=20, inputmode="tel")
    confirm_duplicate = check_field(_("Vẫn lưu (đúng là người khác)"))


class RegisterForm(ServiceErrorsMixin, Form):
    """Registration at a drive: the time slot, the weight and the health answers."""

    person = forms.IntegerField(widget=forms.HiddenInput, required=False)
    slot = forms.TimeField(
        label=_("Giờ hẹn"), required=False,
        widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M"),
    )  # fmt: skip
    weight_kg = forms.DecimalField(
        label=_("Cân nặng (kg)"), required=False, min_value=20, max_value=250, decimal_places=1,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.1",
                                        "inputmode": "decimal"}),
    )  # fmt: skip
    override_reason = text_field(
        _("Lý do vẫn đăng ký (khi không đủ điều kiện)"), max_length=255,
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in HEALTH_QUESTIONS:
            self.fields[f"h_{key}"] = check_field(label)

    def health(self) -> dict:
        return {k: self.cleaned_data.get(f"h_{k}", False) for k, _label in HEALTH_QUESTIONS}

    def health_fields(self):
        return [self[f"h_{k}"] for k, _label in HEALTH_QUESTIONS]


class DeferForm(Form):
    deferral_category = forms.ChoiceField(
        label=_("Lý do tạm hoãn"), choices=DeferralCategory.choices,
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip
    deferred_until = date_field(_("Được hiến lại từ ngày"), required=False)
    deferral_permanent = check_field(_("Hoãn vĩnh viễn"))


class DonorForm(ServiceErrorsMixin, Form):
    abo = forms.ChoiceField(
        label=_("Nhóm máu ABO"), choices=[("", "—"), *Abo.choices], required=False,
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip
    rh = forms.ChoiceField(
        label=_("Rh"), choices=[("", "—"), *Rh.choices], required=False,
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip
    on_call = check_field(_("Tham gia ngân hàng máu sống (sẵn sàng hiến khi cần)"))
    opening_count = forms.IntegerField(
        label=_("Số lần đã hiến trước khi dùng sohoi"), min_value=0, max_value=300, initial=0,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )  # fmt: skip
    opening_source = text_field(_("Nguồn (sổ theo dõi, giấy chứng nhận…)"), max_length=255)
    opening_last_on = date_field(_("Ngày hiến gần nhất trước đó"), required=False)


class RosterForm(Form):
    abo = forms.ChoiceField(
        label=_("Nhóm máu"), choices=[("", _("Mọi nhóm")), *Abo.choices], required=False,
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip
    rh = forms.ChoiceField(
        label=_("Rh"), choices=[("", _("Rh bất kỳ")), *Rh.choices], required=False,
        widget=forms.Select(attrs=SELECT),
    )  # fmt: skip
    on = date_field(_("Có thể hiến vào ngày"), required=False)
    commune = text_field(_("Mã xã/phường nơi ở"), max_length=10, inputmode="numeric")


class RuleForm(ServiceErrorsMixin, Form):
    effective_from = date_field(_("Có hiệu lực từ"))
    min_age = forms.IntegerField(label=_("Tuổi tối thiểu"), min_value=16, max_value=80)
    max_age = forms.IntegerField(label=_("Tuổi tối đa"), min_value=16, max_value=80)
    min_weight_female = forms.DecimalField(
        label=_("Cân nặng tối thiểu của nữ (kg)"), min_value=30, max_value=80, decimal_places=1
    )
    min_weight_male = forms.DecimalField(
        label=_("Cân nặng tối thiểu của nam (kg)"), min_value=30, max_value=80, decimal_places=1
    )
    whole_blood_days = forms.IntegerField(
        label=_("Số ngày chờ sau hiến máu toàn phần"), min_value=1, max_value=730
    )
    apheresis_days = forms.IntegerField(
        label=_("Số ngày chờ sau hiến gạn tách"), min_value=1, max_value=730
    )
    weight_350 = forms.DecimalField(
        label=_("Cân nặng được hiến 350 ml (kg)"), min_value=30, max_value=150, decimal_places=1
    )
    weight_450 = forms.DecimalField(
        label=_("Cân nặng được hiến 450 ml (kg)"), min_value=30, max_value=150, decimal_places=1
    )
    source = text_field(_("Căn cứ (văn bản)"), max_length=255, required=True)

    def values(self) -> dict:
        d = dict(self.cleaned_data)
        d["volume_steps"] = [[0, 250], [float(d.pop("weight_350")), 350],
                             [float(d.pop("weight_450")), 450]]  # fmt: skip
        return d


class ImportForm(Form):
    file = forms.FileField(
        label=_("Danh sách kết quả của cơ sở tiếp nhận máu (xlsx, xls, ods, csv)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.xls,.ods,.csv"}),
    )  # fmt: skip


class ReasonForm(Form):
    reason = text_field(_("Lý do"), max_length=255, required=True)
