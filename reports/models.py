"""Summary reports (báo cáo tổng kết): one per unit and period, its drafts kept as versions with
their author, and in each version the figures its text quotes, linked to their indicators
(``FigureLink``) so that a later correction of the data shows as a difference to accept."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from org.models import Unit


class Report(models.Model):
    """The summary report of ``unit`` for a period (reports.periods: "2025", "2025-H1",
    "2025-01-01..2025-09-30")."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    period_key = models.CharField(_("kỳ"), max_length=32)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    # The number part of "Số: 12/BC-CTĐ" (blank: written by hand on the printed copy).
    number = models.CharField(_("số văn bản"), max_length=16, blank=True, default="")
    signer_title = models.CharField(_("chức vụ người ký"), max_length=64, blank=True, default="")
    signer_name = models.CharField(_("người ký"), max_length=128, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo tổng kết")
        verbose_name_plural = pgettext_lazy("số nhiều", "báo cáo tổng kết")
        ordering = ["-end", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period_key"], name="summary_report_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_key}"

    @property
    def period(self):
        from .periods import parse_period

        return parse_period(self.period_key)


class ReportVersion(models.Model):
    """A saved draft: the text of every section (``sections``: a list of {"key", "title",
    "text"}), numbered from 1, with its author."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    sections = models.JSONField(default=list)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True, default="")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản báo cáo")
        verbose_name_plural = pgettext_lazy("số nhiều", "phiên bản báo cáo")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="summary_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"

    def text_of(self, key: str) -> str:
        return next((s["text"] for s in self.sections if s["key"] == key), "")


class FigureLink(models.Model):
    """A figure quoted in a section's text: the indicator, its value then, and the words the
    text shows for it ("1.085", "hơn 3 tỷ đồng")."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="links")
    section = models.CharField(max_length=32)
    code = models.CharField(_("chỉ tiêu"), max_length=40)
    value = models.FloatField(null=True)
    shown = models.CharField(max_length=64)
    source = models.CharField(max_length=10, default="records")

    class Meta:
        verbose_name = _("số liệu trích dẫn")
        verbose_name_plural = pgettext_lazy("số nhiều", "số liệu trích dẫn")
        indexes = [models.Index(fields=["version", "section"], name="figure_link_version")]

    def __str__(self) -> str:
        return f"{self.code}={self.value}"
