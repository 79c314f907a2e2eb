"""Dues: the yearly policy (amount, who pays, exemption cap, split between levels), the receipts
collected, the exemptions decided by a base, and the receipt counters.

A member's dues status (paid / exempt / unpaid) is never stored: it is read from the receipts and
exemptions as of a date (see :mod:`dues.selectors`). Nothing here is deleted: a receipt is
cancelled with a reason and an actor, an exemption is revoked the same way.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Membership
from org.models import Unit
from people.models import Person

# The Red Cross defaults (Điều lệ Hội Chữ thập đỏ Việt Nam: 12.000 đ a member a year).
DEFAULT_AMOUNT = 12_000
DEFAULT_CATEGORIES = ["member"]
DEFAULT_EXEMPTION_CAP_PCT = 10
DEFAULT_SHARES = (50, 30, 20)  # branch, base, level above


class ReceivingLevel(models.TextChoices):
    PROVINCE = "province", _("Tỉnh/Thành Hội")
    PARENT = "parent", _("Cấp trên trực tiếp của Hội cơ sở")


class DuesPolicy(models.Model):
    """The dues rules for one year, set at a province (or the central level) and inherited by
    every unit below it: the nearest ancestor's policy for the year wins."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="dues_policies"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    amount = models.BigIntegerField(_("mức hội phí mỗi hội viên mỗi năm"), default=DEFAULT_AMOUNT)
    categories = models.JSONField(_("loại hội viên phải đóng"), default=list)
    exemption_cap_pct = models.PositiveSmallIntegerField(
        _("tỷ lệ miễn tối đa (%)"), default=DEFAULT_EXEMPTION_CAP_PCT
    )
    share_branch = models.PositiveSmallIntegerField(_("chi hội giữ lại (%)"), default=50)
    share_base = models.PositiveSmallIntegerField(_("Hội cơ sở giữ lại (%)"), default=30)
    share_above = models.PositiveSmallIntegerField(_("nộp cấp trên (%)"), default=20)
    receiving_level = models.CharField(
        _("cấp nhận phần nộp lên"),
        max_length=16,
        choices=ReceivingLevel.choices,
        default=ReceivingLevel.PROVINCE,
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True, default="")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quy định hội phí")
        verbose_name_plural = pgettext_lazy("số nhiều", "quy định hội phí")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="dues_policy_unit_year"),
            models.CheckConstraint(
                condition=Q(share_branch__lte=100, share_base__lte=100, share_above__lte=100)
                & Q(
                    share_branch=100 - models.F("share_base") - models.F("share_above"),
                ),
                name="dues_policy_shares_100",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="dues_policy_amount"),
            models.CheckConstraint(
                condition=Q(exemption_cap_pct__lte=100), name="dues_policy_cap_pct"
            ),
        ]

    def __str__(self) -> str:
        where = self.unit.name if self.unit_id else _("mặc định")
        return f"{self.year} · {where}"

    @property
    def shares(self) -> dict[str, int]:
        return {"branch": self.share_branch, "base": self.share_base, "above": self.share_above}


class LiveQuerySet(models.QuerySet):
    def visible_to(self, user, perm: str = "view"):
        from accounts.access import scope_q

        return self.filter(scope_q(user, "unit_path", perm=perm))


class PaymentQuerySet(LiveQuerySet):
    def live(self):
        """Receipts that count: a cancelled receipt never does (it was void from the start)."""
        return self.filter(cancelled_at__isnull=True)


class DuesPayment(models.Model):
    """One receipt: a member's dues for a year, collected by a unit (usually the branch)."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("hội viên"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="dues_payments")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị thu"), on_delete=models.PROTECT, related_name="+"
    )
    # The collecting unit's path (a subtree's receipts are one prefix range), kept like
    # Membership.unit_path, and the base whose receipt book numbers the receipt.
    unit_path = models.CharField(max_length=255, editable=False, default="")
    base = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    amount = models.BigIntegerField(_("số tiền"))
    paid_on = models.DateField(_("ngày nộp"))
    receipt_no = models.PositiveIntegerField(_("số biên lai"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(_("huỷ lúc"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(_("lý do huỷ"), max_length=255, blank=True, default="")

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("biên lai hội phí")
        verbose_name_plural = pgettext_lazy("số nhiều", "biên lai hội phí")
        indexes = [
            models.Index(fields=["unit_path", "year"], name="dues_payment_path_year"),
            # Covers the "paid as of D" probe of the rates (an index-only scan per member).
            models.Index(
                fields=["person", "year", "paid_on"],
                condition=Q(cancelled_at__isnull=True),
                name="dues_payment_person_live",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["base", "year", "receipt_no"], name="dues_receipt_number_unique"
            ),
            # One receipt that counts per person and year; a cancelled one may be re-issued.
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(cancelled_at__isnull=True),
                name="dues_payment_one_live_per_year",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="dues_payment_amount"),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                name="dues_payment_cancel_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_label} · {self.person_id}"

    @property
    def receipt_label(self) -> str:
        """ "2026-00042": the year and the number in the base's book."""
        return f"{self.year}-{self.receipt_no:05d}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class ExemptionQuerySet(LiveQuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True)


class DuesExemption(models.Model):
    """A base's decision to exempt a member from a year's dues (hardship, age, illness…)."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("hội viên"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="dues_exemptions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False, default="")
    base = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    decision_ref = models.CharField(_("số quyết định"), max_length=64)
    decided_on = models.DateField(_("ngày quyết định"))
    reason = models.CharField(_("lý do"), max_length=255, blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.CharField(_("lý do thu hồi"), max_length=255, blank=True, default="")

    objects = ExemptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("miễn hội phí")
        verbose_name_plural = pgettext_lazy("số nhiều", "miễn hội phí")
        indexes = [
            models.Index(fields=["unit_path", "year"], name="dues_exemption_path_year"),
            models.Index(fields=["base", "year"], name="dues_exemption_base_year"),
            models.Index(
                fields=["person", "year", "decided_on"],
                condition=Q(revoked_at__isnull=True),
                name="dues_exemption_person_live",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(revoked_at__isnull=True),
                name="dues_exemption_one_live_per_year",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""),
                name="dues_exemption_revoke_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.person_id} · {self.decision_ref}"


class ReceiptCounter(models.Model):
    """The last receipt number a base used in a year. Locked (SELECT … FOR UPDATE) by every
    collection, so two people ticking at once never get the same number; the unique constraint
    on DuesPayment is the last guard."""

    base = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["base", "year"], name="dues_counter_base_year")
        ]

    def __str__(self) -> str:
        return f"{self.base_id}/{self.year}: {self.last}"
