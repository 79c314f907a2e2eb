"""Forms of the membership movements (admit, transfer, end, re-admit) and of cadre terms."""

from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import search_field
from core.inputs import Form
from org.models import Unit
from org.ordering import base_names, full_label, label_order
from people.models import Person

from .cards import next_card_number
from .models import CadrePosition, EndReason
from .selectors import category_names
from .services import MEMBER_UNIT_KINDS

END_REASONS = (EndReason.MOVED_AWAY, EndReason.RESIGNED, EndReason.REMOVED, EndReason.DECEASED)


def date_field(label, *, required=True, initial=None, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        initial=initial,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )


def text_field(label, *, max_length, required=False, **attrs):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs={"class": "form-control", **attrs}),
    )


def member_units(user, within: Unit | None = None):
    """Current units that keep members, where ``user`` may edit (in ``within``'s subtree)."""
    qs = Unit.objects.visible_to(user, "edit").current().filter(kind__in=MEMBER_UNIT_KINDS)
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    return qs.order_by("path")


class _LabelOrderIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        units = list(self.queryset)
        bases = self.field._bases()
        for unit in sorted(units, key=lambda u: label_order(u, bases)):
            yield self.choice(unit)


class UnitChoiceField(forms.ModelChoiceField):
    """A unit select whose labels name the base of a branch: many bases have a "Chi hội 1".
    Listed by base name, then the base's units by name."""

    iterator = _LabelOrderIterator

    def __init__(self, queryset: QuerySet[Unit], **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Select(attrs={"class": "form-select"}))
        super().__init__(queryset, **kwargs)
        self._base_names: dict[str, tuple[str, str]] | None = None

    def _bases(self) -> dict[str, tuple[str, str]]:
        if self._base_names is None:
            units = self.queryset if self.queryset is not None else Unit.objects.none()
            self._base_names = base_names(units)
        return self._base_names

    def label_from_instance(self, obj):
        return full_label(obj, self._bases())


class PersonChoiceField(forms.ModelChoiceField):
    """A person select whose labels add the birth year (two people may share a name)."""

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} ({obj.birth_year})" if obj.birth_year else obj.full_name


class ServiceErrorsMixin:
    """Service errors name the service's arguments; put them on this form's fields.

    ``error_fields`` maps a service argument to the form field that carries it; an error on an
    argument the form has no field for is shown above the form instead of failing.
    """

    error_fields: dict[str, str] = {}

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for key, errors in error.error_dict.items():
                key = self.error_fields.get(key, key)
                target = key if key in self.fields else None  # type: ignore[attr-defined]
                if key == NON_FIELD_ERRORS:
                    target = None
                super().add_error(target, errors)  # type: ignore[misc]
            return
        super().add_error(field, error)  # type: ignore[misc]


class AdmitFieldsForm(ServiceErrorsMixin, Form):
    """The membership part of "Kết nạp / thêm người"."""

    category = forms.ChoiceField(
        label=_("Loại"), widget=forms.Select(attrs={"class": "form-select"})
    )
    member_unit = UnitChoiceField(Unit.objects.none(), label=_("Sinh hoạt tại"))
    joined_on = date_field(_("Ngày vào Hội"), initial=timezone.localdate)
    card_number = text_field(_("Số thẻ"), max_length=32, autocomplete="off")

    error_fields = {"unit": "member_unit"}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            (code, gettext(name)) for code, name in category_names().items()
        ]
        cast(UnitChoiceField, self.fields["member_unit"]).queryset = units
        self._offer_card_number(units)

    def _offer_card_number(self, units) -> None:
        """Prefill the next card number of the association's numbering (the unit chosen first,
        else the first unit offered: one province shares one sequence)."""
        if self.is_bound or self.initial.get("card_number"):
            return
        chosen = self.initial.get("member_unit")
        unit = units.filter(pk=chosen).first() if chosen else units.first()
        number = next_card_number(unit) if unit is not None else ""
        if number:
            self.initial["card_number"] = number
            self.fields["card_number"].help_text = _(
                "Số tiếp theo theo cách đánh số thẻ của Hội; có thể sửa."
            )


class TransferForm(ServiceErrorsMixin, Form):
    """Where to (a unit picked from the search, by id), from when, and a note. The view decides
    whether the move is made now or asked of another base."""

    to_unit = forms.IntegerField(
        label=_("Chuyển đến"),
        widget=forms.HiddenInput,
        error_messages={"required": _("Hãy tìm và chọn đơn vị chuyển đến.")},
    )
    on = date_field(
        _("Ngày chuyển"),
        initial=timezone.localdate,
        help_text=_("Ngày đầu tiên sinh hoạt ở đơn vị mới."),
    )
    note = text_field(_("Ghi chú"), max_length=255)

    error_fields = {"unit": "to_unit"}


class AcceptTransferForm(ServiceErrorsMixin, Form):
    to_unit = UnitChoiceField(Unit.objects.none(), label=_("Nhận vào"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["to_unit"]).queryset = units


class RefuseTransferForm(ServiceErrorsMixin, Form):
    reason = text_field(_("Lý do từ chối"), max_length=255, required=True)


class EndForm(ServiceErrorsMixin, Form):
    on = date_field(
        _("Ngày thôi"),
        initial=timezone.localdate,
        help_text=_("Ngày đầu tiên không còn sinh hoạt."),
    )
    reason = forms.ChoiceField(
        label=_("Lý do"),
        choices=[(r.value, r.label) for r in END_REASONS],
        widget=forms.RadioSelect(attrs={"class": "form-check-input me-1"}),
    )
    note = forms.CharField(
        label=_("Ghi chú / lý do cụ thể"),
        required=False,
        max_length=255,
        help_text=_("Bắt buộc khi xoá tên."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == EndReason.REMOVED and not (data.get("note") or "").strip():
            self.add_error("note", _("Xoá tên phải ghi rõ lý do."))
        return data


class ReadmitForm(ServiceErrorsMixin, Form):
    member_unit = UnitChoiceField(Unit.objects.none(), label=_("Sinh hoạt tại"))
    joined_on = date_field(_("Ngày vào lại"), initial=timezone.localdate)
    card_number = text_field(_("Số thẻ"), max_length=32, autocomplete="off")

    error_fields = {"unit": "member_unit"}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["member_unit"]).queryset = units


class CadreForm(ServiceErrorsMixin, Form):
    person = PersonChoiceField(
        queryset=None,
        label=_("Người được bầu/bổ nhiệm"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    position = forms.ChoiceField(
        label=_("Chức danh"),
        choices=CadrePosition.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    position_note = text_field(_("Chức danh cụ thể"), max_length=120)
    term = text_field(_("Nhiệm kỳ"), max_length=16, placeholder="2022–2027")
    started_on = date_field(_("Ngày bắt đầu"), initial=timezone.localdate)
    uniform_issued_on = date_field(_("Ngày cấp đồng phục"), required=False)
    badge_issued_on = date_field(_("Ngày cấp huy hiệu"), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["person"]).queryset = people


class CadreEditForm(ServiceErrorsMixin, Form):
    ended_on = date_field(_("Ngày kết thúc nhiệm kỳ"), required=False)
    uniform_issued_on = date_field(_("Ngày cấp đồng phục"), required=False)
    badge_issued_on = date_field(_("Ngày cấp huy hiệu"), required=False)


class PersonSearchForm(Form):
    q = search_field(_("Tìm người"), _("Họ tên (không cần dấu), CCCD, điện thoại, số thẻ…"))
