from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inputs import Form
from members.forms import ServiceErrorsMixin, date_field, text_field

from .models import ClubType


class ClubForm(ServiceErrorsMixin, Form):
    name = text_field(_("Tên câu lạc bộ, tổ, nhóm"), max_length=255, required=True)
    type = forms.ChoiceField(
        label=_("Loại"),
        choices=ClubType.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    founded_on = date_field(_("Ngày thành lập"), initial=timezone.localdate)
    note = text_field(_("Ghi chú"), max_length=255)


class AddMemberForm(ServiceErrorsMixin, Form):
    person = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": _("Hãy tìm và chọn người tham gia.")},
    )
    joined_on = date_field(_("Ngày tham gia"), initial=timezone.localdate)


class LeaveForm(ServiceErrorsMixin, Form):
    on = date_field(_("Ngày rời"), initial=timezone.localdate)
