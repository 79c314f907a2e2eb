"""Forms of the aid pages. They parse input; the services decide what is allowed."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.inputs import Form
from funds.forms import MoneyField
from people.models import Sex

from .models import AddressStatus, CampaignKind, CloseReason, Relation, ReviewOutcome, Source

_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}
_AREA = {"class": "form-control", "rows": 2}


def _today():
    return timezone.localdate()


def _date(label, **kw):
    return forms.DateField(label=label, widget=_DATE, initial=_today, **kw)


def _line(label, max_length=255, required=True, **attrs):
    return forms.CharField(
        label=label, max_length=max_length, required=required,
        widget=forms.TextInput(attrs={**_TEXT, **attrs}),
    )  # fmt: skip


def _area(label, required=False):
    return forms.CharField(
        label=label, max_length=2000, required=required, widget=forms.Textarea(attrs=_AREA)
    )


class PersonFields(Form):
    """A person typed on a phone: name, birth year, sex, CCCD, address, phone."""

    full_name = _line(_("Họ và tên"), 120, autocomplete="off")
    birth_year = forms.IntegerField(
        label=_("Năm sinh"), min_value=1900, max_value=2100,
        widget=forms.NumberInput(attrs={**_TEXT, "inputmode": "numeric"}),
    )  # fmt: skip
    sex = forms.ChoiceField(
        label=_("Giới tính"), choices=Sex.choices, widget=forms.RadioSelect(attrs={"class": "form-check-input"})
    )  # fmt: skip
    cccd = _line(_("Số CCCD"), 20, required=False, inputmode="numeric")
    address = _line(_("Địa chỉ"), required=False)
    phone = _line(_("Số điện thoại"), 15, required=False, inputmode="tel")


class BeneficiaryForm(PersonFields):
    categories: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Diện khó khăn"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )  # fmt: skip
    health = _area(_("Tình trạng sức khoẻ"))
    income = _area(_("Thu nhập, hoàn cảnh"))
    since = _date(_("Đưa vào danh sách ngày"))
    confirm = forms.BooleanField(
        label=_("Vẫn lưu (đúng là người khác cùng tên, năm sinh)"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )  # fmt: skip

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = categories


class MemberOfHouseholdForm(PersonFields):
    relation = forms.ChoiceField(
        label=_("Quan hệ với chủ hộ"),
        choices=[c for c in Relation.choices if c[0] != Relation.HEAD],
        widget=forms.Select(attrs=_SELECT),
    )
    since = _date(_("Đưa vào danh sách ngày"))


class SensitiveForm(Form):
    categories: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Diện khó khăn"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )  # fmt: skip
    health = _area(_("Tình trạng sức khoẻ"))
    income = _area(_("Thu nhập, hoàn cảnh"))

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = categories


class ProposeForm(Form):
    on = _date(_("Ngày đề xuất"))
    reason = _area(_("Lý do đề xuất"))


class AdvanceForm(Form):
    to = forms.ChoiceField(
        choices=[(s, s.label) for s in AddressStatus if s != AddressStatus.PROPOSED and s != AddressStatus.CLOSED],
        widget=forms.HiddenInput,
    )  # fmt: skip
    on = _date(_("Ngày"))
    survey = _area(_("Kết quả khảo sát (hoàn cảnh, nhà ở, nhu cầu)"))
    reason = _area(_("Ghi chú"))


class CloseForm(Form):
    on = _date(_("Ngày đóng"))
    reason = forms.ChoiceField(
        label=_("Lý do"), choices=CloseReason.choices, widget=forms.Select(attrs=_SELECT)
    )
    note = _area(_("Ghi chú"))


class ReviewForm(Form):
    reviewed_on = _date(_("Ngày rà soát"))
    outcome = forms.ChoiceField(
        label=_("Kết quả"), choices=ReviewOutcome.choices, widget=forms.Select(attrs=_SELECT)
    )
    note = _area(_("Ghi chú"))


class FileForm(Form):
    title = _line(_("Tên tài liệu"), required=False)
    file = forms.FileField(
        label=_("Tệp (ảnh, PDF)"), widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )


class SponsorForm(Form):
    donor: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Nhà tài trợ"), queryset=None, widget=forms.Select(attrs=_SELECT)
    )
    monthly = MoneyField(label=_("Số tiền mỗi tháng (đồng)"), required=False)
    in_kind = _line(_("Hiện vật cam kết"), required=False)
    start = _date(_("Từ ngày"))
    end = forms.DateField(label=_("Đến ngày"), widget=_DATE, required=False)

    def __init__(self, *args, donors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["donor"].queryset = donors


class EndForm(Form):
    on = _date(_("Ngày dừng"))


class AssistanceForm(Form):
    on = _date(_("Ngày"))
    description = _line(_("Nội dung"))
    cash = MoneyField(label=_("Tiền mặt (đồng)"), required=False)
    goods = MoneyField(label=_("Hiện vật quy ra tiền (đồng)"), required=False)
    source = forms.ChoiceField(
        label=_("Nguồn"), choices=Source.choices, widget=forms.Select(attrs=_SELECT)
    )
    partner = _line(_("Đối tác"), required=False)


class WithdrawForm(Form):
    on = _date(_("Ngày"))
    reason = _line(_("Lý do"))


class CampaignForm(Form):
    name = _line(_("Tên đợt"))
    kind = forms.ChoiceField(
        label=pgettext_lazy("campaign", "Loại"), choices=CampaignKind.choices,
        widget=forms.Select(attrs=_SELECT),
    )  # fmt: skip
    start = _date(_("Từ ngày"))
    end = _date(_("Đến ngày"))
    target_gifts = forms.IntegerField(
        label=_("Chỉ tiêu suất quà"), min_value=0, max_value=10**8, initial=0,
        widget=forms.NumberInput(attrs=_TEXT),
    )  # fmt: skip
    target_value = MoneyField(label=_("Chỉ tiêu giá trị (đồng)"), required=False)
    target_addresses = forms.IntegerField(
        label=_("Chỉ tiêu địa chỉ nhân đạo"), min_value=0, max_value=10**8, initial=0,
        widget=forms.NumberInput(attrs=_TEXT),
    )  # fmt: skip
    partners = _area(_("Đối tác"))


class ParcelForm(Form):
    name = _line(_("Loại quà"), 120)
    cash = MoneyField(label=_("Tiền mặt (đồng)"), required=False)
    goods = MoneyField(label=_("Hiện vật (đồng)"), required=False)


class ParticipantForm(Form):
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Đơn vị tham gia"), queryset=None, widget=forms.Select(attrs=_SELECT)
    )
    target_gifts = forms.IntegerField(
        label=_("Chỉ tiêu suất quà"), min_value=0, max_value=10**8, initial=0,
        widget=forms.NumberInput(attrs=_TEXT),
    )  # fmt: skip
    target_value = MoneyField(label=_("Chỉ tiêu giá trị (đồng)"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ListForm(Form):
    title = _line(_("Tên danh sách"), required=False)
    from_fund = forms.BooleanField(
        label=_("Chi tiền mặt từ quỹ nhân đạo của đơn vị"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )  # fmt: skip


class RecipientForm(PersonFields):
    parcel: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Loại quà"), queryset=None, widget=forms.Select(attrs=_SELECT)
    )

    def __init__(self, *args, parcels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parcel"].queryset = parcels
        if len(parcels) == 1:
            self.fields["parcel"].initial = parcels[0].pk


class PickForm(Form):
    """Beneficiaries ticked to be added to a list."""

    parcel: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Loại quà"), queryset=None, widget=forms.Select(attrs=_SELECT)
    )

    def __init__(self, *args, parcels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parcel"].queryset = parcels
        if len(parcels) == 1:
            self.fields["parcel"].initial = parcels[0].pk


class ImportForm(Form):
    file = forms.FileField(
        label=_("Tệp danh sách (xlsx, xls, ods, csv)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.xls,.ods,.csv"}),
    )  # fmt: skip
    parcel: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Loại quà cho cả danh sách"), queryset=None, widget=forms.Select(attrs=_SELECT)
    )

    def __init__(self, *args, parcels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parcel"].queryset = parcels
        if len(parcels) == 1:
            self.fields["parcel"].initial = parcels[0].pk


class ApproveForm(Form):
    on = _date(_("Ngày duyệt"))


class CategoryForm(Form):
    name = _line(_("Tên diện khó khăn"), 120)
