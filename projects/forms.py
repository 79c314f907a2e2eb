"""Forms of the project pages. They parse input; the services decide what is allowed."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aid.models import Beneficiary
from core.inputs import Form
from funds.forms import MoneyField
from people.models import Sex

from .models import EventKind, HouseKind, SupportSource, TrancheKind, ValueSource
from .models.cows import Sex as AnimalSex
from .models.events import SERVICES

_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}
_NUM = {"class": "form-control", "inputmode": "numeric"}
_RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})


def _today():
    return timezone.localdate()


def _date(label, required=True, initial=_today):
    return forms.DateField(label=label, widget=_DATE, initial=initial if required else None, required=required)  # fmt: skip


def _line(label, max_length=255, required=True, **attrs):
    return forms.CharField(label=label, max_length=max_length, required=required, widget=forms.TextInput(attrs={**_TEXT, **attrs}))  # fmt: skip


def _int(label, required=False, lo=0, hi=10_000_000):
    return forms.IntegerField(label=label, required=required, min_value=lo, max_value=hi, widget=forms.NumberInput(attrs=_NUM))  # fmt: skip


def households_field(label, required=True):
    return forms.ModelChoiceField(label=label, queryset=Beneficiary.objects.none(), required=required, widget=forms.Select(attrs=_SELECT))  # fmt: skip


class _WithHouseholds(Form):
    """A form with household choices: the current heads of households of ``unit`` and below."""

    household_fields = ("household",)

    def __init__(self, *args, households=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = households if households is not None else Beneficiary.objects.none()
        for name in self.household_fields:
            self.fields[name].queryset = qs
            self.fields[name].label_from_instance = lambda b: (
                f"{b.person.full_name} ({b.person.birth_year or '—'})"
            )


def household_choices(user, unit):
    return (
        Beneficiary.objects.visible_to(user).current()
        .filter(unit__path__startswith=unit.path, head__isnull=True).select_related("person")
        .order_by("person__sort_key", "pk")
    )  # fmt: skip


class RuleForm(Form):
    calf_number = forms.TypedChoiceField(label=_("Bê được chuyển cho hộ khác"), coerce=int, choices=[(1, _("Bê đầu")), (2, _("Bê thứ hai"))], widget=_RADIO)  # fmt: skip
    min_age_months = _int(_("Chuyển khi bê được (tháng tuổi)"), True, 1, 36)
    max_age_months = _int(_("Chậm nhất khi bê được (tháng tuổi)"), True, 1, 36)
    sell_male = forms.BooleanField(label=_("Bê đực thì bán để mua bê cái"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))  # fmt: skip
    since = _date(_("Áp dụng từ ngày"))
    note = _line(_("Ghi chú"), required=False)


class CowForm(Form):
    tag = _line(_("Số thẻ tai"), 40, required=False)
    sex = forms.ChoiceField(
        label=_("Giới tính"), choices=AnimalSex.choices, initial="F", widget=_RADIO
    )
    breed = _line(_("Giống"), 80, required=False)
    born_on = _date(_("Ngày sinh (nếu biết)"), required=False)
    acquired_on = _date(_("Ngày mua / nhận"))
    value = MoneyField(label=_("Giá trị (đồng)"), required=False)
    donor = _line(_("Nhà tài trợ"), required=False)


class GiveForm(_WithHouseholds):
    household = households_field(_("Hộ nhận bò"))
    on = _date(_("Ngày trao"))


class BirthForm(Form):
    born_on = _date(_("Ngày sinh"))
    sex = forms.ChoiceField(label=_("Bê đực hay cái"), choices=AnimalSex.choices, widget=_RADIO)
    tag = _line(_("Số thẻ tai"), 40, required=False)


class PassOnForm(_WithHouseholds):
    on = _date(_("Ngày chuyển"))
    household = households_field(_("Hộ nhận"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["household"]
        assert isinstance(field, forms.ModelChoiceField)
        field.empty_label = str(_("— hộ đầu tiên trong danh sách chờ —"))


class HeiferForm(Form):
    on = _date(_("Ngày bán bê đực, mua bê cái"))
    price = MoneyField(label=_("Tiền bán bê đực (đồng)"))
    heifer_value = MoneyField(label=_("Giá mua bê cái (đồng)"))
    heifer_tag = _line(_("Số thẻ tai bê cái"), 40, required=False)
    heifer_born_on = _date(_("Ngày sinh bê cái (nếu biết)"), required=False)


class EndForm(Form):
    on = _date(_("Ngày"))
    kind = forms.ChoiceField(label=_("Chết hay bán"), choices=[("death", _("Chết")), ("sale", _("Bán"))], widget=_RADIO)  # fmt: skip
    reason = _line(_("Lý do"))
    value = MoneyField(label=_("Số tiền bán (đồng)"), required=False)


class WaitingForm(_WithHouseholds):
    household = households_field(_("Hộ chờ nhận bê"))
    since = _date(_("Đăng ký ngày"))
    note = _line(_("Ghi chú"), required=False)


class HouseForm(_WithHouseholds):
    household = households_field(_("Hộ gia đình (chủ hộ)"))
    kind = forms.ChoiceField(label=_("Loại"), choices=HouseKind.choices, widget=_RADIO)
    commune_code = _line(_("Mã xã/phường"), 10, required=False, inputmode="numeric")
    location = _line(_("Địa điểm (thôn, tổ, số nhà)"))
    estimated_cost = MoneyField(label=_("Dự toán (đồng)"), required=False)
    on = _date(_("Ngày đề xuất"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000, widget=forms.Textarea(attrs={**_TEXT, "rows": 2}))  # fmt: skip


class StepForm(Form):
    on = _date(_("Ngày"))
    reason = _line(_("Ghi chú"), required=False)


class CancelForm(Form):
    on = _date(_("Ngày"))
    reason = _line(_("Lý do"))


class SupportForm(Form):
    source = forms.ChoiceField(label=_("Nguồn"), choices=SupportSource.choices, widget=forms.Select(attrs=_SELECT))  # fmt: skip
    name = _line(_("Tên nhà tài trợ, đối tác"), required=False)
    amount = MoneyField(label=_("Số tiền (đồng)"))


class TrancheForm(Form):
    kind = forms.ChoiceField(label=_("Đợt"), choices=TrancheKind.choices, widget=forms.Select(attrs=_SELECT))  # fmt: skip
    on = _date(_("Ngày chi"))
    amount = MoneyField(label=_("Số tiền chi từ quỹ nhân đạo (đồng)"))


class FileForm(Form):
    title = _line(_("Tên ảnh / tài liệu"), required=False)
    file = forms.FileField(label=_("Tệp"), widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": "image/*,application/pdf"}))  # fmt: skip


class GroupForm(Form):
    name = _line(_("Tên tổ"))
    founded_on = _date(_("Ngày thành lập"))
    rate = forms.DecimalField(label=_("Lãi suất do tổ quyết định (%/tháng)"), required=False, min_value=0, max_value=99, decimal_places=2, initial=0, widget=forms.NumberInput(attrs={**_TEXT, "step": "0.01"}))  # fmt: skip
    note = _line(_("Ghi chú"), required=False)


class MemberForm(_WithHouseholds):
    household = households_field(_("Thành viên (chủ hộ trong danh sách đối tượng)"))
    joined_on = _date(_("Ngày vào tổ"))


class _WithMembers(Form):
    """A form with a choice of the group's current members (``members``: (pk, name) pairs)."""

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *members]


