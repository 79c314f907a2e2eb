"""Forms of the summary report pages (bounded inputs from core.inputs)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.inputs import Form

from .services import MAX_TEXT


class VersionForm(Form):
    """The sections' texts (one field per section key, made by the page) and the header."""

    note = forms.CharField(label=_("Ghi chú phiên bản"), max_length=255, required=False)
    number = forms.CharField(label=_("Số văn bản"), max_length=16, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=64, required=False)
    signer_name = forms.CharField(label=_("Người ký"), max_length=128, required=False)

    def __init__(self, *args, sections: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for s in sections:
            self.fields[f"text_{s['key']}"] = forms.CharField(
                label=s["title"],
                max_length=MAX_TEXT,
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    def texts(self) -> dict[str, str]:
        return {
            name.removeprefix("text_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("text_")
        }


class TableForm(Form):
    codes = forms.CharField(max_length=4000, required=False)
    bases = forms.BooleanField(required=False)
