import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import search_field
from core.inputs import Form

from .models import ALLOWED_CHILDREN, AdminArea, AssociationProfile, BaseType, Unit, UnitKind


class UnitSearchForm(Form):
    q = search_field(_("Tìm đơn vị"), _("Tìm theo tên, không cần dấu…"))
    ceased = forms.BooleanField(label=_("Hiện cả đơn vị đã ngừng hoạt động"), required=False)


class AsOfForm(Form):
    """The unit navigator's date: the tree as it stood that day (blank: today)."""

    on = forms.DateField(
        label=_("Xem cây đơn vị ngày"),
        required=False,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control", "min": "1945-01-01"},
            format="%Y-%m-%d",
        ),
    )

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on is not None and not (datetime.date(1945, 1, 1) <= on <= timezone.localdate()):
            raise forms.ValidationError(_("Chọn một ngày từ năm 1945 đến hôm nay."))
        return on

    def chosen(self) -> "datetime.date | None":
        return self.cleaned_data["on"] if self.is_valid() else None


class AuditFilterForm(Form):
    action = forms.CharField(
        label=_("Hành động bắt đầu bằng"),
        required=False,
        max_length=64,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": "accounts.role", "list": "audit-actions"}
        ),
    )
    page = forms.IntegerField(required=False, min_value=1)


class UnitCreateForm(Form):
    name = forms.CharField(
        label=_("Tên đơn vị"),
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Cấp"), widget=forms.Select(attrs={"class": "form-select"}))
    base_type = forms.ChoiceField(
        label=_("Loại hội cơ sở"),
        required=False,
        choices=[("", "—"), *BaseType.choices],
        help_text=_("Chỉ dùng cho Hội cơ sở."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    admin_code = forms.CharField(
        label=_("Mã đơn vị hành chính"),
        required=False,
        max_length=10,
        help_text=_("Mã xã/phường/đặc khu của Hội cơ sở, nếu có."),
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    valid_from = forms.DateField(
        label=_("Hiệu lực từ"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, parent: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(UnitKind.choices)
        kinds = [k for k in UnitKind.values if k in ALLOWED_CHILDREN[parent.kind]]
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [(k, labels[k]) for k in kinds]

    def clean_admin_code(self):
        code = self.cleaned_data["admin_code"].strip()
        if code and not AdminArea.objects.filter(code=code).exists():
            raise forms.ValidationError(
                _("Không có đơn vị hành chính mã %(code)s.") % {"code": code}
            )
        return code


def _lines(value: str) -> list[tuple[str, str]]:
    """ "code: Tên" lines -> [(code, name)]; blank lines are skipped."""
    pairs = []
    for number, line in enumerate(value.splitlines(), start=1):
        if not line.strip():
            continue
        key, sep, text = line.partition(":")
        if not sep:
            raise forms.ValidationError(
                _("Dòng %(n)d thiếu dấu hai chấm (dạng “mã: tên”).") % {"n": number}
            )
        pairs.append((key.strip(), text.strip()))
    return pairs


class ProfileForm(Form):
    name = forms.CharField(
        label=_("Tên Hội"), max_length=255, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    short_name = forms.CharField(
        label=_("Tên viết tắt"),
        max_length=32,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    member_categories = forms.CharField(
        label=_("Loại hội viên"),
        help_text=_("Mỗi dòng một loại, dạng “mã: tên”, ví dụ “volunteer: Tình nguyện viên”."),
        widget=forms.Textarea(attrs={"class": "form-control font-monospace", "rows": 6}),
    )
    terminology = forms.CharField(
        label=_("Thuật ngữ"),
        required=False,
        help_text=_("Mỗi dòng một mục, dạng “khoá: cách gọi”."),
        widget=forms.Textarea(attrs={"class": "form-control font-monospace", "rows": 8}),
    )
    volunteer_min_age = forms.IntegerField(
        label=_("Tuổi tối thiểu của tình nguyện viên"),
        required=False,
        min_value=6,
        max_value=30,
        help_text=_("Theo Điều lệ Hội; Hội Chữ thập đỏ: từ đủ 18 tuổi."),
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )

    @classmethod
    def initial_for(cls, profile: AssociationProfile) -> dict:
        return {
            "name": profile.name,
            "short_name": profile.short_name,
            "member_categories": "\n".join(
                f"{c['code']}: {c['name']}" for c in profile.member_categories
            ),
            "terminology": "\n".join(f"{k}: {v}" for k, v in profile.terminology.items()),
            "volunteer_min_age": profile.volunteer_min_age,
        }

    def clean_member_categories(self):
        return [{"code": k, "name": v} for k, v in _lines(self.cleaned_data["member_categories"])]

    def clean_terminology(self):
        return dict(_lines(self.cleaned_data["terminology"]))
