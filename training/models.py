"""Training and volunteer work.

Training (tập huấn): courses are data (first aid basic/advanced/instructor, cadre training by
level, disaster response, water safety, and what a province adds), a class (lớp) of a course is
run by a unit on dates, people take part in it (any ``people.Person``), attendance is kept per
day, a result (passed/failed/absent) and a score end it, and the passed get a certificate
numbered per issuing unit and year, with an expiry from the course's validity, renewed by a new
certificate, verifiable by anyone through a public page.

Volunteer work: a team (the unit kind ``team``), a club or any unit records activities (kind,
date, place, description) with hours per volunteer; an "active volunteer" is a rule over those
hours (:class:`VolunteerRule`, data), recognitions are thresholds of total hours
(:class:`RecognitionLevel`, data).

Nothing is deleted: a class is cancelled (its fund entry reversed), a certificate revoked, an
activity cancelled, each with a date, a reason and who did it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.access import UnitScopedQuerySet
from org.models import Unit
from people.models import Person

# --- Courses -------------------------------------------------------------------------------------


class CourseKind(models.TextChoices):
    FIRST_AID = "first_aid", _("Sơ cấp cứu")
    CADRE = "cadre", _("Tập huấn cán bộ")
    DISASTER = "disaster", _("Ứng phó thảm hoạ")
    WATER = "water", _("An toàn dưới nước")
    OTHER = "other", _("Khác")


class CourseLevel(models.TextChoices):
    NONE = "", _("Không phân cấp")
    BASIC = "basic", _("Cơ bản")
    ADVANCED = "advanced", _("Nâng cao")
    INSTRUCTOR = "instructor", _("Hướng dẫn viên")
    PROVINCE = "province", _("Cán bộ cấp tỉnh")
    BASE = "base", _("Cán bộ cấp cơ sở")
    BRANCH = "branch", _("Cán bộ chi hội")


class CourseQuerySet(UnitScopedQuerySet):
    def offered_to(self, unit: Unit) -> "CourseQuerySet":
        """The association's courses and those a unit above ``unit`` (or itself) added."""
        paths = [unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
        return self.filter(Q(unit__isnull=True) | Q(unit__path__in=paths)).filter(active=True)


class Course(models.Model):
    """A course: the association's (``unit`` empty, the presets) or one a unit added for its
    subtree. ``validity_months`` empty: the certificate does not expire."""

    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="courses"
    )
    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên khoá"), max_length=255)
    kind = models.CharField(_("loại"), max_length=16, choices=CourseKind.choices)
    level = models.CharField(
        _("cấp độ"), max_length=16, choices=CourseLevel.choices, blank=True, default=""
    )
    hours = models.PositiveSmallIntegerField(_("số giờ"))
    validity_months = models.PositiveSmallIntegerField(
        _("hiệu lực chứng nhận (tháng)"), null=True, blank=True
    )
    prerequisite = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("khoá học trước"),
    )  # fmt: skip
    # Holders of a valid certificate of this course may teach classes of ``kind``.
    qualifies_instructor = models.BooleanField(_("chứng nhận hướng dẫn viên"), default=False)
    active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("khoá tập huấn")
        verbose_name_plural = _("khoá tập huấn")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name


# --- Classes -------------------------------------------------------------------------------------


class CostSource(models.TextChoices):
    NONE = "", _("Không có chi phí")
    FUND = "fund", _("Quỹ nhân đạo của đơn vị")
    BUDGET = "budget", _("Kinh phí hoạt động")
    PARTNER = "partner", _("Đối tác tài trợ")
    PARTICIPANTS = "participants", _("Học viên đóng góp")


