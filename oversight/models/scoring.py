"""Emulation scoring (thi đua): a score sheet per year and type of base, a tree of criteria with
their maximum points and how each is scored, classification thresholds as data, and each base's
assessment (self-assessment → review by the level above → final) with every changed score kept."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.access import UnitScopedQuerySet
from core.fields import actor_field
from org.models import BaseType, Unit


class ScoreSheet(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")  # the issuer
    year = models.PositiveSmallIntegerField(_("năm"))
    base_type = models.CharField(_("loại hình cơ sở"), max_length=16, choices=BaseType.choices, blank=True, default="")  # fmt: skip
    name = models.CharField(_("tên bảng điểm"), max_length=255)
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bảng điểm thi đua")
        verbose_name_plural = pgettext_lazy("số nhiều", "bảng điểm thi đua")
        ordering = ["-year", "base_type", "id"]

    def __str__(self) -> str:
        return self.name


class Method(models.TextChoices):
    MANUAL = "manual", _("Chấm tay, có minh chứng")
    INDICATOR = "indicator", _("Tự động từ chỉ tiêu")
    REPORTED = "reported", _("Từ số liệu báo cáo")


class Criterion(models.Model):
    """A criterion. A heading (with children) has no method of its own; its maximum is the sum of
    its children's. ``rule`` for the automatic ones: {"thresholds": [[at_least, points], ...]}
    (the highest threshold reached gives its points) or {"linear": [low, high]} (0 at low, the
    maximum at high, proportional between)."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")  # fmt: skip
    number = models.CharField(_("số thứ tự"), max_length=12, blank=True, default="")
    text = models.CharField(_("tiêu chí"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=1)
    method = models.CharField(_("cách chấm"), max_length=10, choices=Method.choices, default=Method.MANUAL)  # fmt: skip
    indicator = models.CharField(_("chỉ tiêu"), max_length=60, blank=True, default="")
    rule = models.JSONField(default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.text}".strip()


class Classification(models.Model):
    """A class reached from ``min_points`` (xuất sắc ≥ 95, vững mạnh ≥ 80 …)."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="classes")
    code = models.SlugField(max_length=20)
    name = models.CharField(_("xếp loại"), max_length=60)
    min_points = models.DecimalField(_("từ điểm"), max_digits=6, decimal_places=1)
    strong = models.BooleanField(_("tính là vững mạnh"), default=False)

    class Meta:
        ordering = ["-min_points"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "code"], name="oversight_class_code"),
        ]

    def __str__(self) -> str:
        return self.name


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Đang tự chấm")
    SUBMITTED = "submitted", _("Đã gửi cấp trên")
    REVIEWED = "reviewed", _("Cấp trên đã thẩm định")
    FINAL = "final", _("Đã công nhận")


class Assessment(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="assessments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)  # fmt: skip
    total = models.DecimalField(max_digits=7, decimal_places=1, default=Decimal(0))
    classification = models.CharField(max_length=20, blank=True, default="")
    strong = models.BooleanField(default=False)
    scored_at = models.DateTimeField(null=True, blank=True)  # the automatic criteria
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = actor_field()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = actor_field()
    final_at = models.DateTimeField(null=True, blank=True)
    final_by = actor_field()
    # The level above sent it back to be scored again (the latest time, by whom, why).
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = actor_field()
    return_reason = models.TextField(blank=True, default="")

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-total", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "unit"], name="oversight_assessment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet_id}:{self.unit_id}"


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    points = models.DecimalField(max_digits=6, decimal_places=1, default=Decimal(0))
    self_points = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    value = models.FloatField(null=True, blank=True)  # the indicator's value, automatic ones
    evidence = models.TextField(_("minh chứng"), blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="oversight_score_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"


class ScoreChange(models.Model):
    """A score changed at review (or after): the old and new points and why."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="changes")
    stage = models.CharField(max_length=10, choices=AssessmentStatus.choices)
    old = models.DecimalField(max_digits=6, decimal_places=1)
    new = models.DecimalField(max_digits=6, decimal_places=1)
    comment = models.TextField(_("nhận xét"))
    by = actor_field()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"
