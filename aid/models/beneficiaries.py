"""Beneficiaries with their hardship categories, humanitarian addresses (lifecycle, reviews,
case files, sponsors) and assistance records; the scoped queryset the campaign models share."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.access import UnitScopedQuerySet
from core.fields import actor_field
from org.models import Unit
from people.models import Person

# The association's own categories (migration 0002 writes them; a province adds others).
DEFAULT_CATEGORIES = [
    ("poor", _("Hộ nghèo")),
    ("near_poor", _("Hộ cận nghèo")),
    ("lonely_elderly", _("Người cao tuổi cô đơn")),
    ("disabled", _("Người khuyết tật")),
    ("orphan", _("Trẻ mồ côi")),
    ("seriously_ill", _("Người mắc bệnh hiểm nghèo")),
    ("agent_orange", _("Nạn nhân chất độc da cam")),
    ("policy_family", _("Gia đình chính sách")),
    ("war_invalid", _("Thương binh, bệnh binh")),
    ("disaster_victim", _("Nạn nhân thiên tai")),
    ("poor_student", _("Học sinh, sinh viên nghèo")),
]


class HardshipCategory(models.Model):
    """A hardship category (hộ nghèo, người cao tuổi cô đơn…): the association's list (``unit``
    empty) and the ones a province adds for its own units."""

    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("tên"), max_length=120)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("tỉnh bổ sung"),
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(default=100)
    retired = models.BooleanField(_("ngừng dùng"), default=False)

    class Meta:
        verbose_name = _("diện khó khăn")
        verbose_name_plural = pgettext_lazy("số nhiều", "diện khó khăn")
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["code"], name="aid_category_code")]

    def __str__(self) -> str:
        return self.name


class Relation(models.TextChoices):
    HEAD = "head", _("Chủ hộ")
    SPOUSE = "spouse", _("Vợ/chồng")
    CHILD = "child", _("Con")
    PARENT = "parent", _("Bố/mẹ")
    GRANDCHILD = "grandchild", _("Cháu")
    SIBLING = "sibling", _("Anh/chị/em")
    OTHER = "other", _("Quan hệ khác")


class BeneficiaryQuerySet(UnitScopedQuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)


class Beneficiary(models.Model):
    """A person in a base's list of people in hardship; a household member points at its head."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="beneficiaries")
    head = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="household",
        verbose_name=_("chủ hộ"),
    )  # fmt: skip
    relation = models.CharField(
        _("quan hệ với chủ hộ"), max_length=12, choices=Relation.choices, default=Relation.HEAD
    )
    categories = models.ManyToManyField(HardshipCategory, blank=True, related_name="+")
    health = models.TextField(_("tình trạng sức khoẻ"), blank=True, default="")
    income = models.TextField(_("thu nhập, hoàn cảnh"), blank=True, default="")
    since = models.DateField(_("đưa vào danh sách ngày"))
    ended_on = models.DateField(_("ra khỏi danh sách ngày"), null=True, blank=True)
    end_reason = models.CharField(_("lý do"), max_length=255, blank=True, default="")
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("đối tượng trợ giúp")
        verbose_name_plural = pgettext_lazy("số nhiều", "đối tượng trợ giúp")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True),
                name="aid_beneficiary_one_open",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.person.full_name


class AddressStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")
    SURVEYED = "surveyed", _("Đã khảo sát")
    APPROVED = "approved", _("Đã duyệt")
    SUPPORTED = "supported", _("Đang được hỗ trợ")
    CLOSED = "closed", _("Đã đóng")


# The step each status may go to (closing is possible from every open status).
NEXT_STATUS = {
    AddressStatus.PROPOSED: AddressStatus.SURVEYED,
    AddressStatus.SURVEYED: AddressStatus.APPROVED,
    AddressStatus.APPROVED: AddressStatus.SUPPORTED,
}


class CloseReason(models.TextChoices):
    GRADUATED = "graduated", _("Đã thoát khó khăn")
    MOVED = "moved", _("Chuyển đi nơi khác")
    DECEASED = "deceased", _("Đã mất")
    INELIGIBLE = "ineligible", _("Không còn đủ điều kiện")


