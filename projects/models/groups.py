"""Capital-support groups (tổ trợ vốn "Giúp nhau làm kinh tế gia đình"): members, the revolving
capital (contributions in, loans out, repayments in). The group decides any interest: a rate
field, 0 by default, that the app records but does not compute with."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.access import UnitScopedQuerySet
from core.fields import actor_field
from org.models import Unit
from people.models import Person


class CapitalGroup(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên tổ"), max_length=255)
    founded_on = models.DateField(_("ngày thành lập"))
    rate = models.DecimalField(
        _("lãi suất do tổ quyết định (%/tháng)"), max_digits=5, decimal_places=2, default=0
    )
    note = models.TextField(_("ghi chú"), blank=True, default="")
    closed_on = models.DateField(null=True, blank=True)
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổ trợ vốn")
        ordering = ["name", "id"]
        constraints = [models.CheckConstraint(condition=Q(rate__gte=0), name="projects_group_rate")]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(CapitalGroup, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    joined_on = models.DateField(_("ngày vào tổ"))
    left_on = models.DateField(_("ngày rời tổ"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"], condition=Q(left_on__isnull=True),
                name="projects_member_once",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return str(self.person)


class Contribution(models.Model):
    """Money into the group's capital: a member's share, a sponsor, the association."""

    group = models.ForeignKey(CapitalGroup, on_delete=models.PROTECT, related_name="contributions")
    member = models.ForeignKey(
        GroupMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("nguồn"), max_length=255, blank=True, default="")
    on = models.DateField(_("ngày"))
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="projects_contrib_amount")
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.amount}"


class Loan(models.Model):
    group = models.ForeignKey(CapitalGroup, on_delete=models.PROTECT, related_name="loans")
    member = models.ForeignKey(GroupMember, on_delete=models.PROTECT, related_name="loans")
    on = models.DateField(_("ngày vay"))
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    due = models.DateField(_("hạn trả"))
    rate = models.DecimalField(_("lãi suất (%/tháng)"), max_digits=5, decimal_places=2, default=0)
    purpose = models.CharField(_("mục đích"), max_length=255, blank=True, default="")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="projects_loan_amount"),
            models.CheckConstraint(condition=Q(due__gte=models.F("on")), name="projects_loan_due"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.amount}"


class Repayment(models.Model):
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="repayments")
    on = models.DateField(_("ngày trả"))
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="projects_repay_amount")
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.amount}"