class ContributionForm(_WithMembers):
    on = _date(_("Ngày"))
    amount = MoneyField(label=_("Số tiền (đồng)"))
    member = forms.TypedChoiceField(label=_("Thành viên góp (để trống: nguồn khác)"), required=False, coerce=int, empty_value=None, widget=forms.Select(attrs=_SELECT))  # fmt: skip
    source = _line(_("Nguồn"), required=False)


class LoanForm(_WithMembers):
    member = forms.TypedChoiceField(label=_("Thành viên vay"), coerce=int, widget=forms.Select(attrs=_SELECT))  # fmt: skip
    on = _date(_("Ngày vay"))
    amount = MoneyField(label=_("Số tiền (đồng)"))
    due = _date(_("Hạn trả"), initial=None)
    purpose = _line(_("Mục đích"), required=False)


class LeaveForm(Form):
    member = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    on = _date(_("Ngày rời tổ"))


class EntryCancelForm(Form):
    entry = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = _line(_("Lý do huỷ"))


class RepayForm(Form):
    on = _date(_("Ngày trả"))
    amount = MoneyField(label=_("Số tiền (đồng)"))


class EventForm(Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=EventKind.choices, widget=_RADIO)
    on = _date(_("Ngày"))
    place = _line(_("Địa điểm"))
    partners = _line(_("Đối tác (doanh nghiệp, bệnh viện…)"), 500, required=False)
    services = forms.MultipleChoiceField(label=_("Dịch vụ"), choices=SERVICES, required=False, widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))  # fmt: skip
    count = _int(_("Số lượt khám / suất ăn"), True)
    male = _int(pgettext_lazy("số người", "Nam"))
    female = _int(pgettext_lazy("số người", "Nữ"))
    children = _int(_("Dưới 16 tuổi"))
    adults = _int(_("16–59 tuổi"))
    elderly = _int(_("60 tuổi trở lên"))
    note = _line(_("Ghi chú"), required=False)


for _code, _label in ValueSource.choices:
    EventForm.base_fields[f"value_{_code}"] = MoneyField(label=_label, required=False)


class ServedForm(_WithHouseholds):
    household_fields = ("beneficiary",)
    beneficiary = households_field(_("Chọn từ đối tượng trợ giúp"), required=False)
    full_name = _line(_("Hoặc gõ họ tên"), 120, required=False)
    birth_year = _int(_("Năm sinh"), False, 1900, 2100)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Sex.choices], required=False, widget=forms.Select(attrs=_SELECT))  # fmt: skip