class TrainingClass(models.Model):
    """A class (lớp tập huấn) of a course, run by ``unit`` from ``starts_on`` to ``ends_on``
    (one session a day). Paid by the unit's fund: ``fund_entry`` is its ledger line, reversed if
    the class is cancelled."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="classes")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="training_classes")
    title = models.CharField(_("tên lớp"), max_length=255, blank=True, default="")
    starts_on = models.DateField(_("ngày bắt đầu"))
    ends_on = models.DateField(_("ngày kết thúc"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True, default="")
    partner = models.CharField(_("đối tác"), max_length=255, blank=True, default="")
    capacity = models.PositiveIntegerField(_("số học viên tối đa"), null=True, blank=True)
    cost = models.BigIntegerField(_("chi phí (đồng)"), default=0)
    cost_source = models.CharField(
        _("nguồn kinh phí"), max_length=16, choices=CostSource.choices, blank=True, default=""
    )
    fund_entry = models.OneToOneField(
        "funds.Entry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    instructors = models.ManyToManyField(
        Person, blank=True, related_name="classes_taught", verbose_name=_("giảng viên")
    )
    cancelled_on = models.DateField(_("ngày huỷ"), null=True, blank=True)
    cancel_reason = models.CharField(_("lý do huỷ"), max_length=255, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lớp tập huấn")
        verbose_name_plural = _("lớp tập huấn")
        indexes = [models.Index(fields=["unit", "ends_on"], name="training_class_unit_end")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="training_class_dates"
            ),
            models.CheckConstraint(condition=Q(cost__gte=0), name="training_class_cost"),
        ]

    def __str__(self) -> str:
        return self.title or self.course.name

    @property
    def label(self) -> str:
        return self.title or self.course.name

    def days(self) -> list:
        import datetime

        n = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + datetime.timedelta(days=i) for i in range(n)]


class Result(models.TextChoices):
    PENDING = "", _("Chưa có kết quả")
    PASSED = "passed", _("Đạt")
    FAILED = "failed", pgettext_lazy("training result", "Không đạt")
    ABSENT = "absent", _("Vắng thi")


class ParticipantQuerySet(UnitScopedQuerySet):
    unit_path_field = "training_class__unit__path"


class Participant(models.Model):
    """A person enrolled in a class, with their result."""

    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.PROTECT, related_name="participants"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="trainings")
    result = models.CharField(
        _("kết quả"), max_length=8, choices=Result.choices, blank=True, default=""
    )
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "person"], name="training_participant_once"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="training_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.training_class_id}"


class Attendance(models.Model):
    """Presence of a participant at the class's session of ``day``."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="attendance"
    )
    day = models.DateField(_("ngày"))
    present = models.BooleanField(_("có mặt"), default=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="training_attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.day}"


# --- Certificates --------------------------------------------------------------------------------


class CertificateCounter(models.Model):
    """The last certificate number issued by ``unit`` in ``year``; locked while a number is
    taken, so two issuers never get the same number and none is skipped."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="training_counter_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


class Certificate(models.Model):
    """A certificate (giấy chứng nhận): number ``seq``/``year`` of the issuing ``unit``, valid
    from ``issued_on`` until ``valid_until`` (empty: no expiry). ``renews``: the certificate it
    renews. ``check_code`` is printed and in the QR code: the public page needs it with the number,
    so nobody can read the holders by counting numbers."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="training_certificates")
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    number = models.CharField(_("số"), max_length=64, unique=True)
    check_code = models.CharField(max_length=16)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certificates")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    participant = models.OneToOneField(
        Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="certificate"
    )
    issued_on = models.DateField(_("ngày cấp"))
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    renews = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewal"
    )
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revoke_reason = models.CharField(_("lý do thu hồi"), max_length=255, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "seq"], name="training_cert_seq"),
        ]
        indexes = [models.Index(fields=["valid_until"], name="training_cert_until")]

    def __str__(self) -> str:
        return self.number

    def is_valid_on(self, on) -> bool:
        return (
            self.revoked_on is None
            and self.issued_on <= on
            and (self.valid_until is None or self.valid_until >= on)
        )


# --- Volunteer work ------------------------------------------------------------------------------


