"""Humanitarian medical check-ups and charity kitchens: dated events with their partners,
services, counts (optionally by sex and age band), value by source, and the people served when
a list is kept."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.access import UnitScopedQuerySet
from aid.models import Beneficiary
from core.fields import actor_field
from org.models import Unit
from people.models import Person


class EventKind(models.TextChoices):
    CHECKUP = "checkup", _("Khám bệnh, cấp thuốc nhân đạo")
    KITCHEN = "kitchen", _("Bếp ăn tình thương")


SERVICES = [
    ("checkup", _("Khám bệnh")),
    ("medicine", _("Cấp thuốc")),
    ("gifts", _("Tặng quà")),
    ("meals", _("Suất ăn")),
    ("other", _("Dịch vụ khác")),
]


class ValueSource(models.TextChoices):
    FUND = "fund", _("Quỹ nhân đạo")
    SPONSOR = "sponsor", _("Nhà tài trợ")
    PARTNER = "partner", _("Đối tác")
    GOVERNMENT = "government", _("Nhà nước, chính quyền")
    OTHER = "other", _("Nguồn khác")


class Event(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại"), max_length=8, choices=EventKind.choices)
    on = models.DateField(_("ngày"))
    place = models.CharField(_("địa điểm"), max_length=255)
    partners = models.CharField(_("đối tác (doanh nghiệp, bệnh viện…)"), max_length=500, blank=True, default="")  # fmt: skip
    services = models.JSONField(_("dịch vụ"), default=list)
    count = models.PositiveIntegerField(_("lượt khám / suất ăn"))
    male = models.PositiveIntegerField(_("nam"), null=True, blank=True)
    female = models.PositiveIntegerField(_("nữ"), null=True, blank=True)
    children = models.PositiveIntegerField(_("dưới 16 tuổi"), null=True, blank=True)
    adults = models.PositiveIntegerField(_("16–59 tuổi"), null=True, blank=True)
    elderly = models.PositiveIntegerField(_("60 tuổi trở lên"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True, default="")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True, default="")
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động khám bệnh, bếp ăn")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["unit", "on"], name="projects_event_unit_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"

    @property
    def value(self) -> int:
        return sum(v.amount for v in self.values.all())


class EventValue(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="values")
    source = models.CharField(_("nguồn"), max_length=10, choices=ValueSource.choices)
    name = models.CharField(_("tên nguồn"), max_length=255, blank=True, default="")
    amount = models.BigIntegerField(_("giá trị (đồng)"))

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="projects_eventvalue_amount")
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount}"


class EventServed(models.Model):
    """A person served, from the beneficiaries or typed on the spot (name, birth year, sex)."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="served")
    beneficiary = models.ForeignKey(
        Beneficiary, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")  # fmt: skip
    full_name = models.CharField(_("họ tên"), max_length=255)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=1, blank=True, default="")

    def __str__(self) -> str:
        return self.full_name