class Address(models.Model):
    """A humanitarian address: a beneficiary (a household's head) the association adopts."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="addresses",
        verbose_name=_("đối tượng"),
    )  # fmt: skip
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=AddressStatus.choices,
        default=AddressStatus.PROPOSED,
    )  # fmt: skip
    proposed_on = models.DateField(_("ngày đề xuất"))
    status_on = models.DateField(_("ngày của trạng thái"))
    close_reason = models.CharField(
        _("lý do đóng"), max_length=12, choices=CloseReason.choices, blank=True, default=""
    )
    survey = models.TextField(_("phiếu khảo sát"), blank=True, default="")
    review_due = models.DateField(_("hạn rà soát"), null=True, blank=True)
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("địa chỉ nhân đạo")
        verbose_name_plural = pgettext_lazy("số nhiều", "địa chỉ nhân đạo")
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary"], condition=~Q(status="closed"),
                name="aid_address_one_open",
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["status", "review_due"], name="aid_address_due")]

    def __str__(self) -> str:
        return str(self.beneficiary)

    @property
    def is_open(self) -> bool:
        return self.status != AddressStatus.CLOSED


class AddressStep(models.Model):
    """One step of an address's lifecycle: the status it reached, on which day, by whom, why."""

    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="steps")
    status = models.CharField(max_length=10, choices=AddressStatus.choices)
    on = models.DateField(_("ngày"))
    reason = models.TextField(_("lý do, ghi chú"), blank=True, default="")
    by = actor_field()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["status", "on"], name="aid_step_status_on")]

    def __str__(self) -> str:
        return f"{self.address_id} {self.status} {self.on}"


class ReviewOutcome(models.TextChoices):
    ELIGIBLE = "eligible", _("Vẫn đủ điều kiện")
    CHANGE = "change", _("Thay đổi diện")
    CLOSE = "close", _("Đưa ra khỏi danh sách")


class AddressReview(models.Model):
    """A yearly review (rà soát) of an address: its due date, when it was done, the outcome."""

    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="reviews")
    due = models.DateField(_("hạn rà soát"))
    reviewed_on = models.DateField(_("ngày rà soát"))
    outcome = models.CharField(_("kết quả"), max_length=10, choices=ReviewOutcome.choices)
    note = models.TextField(_("ghi chú"), blank=True, default="")
    by = actor_field()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        indexes = [models.Index(fields=["due"], name="aid_review_due")]

    def __str__(self) -> str:
        return f"{self.address_id} {self.reviewed_on}"


class AddressFile(models.Model):
    """A case-file attachment (survey photo, decision…); removed, never deleted."""

    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="files")
    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="aid/%Y/")
    uploaded_by = actor_field()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class Sponsorship(models.Model):
    """A donor (the fund's) adopting an address: money per month (a fund pledge) and/or in kind."""

    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="sponsorships")
    donor = models.ForeignKey("funds.Donor", on_delete=models.PROTECT, related_name="+")
    pledge = models.ForeignKey(
        "funds.Pledge", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    monthly = models.BigIntegerField(_("số tiền mỗi tháng"), default=0)
    in_kind = models.CharField(_("hiện vật"), max_length=255, blank=True, default="")
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    ended_on = models.DateField(_("đã dừng ngày"), null=True, blank=True)
    created_by = actor_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(monthly__gte=0), name="aid_sponsor_monthly"),
        ]

    def __str__(self) -> str:
        return f"{self.donor_id} → {self.address_id}"


class Source(models.TextChoices):
    FUND = "fund", _("Quỹ nhân đạo")
    SPONSOR = "sponsor", _("Nhà tài trợ")
    CAMPAIGN = "campaign", _("Đợt vận động")
    PARTNER = "partner", _("Đối tác")
    OTHER = "other", _("Nguồn khác")


class Assistance(models.Model):
    """What one person (or household) received: cash and goods apart, from which source, given
    by which unit. Paid from the fund: its fund entry is written with it and reversed with it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    beneficiary = models.ForeignKey(
        Beneficiary, null=True, blank=True, on_delete=models.PROTECT, related_name="assistance"
    )
    on = models.DateField(_("ngày"))
    cash = models.BigIntegerField(_("tiền mặt"), default=0)
    goods = models.BigIntegerField(_("hiện vật (quy ra tiền)"), default=0)
    description = models.CharField(_("nội dung"), max_length=255)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)
    sponsorship = models.ForeignKey(
        Sponsorship, null=True, blank=True, on_delete=models.PROTECT, related_name="gifts"
    )
    campaign = models.ForeignKey(
        "Campaign", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    partner = models.CharField(_("đối tác"), max_length=255, blank=True, default="")
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
        verbose_name = _("lần trợ giúp")
        verbose_name_plural = pgettext_lazy("số nhiều", "trợ giúp")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["unit", "on"], name="aid_assistance_unit_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(cash__gte=0, goods__gte=0) & (Q(cash__gt=0) | Q(goods__gt=0)),
                name="aid_assistance_value",
            ),
        ]

    def __str__(self) -> str:
        return self.description
