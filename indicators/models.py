"""Indicators: pre-aggregated figures per unit and year, denominators, plans and their targets.

UnitFigure holds, for each unit and year, the unit's *own* figures (its own memberships, cadres,
denominators...) and the *total* over its subtree as the tree stood at the period's end. A
dashboard reads one row per unit shown, whatever the number of members beneath (see
indicators.figures for how the rows are kept current, and /work/notes/indicators_docs.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from org.models import Unit


class UnitFigure(models.Model):
    """Figures of one unit for one year, as of the year's end (31/12, or today for this year).

    ``own`` and ``total`` map a figure key (see indicators.figures.KEYS) to a number; a key that is
    absent is zero. ``total`` is the sum over the subtree as it stood at the period's end (own
    included), with the few keys that do not add up (denominators, base flags) worked out during
    the roll-up. A leaf's total equals its own figures and is stored as null to halve the table.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    own = models.JSONField(default=dict)
    total = models.JSONField(null=True, blank=True)
    # The few values the catalogue reads of the total (catalogue.compact, with its version),
    # written by the refresh: a dashboard's child-unit rows read only this. Null in rows of
    # before it existed (then the total is read instead, until ``refresh_indicators --all``).
    sums = models.JSONField(null=True, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unit_figure_unique"),
        ]
        # The first year with figures (the years a dashboard offers): one index read.
        indexes = [models.Index(fields=["year"], name="unit_figure_year")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}"

    @property
    def figures(self) -> dict:
        return self.own if self.total is None else self.total


class DirtyUnit(models.Model):
    """A unit whose figures changed from ``since`` on: written in the same transaction as the
    change (indicators.services.note_changed), consumed by the refresh task. Append-only, no
    uniqueness: concurrent writers never wait on each other here."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, db_constraint=False, related_name="+")
    since = models.DateField()

    def __str__(self) -> str:
        return f"{self.unit_id} since {self.since}"


class DenominatorKind(models.TextChoices):
    POPULATION = "population", _("Dân số")
    HOUSEHOLDS = "households", _("Số hộ gia đình")
    WOMEN_18PLUS = "women_18plus", _("Phụ nữ từ 18 tuổi trở lên")
    RESIDENTIAL_AREAS = "residential_areas", _("Số khu dân cư")


class Denominator(models.Model):
    """A figure of the area a unit serves (population, households...) for a year."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=20, choices=DenominatorKind.choices)
    value = models.PositiveBigIntegerField(_("giá trị"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mẫu số")
        verbose_name_plural = pgettext_lazy("số nhiều", "mẫu số")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "year"], name="denominator_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} {self.year}: {self.value}"


class Plan(models.Model):
    """A plan or resolution (nghị quyết, kế hoạch) issued by a unit for a year or a term."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("số"), max_length=64)
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=255)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    note = models.TextField(_("ghi chú"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nghị quyết, kế hoạch")
        verbose_name_plural = pgettext_lazy("số nhiều", "nghị quyết, kế hoạch")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="plan_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"

    @property
    def is_term(self) -> bool:
        return self.end_year > self.start_year


class Target(models.Model):
    """A target of a plan for one indicator: a value or a range (e.g. growth 1–2 %), for the
    plan's unit or one unit of its subtree, inherited by the subtree unless overridden."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    indicator = models.CharField(_("chỉ tiêu"), max_length=40)
    low = models.DecimalField(_("mức tối thiểu"), max_digits=16, decimal_places=2)
    high = models.DecimalField(
        _("mức tối đa"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = pgettext_lazy("số nhiều", "chỉ tiêu kế hoạch")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit", "indicator"], name="target_unique_per_plan"
            ),
            models.CheckConstraint(
                condition=Q(high__isnull=True) | Q(high__gte=models.F("low")), name="target_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ≥ {self.low}"


class BookReview(models.Model):
    """A base confirmed in a year that one of its books (a member category's register) is up to
    date even without any admission or departure that year."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("sổ"), max_length=32)
    reviewed_on = models.DateField(_("ngày rà soát"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rà soát sổ")
        verbose_name_plural = pgettext_lazy("số nhiều", "rà soát sổ")
        indexes = [models.Index(fields=["unit", "reviewed_on"], name="book_review_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.category} {self.reviewed_on}"


class ReportedValue(models.Model):
    """A figure a unit reported as a number for a year (the reporting app writes these when a
    yearly report is submitted or approved): for an indicator of the catalogue it replaces the
    value computed from the unit's records (its whole subtree's), for any other code it is a
    figure that exists only as reported; both roll up (indicators.figures.rollup). ``source``:
    what wrote it, e.g. "reporting.report:12"."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=40)
    value = models.BigIntegerField()
    source = models.CharField(max_length=64, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "code"], name="reported_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year} {self.code}={self.value}"
