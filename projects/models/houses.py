"""Red Cross houses (nhà Chữ thập đỏ): a household's house built or repaired with support from
several sources; tranches paid from the humanitarian fund keep their fund entry."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.access import UnitScopedQuerySet
from aid.models import Beneficiary
from core.fields import actor_field
from org.models import Unit


class HouseKind(models.TextChoices):
    NEW = "new", _("Xây mới")
    REPAIR = "repair", _("Sửa chữa")


class HouseStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")
    APPROVED = "approved", _("Đã duyệt")
    BUILDING = "building", _("Đang xây dựng")
    HANDED_OVER = "handed", _("Đã bàn giao")
    CANCELLED = "cancelled", _("Đã huỷ")


NEXT_HOUSE_STATUS = {
    HouseStatus.PROPOSED: HouseStatus.APPROVED,
    HouseStatus.APPROVED: HouseStatus.BUILDING,
    HouseStatus.BUILDING: HouseStatus.HANDED_OVER,
}


class SupportSource(models.TextChoices):
    FUND = "fund", _("Quỹ nhân đạo")
    SPONSOR = "sponsor", _("Nhà tài trợ")
    PARTNER = "partner", _("Đối tác")
    HOUSEHOLD = "household", _("Gia đình tự có")
    GOVERNMENT = "government", _("Nhà nước, chính quyền")


class House(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="+", verbose_name=_("hộ gia đình")
    )
    commune_code = models.CharField(_("mã xã/phường"), max_length=10, blank=True, default="")
    location = models.CharField(_("địa điểm"), max_length=255)
    kind = models.CharField(_("loại"), max_length=6, choices=HouseKind.choices)
    estimated_cost = models.BigIntegerField(_("dự toán (đồng)"), default=0)
    status = models.CharField(
        _("trạng thái"), max_length=9, choices=HouseStatus.choices, default=HouseStatus.PROPOSED
    )
    proposed_on = models.DateField(_("ngày đề xuất"))
    status_on = models.DateField(_("ngày của trạng thái"))
    started_on = models.DateField(_("ngày khởi công"), null=True, blank=True)
    handed_over_on = models.DateField(_("ngày bàn giao"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True, default="")
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhà Chữ thập đỏ")
        verbose_name_plural = pgettext_lazy("số nhiều", "nhà Chữ thập đỏ")
        ordering = ["-proposed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(estimated_cost__gte=0), name="projects_house_cost"),
        ]

    def __str__(self) -> str:
        return str(self.household)


class HouseStep(models.Model):
    house = models.ForeignKey(House, on_delete=models.PROTECT, related_name="steps")
    status = models.CharField(max_length=9, choices=HouseStatus.choices)
    on = models.DateField(_("ngày"))
    reason = models.TextField(_("ghi chú"), blank=True, default="")
    by = actor_field()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.status} {self.on}"


class HouseSupport(models.Model):
    """One source's share of a house's support (what the fund pays is paid by tranches)."""

    house = models.ForeignKey(House, on_delete=models.PROTECT, related_name="supports")
    source = models.CharField(_("nguồn"), max_length=10, choices=SupportSource.choices)
    name = models.CharField(_("tên nhà tài trợ, đối tác"), max_length=255, blank=True, default="")
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="projects_support_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount}"


class TrancheKind(models.TextChoices):
    START = "start", _("Đợt khởi công")
    COMPLETION = "completion", _("Đợt hoàn thành")
    OTHER = "other", _("Đợt khác")


class Tranche(models.Model):
    """A payment to the household from the unit's humanitarian fund; cancelling reverses it."""

    house = models.ForeignKey(House, on_delete=models.PROTECT, related_name="tranches")
    kind = models.CharField(_("đợt"), max_length=10, choices=TrancheKind.choices)
    on = models.DateField(_("ngày chi"))
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    fund_entry = models.OneToOneField("funds.Entry", on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = actor_field()
    cancel_reason = models.TextField(blank=True, default="")
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="projects_tranche_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class HouseFile(models.Model):
    """A photo or document of a house (as aid keeps its case files); removed, never deleted."""

    house = models.ForeignKey(House, on_delete=models.PROTECT, related_name="files")
    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="projects/%Y/")
    uploaded_by = actor_field()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title
