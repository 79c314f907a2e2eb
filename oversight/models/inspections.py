"""Inspections: a plan (kế hoạch kiểm tra) names the units to visit, the team and the schedule;
a visit (buổi kiểm tra) records who attended, the base's figures as of the visit, a checklist,
the findings and recommendations that the inspected base follows up."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.access import UnitScopedQuerySet
from core.fields import actor_field
from org.models import Unit
from people.models import Person


class InspectionPlan(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")  # the issuer
    number = models.CharField(_("số kế hoạch"), max_length=40)
    issued_on = models.DateField(_("ngày ban hành"))
    year = models.PositiveSmallIntegerField(_("năm"))
    content = models.TextField(_("nội dung kiểm tra"))
    all_bases = models.BooleanField(_("kiểm tra tất cả Hội cơ sở"), default=False)
    schedule = models.TextField(_("lịch kiểm tra"), blank=True, default="")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=255, blank=True, default="")
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = pgettext_lazy("số nhiều", "kế hoạch kiểm tra")
        ordering = ["-year", "-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number


class PlanUnit(models.Model):
    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="oversight_plan_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}:{self.unit_id}"


class TeamMember(models.Model):
    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")  # fmt: skip
    name = models.CharField(_("họ và tên"), max_length=255)
    role = models.CharField(_("nhiệm vụ trong đoàn"), max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    """An item checked at every visit (books kept, fund balance, dues, meetings held …)."""

    code = models.SlugField(max_length=40, unique=True)
    text = models.CharField(_("nội dung"), max_length=255)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class Visit(models.Model):
    plan = models.ForeignKey(InspectionPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="visits")  # fmt: skip
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")  # inspected
    on = models.DateField(_("ngày kiểm tra"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True, default="")
    # {indicator code: value} as of the visit: filled from the figures, editable.
    figures = models.JSONField(default=dict, blank=True)
    figures_auto = models.JSONField(default=dict, blank=True)
    strengths = models.TextField(_("ưu điểm"), blank=True, default="")
    limitations = models.TextField(_("hạn chế"), blank=True, default="")
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True, default="")
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True, default="")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=255, blank=True, default="")
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("buổi kiểm tra")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["on", "unit"], name="oversight_visit_on")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.on}"


class Organisation(models.TextChoices):
    PARTY = "party", _("Cấp uỷ Đảng")
    GOVERNMENT = "government", _("Chính quyền")
    ASSOCIATION = "association", _("Hội Chữ thập đỏ")
    TEAM = "team", _("Đoàn kiểm tra")
    OTHER = "other", _("Khác")


class Attendee(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("họ và tên"), max_length=255)
    organisation = models.CharField(_("thuộc"), max_length=12, choices=Organisation.choices)
    role = models.CharField(_("chức vụ"), max_length=120, blank=True, default="")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class VisitCheck(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Đạt")
        NO = "no", _("Chưa đạt")
        NA = "na", _("Không áp dụng")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="checks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=3, choices=Answer.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "item"], name="oversight_visit_check"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.answer}"


class VisitScopedQuerySet(UnitScopedQuerySet):
    unit_path_field = "visit__unit__path"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    DONE = "done", _("Đã thực hiện")
    OVERDUE = "overdue", _("Quá hạn")  # shown, never stored: open past its due date


class Recommendation(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="recommendations")
    owner = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("kiến nghị"))
    due = models.DateField(_("hạn thực hiện"))
    status = models.CharField(max_length=8, default=RecommendationStatus.OPEN, choices=RecommendationStatus.choices[:2])  # fmt: skip
    done_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(_("minh chứng"), blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["owner", "status"], name="oversight_rec_owner")]

    def __str__(self) -> str:
        return self.text[:60]

    def state_on(self, day: datetime.date) -> str:
        if self.status == RecommendationStatus.DONE and self.done_on and self.done_on <= day:
            return RecommendationStatus.DONE
        return RecommendationStatus.OVERDUE if self.due < day else RecommendationStatus.OPEN


class FollowUp(models.Model):
    """What the inspected base reported on a recommendation, with its evidence."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="follow_ups")  # fmt: skip
    on = models.DateField(_("ngày"))
    note = models.TextField(_("kết quả thực hiện"))
    evidence = models.TextField(_("minh chứng"), blank=True, default="")
    done = models.BooleanField(default=False)
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return self.note[:60]
