"""Forms of the register pages: the list's filters, the bulk actions, the as-of date."""

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import search_field
from core.inputs import Form
from core.vn import FDRS_AGE_BANDS
from org.models import Unit, UnitKind
from org.ordering import tree_sorted
from people.models import Sex

from .models import EndReason
from .selectors import STATUS_ACTIVE, STATUS_ALL, STATUS_LEFT, RegisterFilter, category_names
from .services import MEMBER_UNIT_KINDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
SELECT = {"class": "form-select"}
STATUS_CHOICES = [
    (STATUS_ACTIVE, _("Đang sinh hoạt")),
    (STATUS_LEFT, _("Đã thôi")),
    (STATUS_ALL, _("Tất cả")),
]
SORT_CHOICES = [
    ("name", _("Tên (A → Z)")),
    ("-name", _("Tên (Z → A)")),
    ("joined", _("Ngày vào (cũ trước)")),
    ("-joined", _("Ngày vào (mới trước)")),
    ("card", _("Số thẻ")),
]
AGE_BAND_CHOICES = [
    ("", _("Mọi độ tuổi")),
    *[(code, code) for code, _lo, _hi in FDRS_AGE_BANDS],
    ("unknown", _("Chưa rõ năm sinh")),
]
BRANCH_KINDS = [UnitKind.BRANCH, UnitKind.GROUP, UnitKind.TEAM, UnitKind.CLUB]
# Units offered as a transfer destination; more than this and the list stops (by tree order).
TO_UNIT_LIMIT = 1000
INVALID_CHOICE = {"invalid_choice": _("Giá trị “%(value)s” không hợp lệ.")}
INVALID_DATE = {"invalid": _("Ngày không hợp lệ (ngày/tháng/năm).")}


def branch_queryset(unit: Unit):
    """Units a register can be narrowed to: a base's branches, teams, clubs and groups (at any
    depth below it); a province's bases. Nothing above a province (the list would be national)."""
    below = Unit.objects.subtree_of(unit).current().filter(depth__gt=unit.depth)
    if unit.kind == UnitKind.CENTRAL:
        return below.none()
    if unit.kind == UnitKind.PROVINCE:
        return below.filter(depth=unit.depth + 1, kind__in=MEMBER_UNIT_KINDS)
    return below.filter(kind__in=BRANCH_KINDS)


def transfer_targets(user):
    """Units ``user`` may move people into: current member-keeping units in the edit scope."""
    return (
        Unit.objects.visible_to(user, "edit")
        .current()
        .filter(kind__in=MEMBER_UNIT_KINDS)
        .order_by("path")
    )


def transfer_target_choices(user) -> list[tuple[int, str]]:
    """The first TO_UNIT_LIMIT targets, indented by depth, for the select."""
    shown = tree_sorted(
        transfer_targets(user).only("pk", "name", "depth", "path", "sort_key")[:TO_UNIT_LIMIT]
    )
    top = min((u.depth for u in shown), default=1)
    return [(u.pk, "— " * (u.depth - top) + u.name) for u in shown]


class UnitChoiceField(forms.ModelChoiceField):
    """A unit select whose labels show the tree (indented by depth)."""

    def __init__(self, *args, base_depth: int = 1, **kwargs):
        self.base_depth = base_depth
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return "— " * max(obj.depth - self.base_depth, 0) + obj.name


