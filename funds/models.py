"""A unit's funds: the humanitarian fund and the dues fund, each a ledger of entries; donors,
pledges, per-unit settings.

Every unit has its funds as rows of :class:`Fund` (created on demand): the humanitarian fund
(quỹ nhân đạo), which the association keeps apart, and the dues fund (quỹ hội phí), where the
dues a unit collects come in (one entry per receipt), its shares stay and its remittances to the
level above go out. A dues entry is never booked into the humanitarian fund.

Entries are never edited or deleted: a mistake is corrected by a reversing entry (same amount,
opposite direction, ``reverses`` pointing at the original). A unit's manager may close the books
through a date (``FundSettings.closed_through``); nothing dated on or before it can be recorded
any more, so the balance as of a closed date never changes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Direction(models.TextChoices):
    # "Thu" alone is Django's "Thursday": a context keeps it "income".
    IN = "in", pgettext_lazy("money", "Thu")
    OUT = "out", pgettext_lazy("money", "Chi")


class FundKind(models.TextChoices):
    HUMANITARIAN = "humanitarian", _("Quỹ nhân đạo")
    DUES = "dues", _("Quỹ hội phí")


class Category(models.TextChoices):
    DONATION = "donation", _("Ủng hộ, tài trợ")
    DUES = "dues", _("Thu hội phí")
    DUES_SHARE = "dues_share", _("Trích hội phí")
    FUNDRAISING = "fundraising", _("Sự kiện gây quỹ")
    RELIEF = "relief", _("Cứu trợ, trợ giúp")
    TRANSFER = "transfer", _("Chuyển quỹ giữa các cấp")
    OTHER = "other", _("Khác")


# Categories that move dues money: only in a dues fund.
DUES_CATEGORIES = frozenset({Category.DUES, Category.DUES_SHARE})
# Categories a person may pick when writing an entry by hand, per fund (dues receipts are
# written by the dues pages, transfers by the transfer page).
MANUAL_CATEGORIES = {
    FundKind.HUMANITARIAN: [Category.DONATION, Category.FUNDRAISING, Category.RELIEF,
                            Category.OTHER],
    FundKind.DUES: [Category.OTHER],
}  # fmt: skip


class DonorKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức")


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Doanh nghiệp")
    AGENCY = "agency", _("Cơ quan, đơn vị")
    PARTY_CELL = "party_cell", _("Chi bộ Đảng")
    OTHER = "other", _("Tổ chức khác")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    ONE_OFF = "one_off", _("Một lần")


class Donor(models.Model):
    """A person (reusing ``people.Person``) or an organisation that gives to a unit's fund."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="fund_donors"
    )
    kind = models.CharField(_("loại nhà hảo tâm"), max_length=16, choices=DonorKind.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_donors",
    )
    name = models.CharField(_("tên tổ chức"), max_length=255, blank=True, default="")
    organisation_kind = models.CharField(
        _("loại tổ chức"), max_length=16, choices=OrganisationKind.choices, blank=True, default=""
    )
    contact = models.CharField(_("liên hệ"), max_length=255, blank=True, default="")
    note = models.TextField(_("ghi chú"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("nhà hảo tâm")
        verbose_name_plural = pgettext_lazy("số nhiều", "nhà hảo tâm")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="person", person__isnull=False, organisation_kind="")
                    | (
                        Q(kind="organisation", person__isnull=True)
                        & ~Q(name="")
                        & ~Q(organisation_kind="")
                    )
                ),
                name="donor_kind_fields",
            ),  # fmt: skip
            models.UniqueConstraint(
                fields=["unit", "person"],
                condition=Q(person__isnull=False),
                name="donor_one_person_per_unit",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == DonorKind.PERSON and self.person is not None:
            return self.person.full_name
        return self.name

    @property
    def is_person(self) -> bool:
        return self.kind == DonorKind.PERSON


class Pledge(models.Model):
    """What a donor promised: an amount per month (from ``start`` to ``end``) or once."""

    donor = models.ForeignKey(
        Donor, verbose_name=_("nhà hảo tâm"), on_delete=models.PROTECT, related_name="pledges"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="fund_pledges"
    )
    amount = models.BigIntegerField(_("số tiền"))
    frequency = models.CharField(_("định kỳ"), max_length=8, choices=Frequency.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    campaign = models.CharField(
        _("chương trình, đợt vận động"), max_length=120, blank=True, default=""
    )
    note = models.TextField(_("ghi chú"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("cam kết ủng hộ")
        verbose_name_plural = pgettext_lazy("số nhiều", "cam kết ủng hộ")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pledge_amount_positive"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="pledge_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.donor} · {self.amount}"


class Fund(models.Model):
    """One fund of one unit (a row per unit and kind, created the first time it is written)."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="funds"
    )
    kind = models.CharField(_("quỹ"), max_length=16, choices=FundKind.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("quỹ")
        verbose_name_plural = pgettext_lazy("số nhiều", "quỹ")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="fund_unit_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit}"


class Entry(models.Model):
    """One line of a unit's fund ledger. Immutable once written; corrected by reversal."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="fund_entries"
    )
    # Always one of ``unit``'s funds (the services keep the two together).
    fund = models.ForeignKey(
        Fund, verbose_name=_("quỹ"), on_delete=models.PROTECT, related_name="entries"
    )
    on = models.DateField(_("ngày"))
    amount = models.BigIntegerField(_("số tiền"))
    direction = models.CharField(_("thu/chi"), max_length=3, choices=Direction.choices)
    category = models.CharField(_("loại"), max_length=16, choices=Category.choices)
    counterparty_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị đối ứng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    donor = models.ForeignKey(
        Donor,
        verbose_name=_("nhà hảo tâm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    pledge = models.ForeignKey(
        Pledge,
        verbose_name=_("cam kết ủng hộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    campaign = models.CharField(
        _("chương trình, đợt vận động"), max_length=120, blank=True, default=""
    )
    document_number = models.CharField(_("số chứng từ"), max_length=64, blank=True, default="")
    attachment = models.FileField(_("tệp đính kèm"), upload_to="funds/%Y/", blank=True)
    note = models.TextField(_("diễn giải"), blank=True, default="")
    # The dues year when the entry moves dues money (set by the dues app).
    dues_year = models.PositiveSmallIntegerField(_("năm hội phí"), null=True, blank=True)
    # The receipt a dues entry books (and its reversal, when the receipt is cancelled).
    dues_payment = models.ForeignKey(
        "dues.DuesPayment",
        verbose_name=_("biên lai hội phí"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_entries",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("bút toán bị đảo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    # Both sides of a transfer between units share it.
    transfer_id = models.UUIDField(null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi lúc"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("bút toán quỹ")
        verbose_name_plural = pgettext_lazy("số nhiều", "sổ quỹ")
        ordering = ["on", "id"]
        indexes = [
            models.Index(fields=["unit", "on"], name="fund_entry_unit_on"),
            models.Index(fields=["fund", "on"], name="fund_entry_fund_on"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_entry_amount_positive"),
            models.CheckConstraint(
                condition=Q(direction__in=["in", "out"]), name="fund_entry_direction"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.direction} {self.amount}"

    @property
    def signed_amount(self) -> int:
        return self.amount if self.direction == Direction.IN else -self.amount


class FundSettings(models.Model):
    """Per-unit switches: the books closed through a date, the public transparency page."""

    unit = models.OneToOneField(
        "org.Unit", on_delete=models.PROTECT, related_name="fund_settings", primary_key=True
    )
    closed_through = models.DateField(_("đã khóa sổ đến ngày"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    public = models.BooleanField(_("công khai trang minh bạch quỹ"), default=False)

    class Meta:
        verbose_name = _("thiết lập quỹ")
        verbose_name_plural = pgettext_lazy("số nhiều", "thiết lập quỹ")

    def __str__(self) -> str:
        return str(self.unit)
