from django import forms
from django.utils.translation import gettext_lazy as _


class UnitSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm đơn vị"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "type": "search",
                "placeholder": _("Tìm theo tên, không cần dấu…"),
                "autocomplete": "off",
            }
        ),
    )
    ceased = forms.BooleanField(label=_("Hiện cả đơn vị đã ngừng hoạt động"), required=False)


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Hành động bắt đầu bằng"),
        required=False,
        max_length=64,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": "accounts.role", "list": "audit-actions"}
        ),
    )
    page = forms.IntegerField(required=False, min_value=1)
