"""Periodic statistical reports (báo cáo thống kê định kỳ) sent up the tree.

A :class:`ReportForm` (biểu mẫu) is data: its period type, the unit kinds that fill it, the kinds
that approve it (bottom up), its deadline, its :class:`FormItem` rows (an indicator code of the
catalogue, computed from records, or a number that exists only as reported) and its
:class:`Rule` rows (validation as data). A :class:`Report` is one unit's form for one period;
its :class:`ReportValue` rows are the numbers typed (a typed value of a catalogue item replaces
the computed one for that unit). Approval locks the period (``org.PeriodLock``); the yearly
values reach the indicators through ``indicators.ReportedValue`` (see reporting.services).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from org.models import Unit


class PeriodType(models.TextChoices):
    MONTH = "month", pgettext_lazy("kỳ báo cáo", "Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", pgettext_lazy("kỳ báo cáo", "Năm")


class ValueType(models.TextChoices):
    COUNT = "count", _("Số lượng")
    VND = "vnd", _("Số tiền (đồng)")
    PERCENT = "percent", _("Tỷ lệ (%)")


class ReportFormQuerySet(models.QuerySet):
    def for_unit(self, unit: Unit) -> "ReportFormQuerySet":
        """Forms of the whole association and those a unit above (or the unit) added."""
        paths = [unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
        return self.filter(Q(owner__isnull=True) | Q(owner__path__in=paths))


class ReportForm(models.Model):
    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên biểu mẫu"), max_length=255)
    period_type = models.CharField(_("loại kỳ"), max_length=10, choices=PeriodType.choices)
    # Unit kinds (org.UnitKind) that fill the form, and those that approve it, bottom up: a
    # report is approved by the nearest unit above of each approving kind, in order.
    levels = models.JSONField(_("cấp báo cáo"), default=list)
    approvers = models.JSONField(_("cấp duyệt"), default=list)
    deadline_days = models.PositiveSmallIntegerField(_("hạn nộp (ngày sau kỳ)"), default=15)
    owner = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("đơn vị ban hành"),
    )  # fmt: skip
    preset = models.CharField(max_length=32, blank=True, default="")
    active = models.BooleanField(_("đang dùng"), default=True)

    objects = ReportFormQuerySet.as_manager()

    class Meta:
        verbose_name = _("biểu mẫu báo cáo")
        verbose_name_plural = pgettext_lazy("số nhiều", "biểu mẫu báo cáo")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class FormItem(models.Model):
    """One line of a form. ``code`` is an indicator code of the catalogue (its value comes from
    the records and roll-ups) or, when the catalogue has none, a number only reported. ``unit``:
    an item a province added for its own subtree (null: every unit filling the form)."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(_("mã chỉ tiêu"), max_length=40)
    name = models.CharField(_("tên"), max_length=255, blank=True, default="")
    section = models.CharField(_("mục"), max_length=120, blank=True, default="")
    value_type = models.CharField(
        _("kiểu số"), max_length=10, choices=ValueType.choices, default=ValueType.COUNT
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["form", "code"], name="form_item_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.form_id}:{self.code}"


class Severity(models.TextChoices):
    ERROR = "error", _("Lỗi (chặn nộp báo cáo)")
    WARNING = "warning", _("Cảnh báo (cần ghi chú)")


class Op(models.TextChoices):
    LE = "le", "≤"
    GE = "ge", "≥"
    EQ = "eq", "="
    JUMP = "jump", _("thay đổi quá số lần so với kỳ trước")


class Rule(models.Model):
    """``left op factor × right + constant`` (right blank: the constant alone), or ``jump``:
    ``left`` changed more than ``factor`` times from the unit's previous period."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="rules")
    left = models.SlugField(max_length=40)
    op = models.CharField(max_length=8, choices=Op.choices)
    right = models.SlugField(max_length=40, blank=True, default="")
    factor = models.DecimalField(max_digits=10, decimal_places=2, default=1)
    constant = models.BigIntegerField(default=0)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    message = models.CharField(_("thông báo"), max_length=255)

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"


class Status(models.TextChoices):
    DRAFT = "draft", _("Đang nhập")
    SUBMITTED = "submitted", _("Đã nộp, chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")
    REOPENED = "reopened", _("Mở lại để sửa")


EDITABLE = (Status.DRAFT, Status.RETURNED, Status.REOPENED)


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user, perm: str = "view") -> "ReportQuerySet":
        from accounts.access import scope_q

        return self.filter(scope_q(user, "unit__path", perm=perm))


class Report(models.Model):
    """One unit's form for one period. ``step``: approvals done so far (0 until the first
    approver accepts it); ``on_behalf``: entered by a unit above for a unit that does not use
    sohoi, all items typed."""

    form = models.ForeignKey(ReportForm, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    due_on = models.DateField(_("hạn nộp"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    step = models.PositiveSmallIntegerField(default=0)
    on_behalf = models.BooleanField(_("cấp trên nhập thay"), default=False)
    comment = models.CharField(_("ý kiến"), max_length=1000, blank=True, default="")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = pgettext_lazy("số nhiều", "báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["form", "unit", "start"], name="report_unique"),
        ]
        indexes = [models.Index(fields=["form", "start", "status"], name="report_form_period")]

    def __str__(self) -> str:
        return f"{self.form} – {self.unit} – {self.start}"

    @property
    def period(self):
        from .periods import period_containing

        return period_containing(self.form.period_type, self.start)

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def late(self) -> bool:
        if self.submitted_at is None:
            return False
        return self.submitted_at.date() > self.due_on


class ReportValue(models.Model):
    """A typed number of a report: for a catalogue item it replaces the computed value of the
    report's unit; ``value`` null with a note only: a note on a computed value."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    code = models.SlugField(max_length=40)
    value = models.BigIntegerField(null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True, default="")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "code"], name="report_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.code}={self.value}"


class Action(models.TextChoices):
    SUBMIT = "submit", _("Nộp báo cáo")
    APPROVE = "approve", _("Duyệt")
    RETURN = "return", _("Trả lại")
    REOPEN = "reopen", _("Mở lại")


class ReportEvent(models.Model):
    """The report's history: who submitted, approved (at which level), returned, reopened."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    level = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    comment = models.CharField(max_length=1000, blank=True, default="")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action}"
