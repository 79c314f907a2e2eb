import datetime
import threading
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import request_finished, request_started
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from core.text import search_key, vn_text_key


class UnitKind(models.TextChoices):
    CENTRAL = "central", _("Trung ương Hội")
    PROVINCE = "province", _("Tỉnh/Thành Hội")
    # The level between province and commune until 30/6/2025 (quận, huyện, thị xã, thành phố
    # thuộc tỉnh): the reform of 1/7/2025 abolished it; a deployment with history keeps its units.
    DISTRICT = "district", _("Hội cấp huyện")
    BASE = "base", _("Hội cơ sở")
    BRANCH = "branch", _("Chi hội")
    GROUP = "group", _("Tổ hội")
    TEAM = "team", _("Đội tình nguyện")
    CLUB = "club", _("Câu lạc bộ")


class BaseType(models.TextChoices):
    COMMUNE = "commune", _("Xã")
    WARD = "ward", _("Phường")
    TOWNLET = "townlet", _("Thị trấn")  # before 1/7/2025 only
    SPECIAL_ZONE = "special_zone", _("Đặc khu")
    SCHOOL = "school", _("Trường học")
    AGENCY = "agency", _("Cơ quan")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")


# Which kinds may hang under which: the shape of an association's tree.
ALLOWED_CHILDREN: dict[str, set[str]] = {
    UnitKind.CENTRAL: {UnitKind.PROVINCE},
    UnitKind.PROVINCE: {UnitKind.DISTRICT, UnitKind.BASE, UnitKind.TEAM, UnitKind.CLUB},
    UnitKind.DISTRICT: {UnitKind.BASE, UnitKind.TEAM, UnitKind.CLUB},
    UnitKind.BASE: {UnitKind.BRANCH, UnitKind.TEAM, UnitKind.CLUB},
    UnitKind.BRANCH: {UnitKind.GROUP, UnitKind.TEAM, UnitKind.CLUB},
    UnitKind.GROUP: set(),
    UnitKind.TEAM: set(),
    UnitKind.CLUB: set(),
}


def children_q(unit: "Unit") -> Q:
    """The units directly under ``unit`` today: one range of the (depth, path) index."""
    return Q(path__startswith=unit.path, depth=unit.depth + 1)


# ``scope_q(user, path_field, perm=...)`` of accounts.access, registered by AccountsConfig.ready:
# the scope rules read role assignments, which point at units, so they sit above the tree.
_scope_q: Callable[..., Q] | None = None


def register_scope(scope_q: Callable[..., Q]) -> None:
    global _scope_q
    _scope_q = scope_q


class UnitQuerySet(MP_NodeQuerySet):
    def existing_on(self, on: datetime.date) -> "UnitQuerySet":
        """Units that existed on ``on``: a ceased unit still shows for dates when it existed."""
        return self.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )

    def current(self) -> "UnitQuerySet":
        return self.filter(valid_to__isnull=True)

    def subtree_of(self, unit: "Unit") -> "UnitQuerySet":
        return self.filter(path__startswith=unit.path)

    def children_of(self, unit: "Unit") -> "UnitQuerySet":
        """The units directly under ``unit`` in today's tree (ceased ones too)."""
        return self.filter(children_q(unit))

    def visible_to(self, user, perm: str = "view") -> "UnitQuerySet":
        """The units in ``user``'s scope for ``perm``: the scope rules are the accounts app's, one
        layer up, registered at start-up (:func:`register_scope`)."""
        if _scope_q is None:
            raise ImproperlyConfigured("org.models.register_scope was never called (accounts app)")
        return self.filter(_scope_q(user, "path", perm=perm))


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):  # type: ignore[misc]
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")


