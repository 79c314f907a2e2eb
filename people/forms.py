"""Forms of the person pages. The checks of CCCD, phone and dates live in people.services; these
forms only parse what was typed, so that a page and an import give the same Vietnamese errors."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inputs import Form
from core.vn import ETHNIC_GROUPS, religion_choices
from members.forms import AdmitFieldsForm, ServiceErrorsMixin, date_field, text_field

from .models import Consent, Person, Sex

DEFAULT_PURPOSE = _("Quản lý hội viên")
# The person fields a page edits (the commune code is set by imports, not typed here).
PERSON_FIELDS = (
    "full_name",
    "sex",
    "birth_date",
    "birth_year",
    "cccd",
    "phone",
    "address_detail",
    "ethnicity",
    "religion",
    "occupation",
)


class PersonForm(ServiceErrorsMixin, Form):
    full_name = text_field(_("Họ và tên"), max_length=120, required=True, autocomplete="off")
    sex = forms.ChoiceField(
        label=_("Giới tính"),
        choices=Sex.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input me-1"}),
    )
    birth_date = date_field(_("Ngày sinh"), required=False)
    birth_year = forms.IntegerField(
        label=_("Năm sinh (nếu không rõ ngày)"),
        required=False,
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    cccd = text_field(_("Số CCCD"), max_length=20, inputmode="numeric", autocomplete="off")
    phone = text_field(_("Số điện thoại"), max_length=20, inputmode="tel", autocomplete="off")
    address_detail = text_field(_("Địa chỉ"), max_length=255)
    ethnicity = forms.ChoiceField(
        label=_("Dân tộc"),
        required=False,
        choices=[("", "—"), *ETHNIC_GROUPS],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    religion = forms.ChoiceField(
        label=_("Tôn giáo"),
        required=False,
        choices=[("", "—"), *religion_choices()],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    occupation = text_field(_("Nghề nghiệp"), max_length=120)
    confirm_duplicate = forms.BooleanField(
        label=_("Vẫn lưu (đây là người khác)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def clean(self):
        data = super().clean()
        if (
            not data.get("birth_date")
            and not data.get("birth_year")
            and not self.has_error("birth_date")
        ):
            self.add_error("birth_year", _("Cần ghi ngày sinh hoặc ít nhất năm sinh."))
        return data

    def person_fields(self) -> dict:
        return {f: self.cleaned_data[f] for f in PERSON_FIELDS}

    @staticmethod
    def initial_for(person: Person) -> dict:
        initial = {f: getattr(person, f) or "" for f in PERSON_FIELDS}
        # Year alone only when the full date is unknown: no stale year beside a corrected date.
        initial["birth_year"] = person.birth_year if person.birth_date is None else None
        initial["birth_date"] = person.birth_date
        return initial


class ConsentForm(ServiceErrorsMixin, Form):
    purpose = text_field(_("Mục đích xử lý dữ liệu"), max_length=255, required=True)
    given_on = date_field(_("Ngày đồng ý"), initial=timezone.localdate)
    method = forms.ChoiceField(
        label=_("Hình thức đồng ý"),
        choices=Consent.Method.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def consent_fields(self) -> dict:
        return {f: self.cleaned_data[f] for f in ("purpose", "given_on", "method")}


class NewPersonForm(PersonForm, AdmitFieldsForm, ConsentForm):
    """ "Kết nạp / thêm người": the person, their membership and their consent on one page."""

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, units=units, **kwargs)
        self.fields["purpose"].initial = DEFAULT_PURPOSE

    def membership_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "unit": data["member_unit"],
            "category": data["category"],
            "joined_on": data["joined_on"],
            "card_number": data["card_number"],
        }