class RegisterFilterForm(Form):
    """Filters of the register list (a GET form). Invalid values are reported, never fatal."""

    q = search_field(
        _("Tìm"),
        _("Họ tên (không cần dấu), CCCD, điện thoại, số thẻ…"),
        error_messages={"max_length": _("Chuỗi tìm kiếm dài quá %(limit_value)d ký tự.")},
    )
    on = forms.DateField(
        label=_("Tính đến ngày"), required=False, widget=DATE_WIDGET, error_messages=INVALID_DATE
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=STATUS_CHOICES,
        widget=forms.Select(attrs=SELECT),
        error_messages=INVALID_CHOICE,
    )
    category = forms.ChoiceField(
        label=_("Loại"),
        required=False,
        widget=forms.Select(attrs=SELECT),
        error_messages=INVALID_CHOICE,
    )
    sex = forms.ChoiceField(
        label=_("Giới tính"),
        required=False,
        choices=[("", _("Nam và nữ")), *Sex.choices],
        widget=forms.Select(attrs=SELECT),
        error_messages=INVALID_CHOICE,
    )
    age_band = forms.ChoiceField(
        label=_("Độ tuổi"),
        required=False,
        choices=AGE_BAND_CHOICES,
        widget=forms.Select(attrs=SELECT),
        error_messages=INVALID_CHOICE,
    )
    joined_year = forms.IntegerField(
        label=_("Năm vào"),
        required=False,
        min_value=1900,
        max_value=2200,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        error_messages={
            "invalid": _("Năm vào phải là một số."),
            "min_value": _("Năm vào phải từ %(limit_value)s."),
            "max_value": _("Năm vào phải đến %(limit_value)s."),
        },
    )
    branch = UnitChoiceField(
        label=_("Chi hội / đơn vị"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("Toàn bộ"),
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("Đơn vị đã chọn không thuộc đơn vị này.")},
    )
    sort = forms.ChoiceField(
        label=_("Sắp xếp"),
        required=False,
        choices=SORT_CHOICES,
        widget=forms.Select(attrs=SELECT),
        error_messages=INVALID_CHOICE,
    )

    def __init__(
        self,
        data,
        *,
        unit: Unit,
        categories: dict[str, str] | None = None,
        with_choices: bool = True,
    ):
        """``with_choices=False``: the form only filters (the rows an htmx request swaps in), so
        the branch select's options are not loaded; a chosen branch is still validated."""
        super().__init__(data)
        self.unit = unit
        if categories is None:
            categories = {c: gettext(n) for c, n in category_names().items()}
        category = cast(forms.ChoiceField, self.fields["category"])
        category.choices = [("", gettext("Mọi loại")), *categories.items()]
        branch = cast(UnitChoiceField, self.fields["branch"])
        branch.queryset = branch_queryset(unit)
        branch.base_depth = unit.depth + 1
        if with_choices:
            # A plain list of three columns: iterating the queryset would open a server-side
            # cursor on PostgreSQL on every page view (measured: +75 ms per register page).
            rows = tree_sorted(
                branch.queryset.order_by("path").values_list(
                    "pk", "name", "depth", "path", "sort_key"
                ),
                path=lambda r: r[3],
                sort_key=lambda r: r[4],
            )
            branch.widget.choices = [
                ("", branch.empty_label or ""),
                *(
                    (pk, "— " * max(depth - branch.base_depth, 0) + name)
                    for pk, name, depth, _path, _key in rows
                ),
            ]
        else:
            branch.widget.choices = []

    def to_filter(self) -> RegisterFilter:
        """The filter from the valid fields (an invalid one falls back to its default)."""
        self.is_valid()
        c = getattr(self, "cleaned_data", {})
        return RegisterFilter(
            on=c.get("on") or timezone.localdate(),
            status=c.get("status") or STATUS_ACTIVE,
            category=c.get("category") or "",
            sex=c.get("sex") or "",
            age_band=c.get("age_band") or "",
            joined_year=c.get("joined_year"),
            branch=c.get("branch"),
            q=c.get("q") or "",
            sort=c.get("sort") or "name",
        )


class AsOfForm(Form):
    """The as-of date of the statistics and cadre pages."""

    on = forms.DateField(
        label=_("Tính đến ngày"), required=False, widget=DATE_WIDGET, error_messages=INVALID_DATE
    )

    def on_date(self):
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("on") or timezone.localdate()


ACTION_TRANSFER, ACTION_END = "transfer", "end"
END_REASONS = [
    (r.value, r.label) for r in EndReason if r not in (EndReason.TRANSFERRED, EndReason.REORGANISED)
]


class BulkForm(Form):
    """Transfer or end the selected rows of the register (the ids are checked by the view)."""

    action = forms.ChoiceField(
        label=_("Thao tác"),
        choices=[(ACTION_TRANSFER, _("Chuyển sinh hoạt")), (ACTION_END, _("Cho thôi sinh hoạt"))],
        widget=forms.Select(attrs={**SELECT, "data-bulk-action": ""}),
        error_messages={"required": _("Hãy chọn thao tác."), **INVALID_CHOICE},
    )
    to_unit = UnitChoiceField(
        label=_("Chuyển đến đơn vị"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label="—",
        widget=forms.Select(attrs={**SELECT, "data-bulk-for": ACTION_TRANSFER}),
        error_messages={"invalid_choice": _("Không thể chuyển đến đơn vị đã chọn.")},
    )
    on = forms.DateField(
        label=_("Từ ngày"),
        initial=timezone.localdate,
        widget=DATE_WIDGET,
        error_messages={"required": _("Hãy nhập ngày."), **INVALID_DATE},
    )
    reason = forms.ChoiceField(
        label=_("Lý do thôi"),
        required=False,
        choices=[("", "—"), *END_REASONS],
        widget=forms.Select(attrs={**SELECT, "data-bulk-for": ACTION_END}),
        error_messages=INVALID_CHOICE,
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control", "data-bulk-for": ACTION_END}),
    )

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        field = cast(UnitChoiceField, self.fields["to_unit"])
        field.queryset = transfer_targets(user)  # validation accepts any unit in the edit scope
        # The page renders only the chosen unit; the list itself is fetched when the transfer
        # fields are first shown (members:transfer_targets), so a register page never pays for
        # a thousand options it may not need.
        chosen = self["to_unit"].value()
        picked = list(field.queryset.filter(pk=chosen)) if str(chosen or "").isdigit() else []
        field.widget.choices = [("", "—"), *((u.pk, u.name) for u in picked)]

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == ACTION_TRANSFER and not data.get("to_unit"):
            self.add_error("to_unit", _("Hãy chọn đơn vị chuyển đến."))
        if action == ACTION_END and not data.get("reason"):
            self.add_error("reason", _("Hãy chọn lý do thôi."))
        return data
