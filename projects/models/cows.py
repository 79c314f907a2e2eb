"""The cow bank (ngân hàng bò): the rule (data, per province; the association's default when a
province has none), the animals, the placements (a household keeps a cow under the rule until it
passes on the calf it owes), and the waiting list of households.

The chain: every animal keeps the founding cow it descends from (``root``) and its parent in the
chain (``parent``: its mother, or the male calf sold to buy it), so one founding cow's tree is one
indexed query."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.access import UnitScopedQuerySet
from aid.models import Beneficiary
from core.fields import actor_field
from org.models import Unit


class CowRule(models.Model):
    """A cow bank rule: which calf a household passes on (the first or the second), at what age
    (months), whether a male calf is sold to buy a heifer. ``unit`` empty: the association's
    default; a province's rule wins for its units. A new rule replaces the current one
    (``retired_on``), placements keep the terms they started under."""

    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("tỉnh"),
    )  # fmt: skip
    calf_number = models.PositiveSmallIntegerField(
        _("bê thứ mấy được chuyển"), choices=[(1, _("Bê đầu")), (2, _("Bê thứ hai"))], default=1
    )
    min_age_months = models.PositiveSmallIntegerField(
        _("chuyển khi bê được (tháng tuổi)"), default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )  # fmt: skip
    max_age_months = models.PositiveSmallIntegerField(
        _("chậm nhất khi bê được (tháng tuổi)"), default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )  # fmt: skip
    sell_male = models.BooleanField(_("bê đực thì bán để mua bê cái"), default=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True, default="")
    since = models.DateField(_("áp dụng từ"))
    retired_on = models.DateField(null=True, blank=True)
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quy định ngân hàng bò")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(retired_on__isnull=True, unit__isnull=False),
                name="projects_cowrule_one_current",
            ),
            models.CheckConstraint(
                condition=Q(min_age_months__lte=models.F("max_age_months")),
                name="projects_cowrule_ages",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.unit or '—'}: {self.calf_number} {self.min_age_months}–{self.max_age_months}"


class AnimalStatus(models.TextChoices):
    BANK = "bank", _("Của ngân hàng bò")  # with a household under the rule, or a calf owed
    OWNED = "owned", _("Đã thuộc về hộ")
    SOLD = "sold", _("Đã bán")
    DEAD = "dead", _("Đã chết")


class EndKind(models.TextChoices):
    DEATH = "death", _("Chết")
    SALE = "sale", _("Bán")
    HEIFER = "heifer", _("Bán để mua bê cái")


class Sex(models.TextChoices):
    FEMALE = "F", pgettext_lazy("con vật", "Cái")
    MALE = "M", pgettext_lazy("con vật", "Đực")


class Animal(models.Model):
    """A cow or a calf of the bank. A founding cow is bought or donated (``acquired_on``,
    ``value``, ``donor``); a calf is born (``mother``); a heifer bought with a male calf's price
    has that calf as its ``parent``."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    tag = models.CharField(_("số thẻ tai"), max_length=40, blank=True, default="")
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices)
    breed = models.CharField(_("giống"), max_length=80, blank=True, default="")
    born_on = models.DateField(_("ngày sinh"), null=True, blank=True)
    acquired_on = models.DateField(_("ngày mua / nhận"), null=True, blank=True)
    value = models.BigIntegerField(_("giá trị (đồng)"), default=0)
    donor = models.CharField(_("nhà tài trợ"), max_length=255, blank=True, default="")
    mother = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="calves"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        _("trạng thái"), max_length=6, choices=AnimalStatus.choices, default=AnimalStatus.BANK
    )
    holder = models.ForeignKey(
        Beneficiary, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("hộ đang nuôi"),
    )  # fmt: skip
    owed_by = models.ForeignKey(
        "Placement", null=True, blank=True, on_delete=models.PROTECT, related_name="owed",
        help_text="The placement whose obligation this calf is (it is passed on for it).",
    )  # fmt: skip
    birth_order = models.PositiveSmallIntegerField(null=True, blank=True)
    ended_on = models.DateField(_("ngày chết / bán"), null=True, blank=True)
    end_kind = models.CharField(max_length=6, choices=EndKind.choices, blank=True, default="")
    end_reason = models.CharField(_("lý do"), max_length=255, blank=True, default="")
    end_value = models.BigIntegerField(_("số tiền bán"), default=0)
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("con bò")
        verbose_name_plural = pgettext_lazy("số nhiều", "bò")
        indexes = [
            models.Index(fields=["root", "depth"], name="projects_animal_root"),
            models.Index(fields=["unit", "status"], name="projects_animal_unit"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0, end_value__gte=0), name="projects_animal_value"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.tag or f"#{self.pk}"

    @property
    def is_alive(self) -> bool:
        return self.status in (AnimalStatus.BANK, AnimalStatus.OWNED)


class PlacementKind(models.TextChoices):
    GIVEN = "given", _("Trao bò giống")
    PASSED = "passed", _("Nhận bê chuyển giao")


class Placement(models.Model):
    """A household keeping an animal of the bank under the rule's terms (copied at the start):
    it owes the ``calf_number``-th calf at ``min_age``–``max_age`` months; once it has passed it
    on (``met_on``) the animal is the household's."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    animal = models.ForeignKey(Animal, on_delete=models.PROTECT, related_name="placements")
    household = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="+", verbose_name=_("hộ nhận")
    )
    kind = models.CharField(max_length=6, choices=PlacementKind.choices)
    start = models.DateField(_("ngày nhận"))
    from_placement = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rule = models.ForeignKey(CowRule, on_delete=models.PROTECT, related_name="+")
    calf_number = models.PositiveSmallIntegerField()
    min_age_months = models.PositiveSmallIntegerField()
    max_age_months = models.PositiveSmallIntegerField()
    sell_male = models.BooleanField()
    met_on = models.DateField(_("hoàn thành nghĩa vụ ngày"), null=True, blank=True)
    ended_on = models.DateField(_("kết thúc ngày"), null=True, blank=True)
    end_reason = models.CharField(max_length=255, blank=True, default="")
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["household", "start"], name="projects_placement_hh")]
        constraints = [
            models.UniqueConstraint(
                fields=["animal"], condition=Q(met_on__isnull=True, ended_on__isnull=True),
                name="projects_placement_one_open",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.animal_id} → {self.household_id}"

    @property
    def is_open(self) -> bool:
        return self.met_on is None and self.ended_on is None


class WaitingEntry(models.Model):
    """A household waiting for a calf; the oldest open entry of the bank's unit (or below it)
    is the next to receive one."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="+")
    since = models.DateField(_("đăng ký ngày"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True, default="")
    placement = models.OneToOneField(
        Placement, null=True, blank=True, on_delete=models.PROTECT, related_name="waiting"
    )
    cancelled_on = models.DateField(null=True, blank=True)
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["since", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=Q(placement__isnull=True, cancelled_on__isnull=True),
                name="projects_waiting_one_open",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.household_id} {self.since}"