class VolunteerRule(models.Model):
    """The "active volunteer" rule from ``valid_from``: at least ``min_hours`` hours OR at least
    ``min_activities`` activities in the ``months`` months up to the day asked (the latest rule
    in force applies; with no row the defaults below)."""

    valid_from = models.DateField(_("áp dụng từ"), unique=True)
    min_hours = models.PositiveSmallIntegerField(_("số giờ tối thiểu"), default=12)
    min_activities = models.PositiveSmallIntegerField(_("số hoạt động tối thiểu"), default=3)
    months = models.PositiveSmallIntegerField(_("trong số tháng gần nhất"), default=12)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tiêu chí tình nguyện viên tích cực")
        verbose_name_plural = _("tiêu chí tình nguyện viên tích cực")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"≥ {self.min_hours} h / ≥ {self.min_activities} ({self.months})"


class RecognitionLevel(models.Model):
    """A recognition (ghi nhận) a volunteer earns when their total hours reach ``hours``."""

    name = models.CharField(_("tên"), max_length=120)
    hours = models.PositiveIntegerField(_("số giờ"), unique=True)

    class Meta:
        verbose_name = _("mức ghi nhận")
        verbose_name_plural = _("mức ghi nhận")
        ordering = ["hours"]

    def __str__(self) -> str:
        return self.name


class ActivityKind(models.TextChoices):
    FIRST_AID = "first_aid", _("Trực sơ cấp cứu")
    RELIEF = "relief", _("Cứu trợ, ứng phó thiên tai")
    BLOOD = "blood", _("Vận động hiến máu")
    SOCIAL = "social", _("Chăm sóc người khó khăn")
    ENVIRONMENT = "environment", _("Vệ sinh môi trường")
    COMMUNICATION = "communication", _("Truyền thông")
    OTHER = "other", _("Hoạt động khác")


class Activity(models.Model):
    """An activity of a volunteer team, club or unit on a day."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="volunteer_activities")
    # A club's activity (clubs.Club, a group of people besides the units): ``unit`` is the club's.
    club = models.ForeignKey(
        "clubs.Club", null=True, blank=True, on_delete=models.PROTECT,
        related_name="volunteer_activities", verbose_name=_("câu lạc bộ"),
    )  # fmt: skip
    kind = models.CharField(_("loại hoạt động"), max_length=16, choices=ActivityKind.choices)
    on = models.DateField(_("ngày"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True, default="")
    description = models.CharField(_("nội dung"), max_length=500, blank=True, default="")
    cancelled_on = models.DateField(_("ngày huỷ"), null=True, blank=True)
    cancel_reason = models.CharField(_("lý do huỷ"), max_length=255, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động tình nguyện")
        verbose_name_plural = _("hoạt động tình nguyện")
        indexes = [models.Index(fields=["unit", "on"], name="training_activity_unit_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class VolunteerHours(models.Model):
    """Hours of one volunteer at one activity; ``on`` repeats the activity's day (the 24-hours
    check and the rule's window read it without a join)."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="hours")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="volunteer_hours")
    on = models.DateField()
    hours = models.DecimalField(_("số giờ"), max_digits=4, decimal_places=1)
    cancelled = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("giờ tình nguyện")
        verbose_name_plural = _("giờ tình nguyện")
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="training_hours_once"),
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24), name="training_hours_range"
            ),
        ]
        indexes = [models.Index(fields=["person", "on"], name="training_hours_person_on")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.on} {self.hours}"


class Recognition(models.Model):
    """A volunteer reached a recognition level on ``reached_on``."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="recognitions")
    level = models.ForeignKey(RecognitionLevel, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    reached_on = models.DateField(_("ngày đạt"))

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ghi nhận tình nguyện viên")
        verbose_name_plural = _("ghi nhận tình nguyện viên")
        constraints = [
            models.UniqueConstraint(fields=["person", "level"], name="training_recognition_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.level_id}"