class Unit(MP_Node):
    """A unit of the association: central, province, base, branch, group, team or club.

    Materialised path (treebeard): a subtree is a prefix query, on SQLite and PostgreSQL alike.
    """

    steplen = 4

    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("cấp"), max_length=16, choices=UnitKind.choices)
    base_type = models.CharField(
        _("loại hội cơ sở"), max_length=16, choices=BaseType.choices, blank=True, default=""
    )
    admin_code = models.CharField(
        _("mã đơn vị hành chính"), max_length=10, blank=True, default="", db_index=True
    )
    valid_from = models.DateField(_("hiệu lực từ"), default=datetime.date(1900, 1, 1))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    search_key = models.CharField(max_length=255, editable=False, default="", db_index=True)
    # core.text.vn_text_key(name): lists of units sort by it ("Đại Lộc" < "Đắc Pring" < "Điện
    # Bàn" < "Thanh Khê"), in the database on any collation.
    sort_key = models.CharField(max_length=600, editable=False, default="")

    objects = UnitManager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = pgettext_lazy("số nhiều", "đơn vị")
        # treebeard's unique ``path`` already gets a varchar_pattern_ops ("_like") index on
        # PostgreSQL from Django, which serves the subtree prefix queries (LIKE 'prefix%').
        # (depth, path): a unit's children are one range of it (depth + 1, path prefix),
        # not a scan of its whole subtree filtered by depth.
        indexes = [
            models.Index(
                fields=["depth", "path"],
                name="org_unit_depth_path",
                opclasses=["int4_ops", "varchar_pattern_ops"],
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = search_key(self.name)
        self.sort_key = vn_text_key(self.name)
        fields = kwargs.get("update_fields")
        if fields is not None and "name" in fields:
            kwargs["update_fields"] = {*fields, "search_key", "sort_key"}
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def existed_on(self, on: datetime.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)

    def name_on(self, on: datetime.date) -> str:
        """The name the unit carried on ``on``: the old name of the first rename after that date."""
        later = (
            self.changes.filter(kind=UnitChange.Kind.RENAME, on__gt=on).order_by("on", "id").first()
        )
        return later.old_name if later is not None else self.name

    def ancestor_paths(self) -> list[str]:
        """The paths of the units above this one and of itself, the root first."""
        return [self.path[:i] for i in range(self.steplen, len(self.path) + 1, self.steplen)]

    def ancestors_and_self(self):
        return Unit.objects.filter(path__in=self.ancestor_paths()).order_by("depth")


class UnitChange(models.Model):
    """A rename or a move of one unit, so its name and place can be asked as of a date."""

    class Kind(models.TextChoices):
        RENAME = "rename", _("Đổi tên")
        MOVE = "move", _("Chuyển đơn vị cấp trên")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    on = models.DateField(_("ngày"))
    old_name = models.CharField(max_length=255, blank=True, default="")
    new_name = models.CharField(max_length=255, blank=True, default="")
    old_parent = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_parent = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.kind} {self.on}"


class UnitSuccession(models.Model):
    """Predecessor link kept by a merge (A, B -> C) or a split (A -> B, C)."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Hợp nhất")
        SPLIT = "split", _("Chia tách")

    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="predecessions")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    on = models.DateField(_("ngày"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unit_succession_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} -> {self.successor} ({self.kind} {self.on})"


class AdminArea(models.Model):
    """Vietnam's official administrative units since 1/7/2025 (34 provinces, 3,321 communes).

    Reference data loaded from the PyPI package ``vietnam-provinces`` by ``load_admin_units``.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh/Thành phố")
        COMMUNE = "commune", _("Xã/Phường/Đặc khu")

    code = models.CharField(_("mã"), max_length=10, primary_key=True)
    name = models.CharField(_("tên"), max_length=255)
    level = models.CharField(max_length=10, choices=Level.choices)
    division_type = models.CharField(_("loại"), max_length=64)
    province_code = models.CharField(max_length=2, db_index=True)
    search_key = models.CharField(max_length=255, db_index=True, default="")

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = pgettext_lazy("số nhiều", "đơn vị hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class LegacyArea(models.Model):
    """Vietnam's administrative units before 1/7/2025: 63 provinces, their districts and communes,
    with the official (GSO) codes of the time. Loaded from the PyPI package ``vietnamadminunits``
    by ``load_admin_units --legacy``. Codes of old and new communes overlap (a new ward often took
    the code of one of its predecessors), hence a table of its own."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh/Thành phố")
        DISTRICT = "district", _("Quận/Huyện/Thị xã/Thành phố thuộc tỉnh")
        COMMUNE = "commune", _("Xã/Phường/Thị trấn")

    level = models.CharField(max_length=10, choices=Level.choices)
    code = models.CharField(_("mã"), max_length=10)
    name = models.CharField(_("tên"), max_length=255)
    division_type = models.CharField(_("loại"), max_length=64)
    province_code = models.CharField(max_length=2, db_index=True)
    district_code = models.CharField(max_length=3, blank=True, default="")
    # The current (34-province) province this area lies in since 1/7/2025.
    new_province_code = models.CharField(max_length=2, db_index=True)
    search_key = models.CharField(max_length=255, db_index=True, default="")

    class Meta:
        verbose_name = _("đơn vị hành chính trước 1/7/2025")
        verbose_name_plural = pgettext_lazy("số nhiều", "đơn vị hành chính trước 1/7/2025")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="legacy_area_level_code")
        ]

    def __str__(self) -> str:
        return self.name


class LegacySuccession(models.Model):
    """Where an old commune (or an island district without communes) went on 1/7/2025: one row
    per new commune; several rows when it was divided, one of them the default (its seat)."""

    old = models.ForeignKey(LegacyArea, on_delete=models.CASCADE, related_name="successions")
    new = models.ForeignKey(AdminArea, on_delete=models.PROTECT, related_name="legacy_sources")
    is_default = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["old", "new"], name="legacy_succession_unique")
        ]

    def __str__(self) -> str:
        return f"{self.old_id} -> {self.new_id}"


_profile_memo = threading.local()


def _request_started(**_kwargs) -> None:
    _profile_memo.__dict__.clear()
    _profile_memo.in_request = True


def _forget_profile(**_kwargs) -> None:
    _profile_memo.__dict__.pop("profile", None)


def _request_finished(**_kwargs) -> None:
    _profile_memo.__dict__.clear()


request_started.connect(_request_started, dispatch_uid="org.profile_memo.start")
request_finished.connect(_request_finished, dispatch_uid="org.profile_memo.end")


class AssociationProfile(models.Model):
    """The one association this deployment serves: its name, member categories, terminology."""

    class Preset(models.TextChoices):
        RED_CROSS = "red_cross", _("Hội Chữ thập đỏ")
        WOMEN_UNION = "women_union", _("Hội Liên hiệp Phụ nữ")

    preset = models.CharField(_("mẫu"), max_length=16, choices=Preset.choices)
    name = models.CharField(_("tên Hội"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=32)
    member_categories = models.JSONField(_("loại hội viên"), default=list)
    terminology = models.JSONField(_("thuật ngữ"), default=dict)
    # A rule of the association's charter (the Red Cross: volunteers from 18, Điều lệ art. 23),
    # not a constant of the software: an association with youth volunteers sets it lower.
    volunteer_min_age = models.PositiveSmallIntegerField(
        _("tuổi tối thiểu của tình nguyện viên"), default=18
    )

    class Meta:
        verbose_name = _("hồ sơ Hội")
        verbose_name_plural = pgettext_lazy("số nhiều", "hồ sơ Hội")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="single_profile")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> "AssociationProfile | None":
        """The profile; read once per web request (the page, its context processor and the
        selectors all ask for it), every time outside one."""
        memo = _profile_memo.__dict__
        if not memo.get("in_request"):
            return cls.objects.filter(pk=1).first()
        if "profile" not in memo:
            memo["profile"] = cls.objects.filter(pk=1).first()
        return memo["profile"]

    def term(self, key: str, default: str = "") -> str:
        return self.terminology.get(key, default)

    def category_names(self) -> dict[str, str]:
        """{code: name} of the association's member categories, in the profile's order."""
        return {c["code"]: c["name"] for c in self.member_categories}

    @classmethod
    def current_category_names(cls) -> dict[str, str]:
        """The categories of the profile; none before the association is set up."""
        profile = cls.current()
        return profile.category_names() if profile else {}


post_save.connect(_forget_profile, sender=AssociationProfile, dispatch_uid="org.profile_memo.save")
post_delete.connect(_forget_profile, sender=AssociationProfile, dispatch_uid="org.profile_memo.del")


class TermLevel(models.TextChoices):
    """The levels that hold congresses (đại hội): a branch, group, team or club follows its
    base's term."""

    CENTRAL = "central", _("Trung ương Hội")
    PROVINCE = "province", _("Tỉnh/Thành Hội")
    BASE = "base", _("Hội cơ sở")


def term_level(kind: str) -> str:
    """The level whose congresses set the terms of a unit of ``kind``."""
    if kind == UnitKind.CENTRAL:
        return TermLevel.CENTRAL
    if kind == UnitKind.PROVINCE:
        return TermLevel.PROVINCE
    # A district (until 2025) held its congresses on the communes' cycle (seed 003: "các cấp").
    return TermLevel.BASE


class CongressTerm(models.Model):
    """A term (nhiệm kỳ) of the association at one level, from one congress to the next:
    "2016–2021", "2021–2026". Terms are data: congresses do not fall on a fixed grid (the Women's
    Union's bases held theirs for 2016–2021, the Red Cross's central congress for 2022–2027)."""

    level = models.CharField(_("cấp"), max_length=16, choices=TermLevel.choices)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True, default="")

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = pgettext_lazy("số nhiều", "nhiệm kỳ")
        ordering = ["level", "start_year"]
        constraints = [
            models.UniqueConstraint(fields=["level", "start_year"], name="congress_term_unique"),
            models.CheckConstraint(
                condition=Q(end_year__gt=models.F("start_year")), name="congress_term_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.label}"

    @property
    def label(self) -> str:
        return f"{self.start_year}–{self.end_year}"


class PeriodLock(models.Model):
    """A reporting period approved, hence locked, for a unit's subtree: no write dated inside
    ``[start, end]`` for the unit or any unit below it (``org.locks.ensure_open``). The reporting
    cycle writes these rows when it approves a report and ends them when it reopens one; every
    service that writes a dated record asks ``org.locks`` before writing."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="period_locks")
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    label = models.CharField(_("kỳ"), max_length=120)
    source = models.CharField(max_length=64, blank=True, default="")  # e.g. "reporting.report:12"
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    locked_at = models.DateTimeField(_("thời điểm khoá"), default=timezone.now)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_at = models.DateTimeField(_("thời điểm mở lại"), null=True, blank=True)
    reopen_reason = models.CharField(_("lý do mở lại"), max_length=500, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["unit", "start", "end"], name="period_lock_unit_dates")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lte=models.F("end")), name="period_lock_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.label}"
