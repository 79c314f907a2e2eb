"""Commendations (khen thưởng): a proposal and its decision for a collective (a unit) or an
individual (a person); an amount paid from the unit's fund is booked through funds' services and
reversed when the commendation is withdrawn."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.access import UnitScopedQuerySet
from core.fields import actor_field
from funds.models import Entry
from org.models import Unit
from people.models import Person


class CommendationField(models.TextChoices):
    YEAR = "year", _("Công tác Hội năm")
    BLOOD = "blood", _("Hiến máu tình nguyện")
    HUMANITARIAN = "humanitarian", _("Hoạt động nhân đạo")
    DISASTER = "disaster", _("Phòng ngừa, ứng phó thảm hoạ")
    MOVEMENT = "movement", _("Phong trào thi đua")
    OTHER = "other", _("Khác")


class CommendationLevel(models.TextChoices):
    BASE = "base", _("Cơ sở")
    DISTRICT = "district", _("Huyện")
    PROVINCE = "province", _("Tỉnh")
    CENTRAL = "central", _("Trung ương")
    STATE = "state", _("Nhà nước")


class CommendationForm(models.TextChoices):
    CERTIFICATE = "certificate", _("Giấy khen")
    MERIT = "merit", _("Bằng khen")
    BADGE = "badge", _("Kỷ niệm chương")
    MEDAL = "medal", _("Huân chương")
    FLAG = "flag", _("Cờ thi đua")
    OTHER = "other", _("Hình thức khác")


class Commendation(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề nghị")
        DECIDED = "decided", _("Đã có quyết định")
        WITHDRAWN = "withdrawn", _("Đã rút")

    # The unit the record belongs to: the collective itself, or the individual's unit.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")  # fmt: skip
    year = models.PositiveSmallIntegerField(_("năm"))
    field = models.CharField(_("lĩnh vực"), max_length=14, choices=CommendationField.choices)
    level = models.CharField(_("cấp khen"), max_length=10, choices=CommendationLevel.choices)
    form = models.CharField(_("hình thức"), max_length=12, choices=CommendationForm.choices)
    achievement = models.TextField(_("thành tích"), blank=True, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_on = models.DateField(_("ngày đề nghị"))
    decision_number = models.CharField(_("số quyết định"), max_length=40, blank=True, default="")
    decision_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan quyết định"), max_length=255, blank=True, default="")
    amount = models.BigIntegerField(_("tiền thưởng (đồng)"), default=0)
    paid_by = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")  # fmt: skip
    fund_entry = models.ForeignKey(Entry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")  # fmt: skip
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdraw_reason = models.CharField(max_length=255, blank=True, default="")
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = pgettext_lazy("số nhiều", "khen thưởng")
        ordering = ["-year", "-decision_on", "-id"]
        indexes = [models.Index(fields=["year", "unit"], name="oversight_award_year")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="oversight_award_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.year}"

    @property
    def collective(self) -> bool:
        return self.person_id is None
