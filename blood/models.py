"""Voluntary blood donation (hiến máu tình nguyện): drives a unit organises with a blood centre,
the people who register and what happened to each (donated, deferred on site, absent), the
donors' profile (blood group, on call for the living blood bank, the donations before sohoi), the
eligibility rules as data with their effective dates, the milestones and the honours reached.

The association mobilises; the blood centre takes the blood. A donor is a ``people.Person``; a
donation is a registration whose outcome is "donated". The donor row keeps denormalised
"last donation" and "next eligible" dates so that the roster ("who can give O+ today in this
province") is one index range, whatever the number of donations.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from org.models import Unit
from people.models import Person


class Campaign(models.TextChoices):
    RED_SUNDAY = "red_sunday", _("Chủ nhật Đỏ")
    PINK_SPRING = "pink_spring", _("Lễ hội Xuân hồng")
    RED_JOURNEY = "red_journey", _("Hành trình Đỏ")
    AD_HOC = "ad_hoc", _("Đợt hiến máu thường xuyên, đột xuất")


class Abo(models.TextChoices):
    O = "O", "O"  # noqa: E741 - the blood group's name
    A = "A", "A"
    B = "B", "B"
    AB = "AB", "AB"


class Rh(models.TextChoices):
    POS = "+", _("Rh dương (+)")
    NEG = "-", _("Rh âm (−)")


class GroupSource(models.TextChoices):
    ENTERED = "entered", _("Do người hiến khai")
    CENTRE = "centre", _("Theo kết quả của cơ sở tiếp nhận máu")


class Kind(models.TextChoices):
    WHOLE = "whole", _("Máu toàn phần")
    PLASMA = "plasma", _("Gạn tách huyết tương")
    PLATELETS = "platelets", _("Gạn tách tiểu cầu")


VOLUMES = (250, 350, 450)
VOLUME_CHOICES = [(v, f"{v} ml") for v in VOLUMES]


class Outcome(models.TextChoices):
    PENDING = "pending", _("Chưa ghi kết quả")
    DONATED = "donated", _("Đã hiến")
    DEFERRED = "deferred", _("Tạm hoãn tại chỗ")
    ABSENT = "absent", _("Vắng mặt")


class DeferralCategory(models.TextChoices):
    HAEMOGLOBIN = "haemoglobin", _("Huyết sắc tố thấp")
    PRESSURE = "pressure", _("Huyết áp, mạch không đạt")
    WEIGHT = "weight", _("Cân nặng không đạt")
    ILLNESS = "illness", _("Đang ốm, dùng thuốc, mới tiêm chủng")
    RISK = "risk", _("Hành vi nguy cơ")
    INFECTION = "infection", _("Bệnh lây qua đường máu")
    PREGNANCY = "pregnancy", _("Có thai, cho con bú")
    CHRONIC = "chronic", _("Bệnh mạn tính")
    OTHER = "other", pgettext_lazy("deferral", "Lý do khác")


# The health questions asked at registration (answers: True = "có"). Sensitive health data.
HEALTH_QUESTIONS: list[tuple[str, object]] = [
    ("ill_now", _("Hiện có đang bị ốm, sốt, cảm cúm không?")),
    ("medication", _("Trong 7 ngày qua có dùng thuốc kháng sinh, kháng viêm, aspirin không?")),
    ("vaccine", _("Trong 4 tuần qua có tiêm vắc-xin không?")),
    ("surgery", _("Trong 6 tháng qua có phẫu thuật, xăm hình, xỏ khuyên, châm cứu không?")),
    ("pregnant", _("Hiện có thai hoặc nuôi con dưới 12 tháng tuổi không?")),
    ("chronic", _("Có mắc bệnh tim mạch, huyết áp, tiểu đường, gan, thận mạn tính không?")),
    ("risk", _("Trong 12 tháng qua có hành vi nguy cơ lây nhiễm HIV, viêm gan không?")),
]
HEALTH_KEYS = [k for k, _label in HEALTH_QUESTIONS]


class EligibilityRule(models.Model):
    """The rules of who may give, as data: the national rule (unit empty) or a province's, in
    force from ``effective_from``. On a date, the rule in force is the one with the latest
    ``effective_from`` on or before it among the national rules and those of the units above the
    donor's; on the same day, the more specific unit wins."""

    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Để trống: quy định chung toàn quốc."),
    )  # fmt: skip
    effective_from = models.DateField(_("có hiệu lực từ"))
    min_age = models.PositiveSmallIntegerField(_("tuổi tối thiểu"), default=18)
    max_age = models.PositiveSmallIntegerField(_("tuổi tối đa"), default=60)
    min_weight_female = models.DecimalField(
        _("cân nặng tối thiểu của nữ (kg)"), max_digits=4, decimal_places=1, default=Decimal(42)
    )
    min_weight_male = models.DecimalField(
        _("cân nặng tối thiểu của nam (kg)"), max_digits=4, decimal_places=1, default=Decimal(45)
    )
    # [[kg, ml], ...]: from this weight, this volume of whole blood at most.
    volume_steps = models.JSONField(_("lượng máu theo cân nặng"), default=list)
    whole_blood_days = models.PositiveSmallIntegerField(
        _("số ngày tối thiểu sau lần hiến máu toàn phần"), default=84
    )
    apheresis_days = models.PositiveSmallIntegerField(
        _("số ngày tối thiểu sau lần hiến gạn tách"), default=14
    )
    source = models.CharField(_("căn cứ"), max_length=255, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tiêu chuẩn hiến máu")
        verbose_name_plural = _("tiêu chuẩn hiến máu")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "effective_from"], name="blood_rule_one_per_unit_day"
            ),
            models.UniqueConstraint(
                fields=["effective_from"],
                condition=Q(unit__isnull=True),
                name="blood_rule_one_national_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit or '—'} {self.effective_from}"


class Drive(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="blood_drives")
    date = models.DateField(_("ngày"))
    site = models.CharField(_("địa điểm"), max_length=255)
    centre = models.CharField(_("cơ sở tiếp nhận máu"), max_length=255)
    campaign = models.CharField(_("chương trình"), max_length=16, choices=Campaign.choices)
    target_units = models.PositiveIntegerField(_("chỉ tiêu (đơn vị máu)"), default=0)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True, default="")
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancel_reason = models.CharField(max_length=255, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt hiến máu")
        verbose_name_plural = _("đợt hiến máu")
        indexes = [models.Index(fields=["unit", "date"], name="blood_drive_unit_date")]

    def __str__(self) -> str:
        return f"{self.site} {self.date}"


class Donor(models.Model):
    """What the blood programme keeps about a person: the group, the living blood bank, the
    donations before sohoi, and the dates the roster searches (kept by the services)."""

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, primary_key=True, related_name="blood_donor"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False)
    abo = models.CharField(_("nhóm máu ABO"), max_length=2, choices=Abo.choices, blank=True)
    rh = models.CharField(_("Rh"), max_length=1, choices=Rh.choices, blank=True)
    group_source = models.CharField(
        max_length=8, choices=GroupSource.choices, blank=True, default=""
    )
    weight_kg = models.DecimalField(
        _("cân nặng (kg)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    on_call = models.BooleanField(
        _("sẵn sàng hiến máu khi cần (ngân hàng máu sống)"), default=False
    )
    opening_count = models.PositiveSmallIntegerField(
        _("số lần hiến trước khi dùng sohoi"), default=0
    )
    opening_source = models.CharField(_("nguồn số lần hiến trước"), max_length=255, blank=True)
    opening_last_on = models.DateField(_("lần hiến trước gần nhất"), null=True, blank=True)
    # Kept by the services from the registrations:
    recorded_count = models.PositiveIntegerField(default=0, editable=False)
    last_donation_on = models.DateField(null=True, blank=True, editable=False)
    last_kind = models.CharField(max_length=10, choices=Kind.choices, blank=True, editable=False)
    deferred_until = models.DateField(null=True, blank=True, editable=False)
    permanently_deferred = models.BooleanField(default=False, editable=False)
    # The first day the donor may give and the first day they no longer may (the 61st
    # birthday), under the rule in force when last computed; None: never / not known.
    next_eligible_on = models.DateField(null=True, blank=True, editable=False)
    eligible_until = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("người hiến máu")
        verbose_name_plural = _("người hiến máu")
        indexes = [
            # The roster: a group on call in a subtree, the longest rested first.
            # (varchar_pattern_ops: ``unit_path LIKE 'p%'`` is then an index range under any
            # collation; SQLite ignores the operator classes.)
            # The roster reads the donors' ids from this index alone (INCLUDE: what it filters
            # and sorts on), then fetches the 200 it shows.
            models.Index(
                fields=["abo", "rh", "unit_path", "next_eligible_on"],
                name="blood_donor_roster",
                condition=Q(on_call=True),
                opclasses=["varchar_pattern_ops"] * 3 + ["date_ops"],
                include=["eligible_until", "last_donation_on", "person"],
            ),
            models.Index(
                fields=["unit_path"], name="blood_donor_path", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return str(self.person_id)

    @property
    def total_count(self) -> int:
        return self.opening_count + self.recorded_count

    @property
    def group(self) -> str:
        return f"{self.abo}{self.rh}" if self.abo else ""


class Registration(models.Model):
    """A person registered at a drive and what happened: a donation (volume, kind), a deferral
    on site (category; until a date or permanent) or absence."""

    drive = models.ForeignKey(Drive, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    # Denormalised from the drive: the donor's history and the figures read them without a join.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    slot = models.TimeField(_("giờ hẹn"), null=True, blank=True)
    weight_kg = models.DecimalField(
        _("cân nặng (kg)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    health = models.JSONField(_("trả lời câu hỏi sức khoẻ"), default=dict, blank=True)
    override_reason = models.CharField(max_length=255, blank=True, default="")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    volume_ml = models.PositiveSmallIntegerField(null=True, blank=True, choices=VOLUME_CHOICES)
    kind = models.CharField(max_length=10, choices=Kind.choices, blank=True, default="")
    deferral_category = models.CharField(
        max_length=12, choices=DeferralCategory.choices, blank=True, default=""
    )
    deferred_until = models.DateField(null=True, blank=True)
    deferral_permanent = models.BooleanField(default=False)
    # From the blood centre's result list: accepted (True), not accepted (False), not known.
    centre_accepted = models.BooleanField(null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đăng ký hiến máu")
        verbose_name_plural = _("đăng ký hiến máu")
        constraints = [
            models.UniqueConstraint(fields=["drive", "person"], name="blood_reg_once_per_drive"),
            models.CheckConstraint(
                condition=~Q(outcome="donated") | (Q(volume_ml__in=VOLUMES) & ~Q(kind="")),
                name="blood_reg_donation_has_volume",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "date"], name="blood_reg_person_date"),
            models.Index(fields=["unit", "date"], name="blood_reg_unit_date"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.drive_id}"


class Milestone(models.Model):
    """A number of donations honoured (5, 10, 15, 20, 30, 40, 50, 70, 100 by default)."""

    count = models.PositiveSmallIntegerField(_("số lần hiến"), unique=True)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("mốc tôn vinh")
        verbose_name_plural = _("mốc tôn vinh")
        ordering = ["count"]

    def __str__(self) -> str:
        return str(self.count)


class Honour(models.Model):
    """A donor reaching a milestone (with the donation that reached it): listed per year and unit
    for the ceremony; ``awarded_on`` once honoured."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    milestone = models.PositiveSmallIntegerField(_("mốc"))
    reached_on = models.DateField(_("ngày đạt mốc"))
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    awarded_on = models.DateField(_("ngày tôn vinh"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tôn vinh người hiến máu")
        verbose_name_plural = _("tôn vinh người hiến máu")
        constraints = [
            models.UniqueConstraint(fields=["person", "milestone"], name="blood_honour_once"),
        ]
        indexes = [models.Index(fields=["unit", "reached_on"], name="blood_honour_unit_day")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.milestone}"


class ResultImport(models.Model):
    """A blood centre's result list read for a drive: its lines, their errors, then committed
    all at once (or not at all)."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Xem trước")
        COMMITTED = "committed", _("Đã ghi")

    drive = models.ForeignKey(Drive, on_delete=models.PROTECT, related_name="result_imports")
    file_name = models.CharField(max_length=255)
    lines = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.file_name
