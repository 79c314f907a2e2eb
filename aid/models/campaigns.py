"""Campaigns with their participating units and parcel types, and the per-unit recipient lists
where one person gets one parcel per campaign anywhere in the association."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.access import UnitScopedQuerySet
from core.fields import actor_field
from org.models import Unit
from people.models import Person


class CampaignKind(models.TextChoices):
    TET = "tet", _("Tết Nhân ái")
    MONTH = "month", _("Tháng Nhân đạo")
    DISASTER = "disaster", _("Cứu trợ thiên tai")
    OTHER = "other", _("Đợt khác")


class Campaign(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên đợt"), max_length=255)
    kind = models.CharField(_("loại"), max_length=10, choices=CampaignKind.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    target_gifts = models.PositiveIntegerField(_("chỉ tiêu suất quà"), default=0)
    target_value = models.BigIntegerField(_("chỉ tiêu giá trị"), default=0)
    target_addresses = models.PositiveIntegerField(_("chỉ tiêu địa chỉ nhân đạo"), default=0)
    partners = models.TextField(_("đối tác"), blank=True, default="")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt vận động")
        verbose_name_plural = pgettext_lazy("số nhiều", "đợt vận động")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="aid_campaign"),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignUnit(models.Model):
    """A unit taking part in a campaign, with its targets."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    target_gifts = models.PositiveIntegerField(_("chỉ tiêu suất quà"), default=0)
    target_value = models.BigIntegerField(_("chỉ tiêu giá trị"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="aid_campaign_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} · {self.unit_id}"


class ParcelType(models.Model):
    """A kind of gift parcel of a campaign and its value, split cash / goods."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="parcel_types")
    name = models.CharField(_("loại quà"), max_length=120)
    cash = models.BigIntegerField(_("tiền mặt"), default=0)
    goods = models.BigIntegerField(_("hiện vật"), default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cash__gte=0, goods__gte=0) & (Q(cash__gt=0) | Q(goods__gt=0)),
                name="aid_parcel_value",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def value(self) -> int:
        return self.cash + self.goods


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Đang lập")
    APPROVED = "approved", _("Đã duyệt")
    WITHDRAWN = "withdrawn", _("Đã rút")


class RecipientList(models.Model):
    """A unit's list of recipients for a campaign. Approved with money from the fund: one fund
    entry for the list's cash (not one per line), reversed when the list is withdrawn."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="lists")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("tên danh sách"), max_length=255)
    status = models.CharField(max_length=10, choices=ListStatus.choices, default=ListStatus.DRAFT)
    from_fund = models.BooleanField(_("chi tiền mặt từ quỹ nhân đạo"), default=False)
    approved_on = models.DateField(null=True, blank=True)
    approved_by = actor_field()
    fund_entry = models.OneToOneField(
        "funds.Entry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = actor_field()
    withdraw_reason = models.TextField(blank=True, default="")
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("danh sách nhận quà")
        verbose_name_plural = pgettext_lazy("số nhiều", "danh sách nhận quà")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class Delivery(models.TextChoices):
    PENDING = "pending", _("Chưa phát")
    DELIVERED = "delivered", _("Đã nhận")
    ABSENT = "absent", _("Vắng mặt")
    REFUSED = "refused", _("Từ chối nhận")


class Recipient(models.Model):
    """One line of a recipient list: one parcel for one person. A person holds at most one open
    line per campaign, anywhere in the association: the database enforces it (two units adding
    the same person at the same moment: the second insert fails)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    list = models.ForeignKey(RecipientList, on_delete=models.PROTECT, related_name="lines")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    parcel_type = models.ForeignKey(ParcelType, on_delete=models.PROTECT, related_name="+")
    # As written on the signed list (the person's record may change later).
    full_name = models.CharField(_("họ và tên"), max_length=120)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True, default="")
    sort_key = models.CharField(max_length=600, default="")
    cash = models.BigIntegerField(default=0)
    goods = models.BigIntegerField(default=0)
    delivery = models.CharField(
        _("phát quà"), max_length=10, choices=Delivery.choices, default=Delivery.PENDING
    )
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivered_by = actor_field()
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = actor_field()
    remove_reason = models.CharField(max_length=255, blank=True, default="")
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("người nhận quà")
        verbose_name_plural = pgettext_lazy("số nhiều", "người nhận quà")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"], condition=Q(removed_at__isnull=True),
                name="aid_one_parcel_per_campaign",
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["list", "sort_key"], name="aid_recipient_list")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def value(self) -> int:
        return self.cash + self.goods
