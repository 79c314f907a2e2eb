"""This app's figures for the indicators (see indicators.figures.own and indicators.catalogue).

``INDICATORS``: the app's indicators as plain dicts, which the catalogue turns into Indicator
values: ``code``, ``name`` (lazy Vietnamese), ``unit`` ("people", "units", "vnd", "percent" or a
lazy word), ``rollup`` ("sum", "ratio", "share"), then either ``key`` (the figure key prefix
summed) or ``compute`` (a function of the figures: ``f.sum(prefix)``, ``f.get(key)``), and
optionally ``fdrs``, ``decimals``, ``description``.

``own_figures(year, end, unit_ids)``: ``{unit_id: {key: int}}`` for the records dated in
``year`` up to ``end`` (stock figures as of ``end``), for ``unit_ids`` (None: every unit);
set-based, a fixed number of queries. Keys start with the app's prefix.

Keys (the unit is the drive's organiser):
  bd:drives                 drives held (not cancelled)
  bd:units                  donations (units of blood); bd:vol:<250|350|450> by volume; bd:ml
  bd:donors:<sex>:<band>    people who gave (per unit), by sex and FDRS age band at the year's end
  bd:first, bd:repeat       of them, first-time donors (the person's first donation ever: none
                            recorded before it, no opening count) and repeat donors
  bd:def:<category>         deferrals on site by category
  bd:honour:<milestone>     honours reached in the year (the donor's unit)
"""

import datetime
from collections import defaultdict
from collections.abc import Collection

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.figures import in_units
from core.vn import fdrs_band

from .models import DeferralCategory

DEFERRAL_NAMES = DeferralCategory.choices

MILESTONES = (5, 10, 15, 20, 30, 40, 50, 70, 100)
AGE_BANDS = ("18-29", "30-39", "40-49", "50-59", "60-69")
BLOOD_UNIT = _("đơn vị máu")
ML = "ml"


INDICATORS: list[dict] = [
    {"code": "blood_drives", "name": _("Đợt hiến máu"), "unit": _("đợt"), "key": "bd:drives"},
    {"code": "blood_units", "name": _("Đơn vị máu tiếp nhận"), "unit": BLOOD_UNIT,
     "key": "bd:units",
     "description": _("Số lần hiến máu ghi nhận tại các đợt do đơn vị tổ chức.")},
    {"code": "blood_ml", "name": _("Lượng máu tiếp nhận (ml)"), "unit": ML, "key": "bd:ml"},
    {"code": "blood_units_250", "name": _("Đơn vị máu 250 ml"), "unit": BLOOD_UNIT,
     "key": "bd:vol:250"},
    {"code": "blood_units_350", "name": _("Đơn vị máu 350 ml"), "unit": BLOOD_UNIT,
     "key": "bd:vol:350"},
    {"code": "blood_units_450", "name": _("Đơn vị máu 450 ml"), "unit": BLOOD_UNIT,
     "key": "bd:vol:450"},
    {"code": "blood_donors", "name": _("Người hiến máu"), "unit": "people",
     "key": "bd:donors:", "fdrs": "KPI_DonBlood_Tot",
     "description": _("Số người đã hiến máu trong kỳ tại các đợt do đơn vị tổ chức.")},
    {"code": "blood_donors_female", "name": _("Người hiến máu nữ"), "unit": "people",
     "key": "bd:donors:F:"},
    {"code": "blood_donors_male", "name": _("Người hiến máu nam"), "unit": "people",
     "key": "bd:donors:M:"},
    {"code": "blood_first", "name": _("Người hiến máu lần đầu"), "unit": "people",
     "key": "bd:first"},
    {"code": "blood_repeat", "name": _("Người hiến máu nhắc lại"), "unit": "people",
     "key": "bd:repeat"},
    {"code": "blood_deferrals", "name": _("Người tạm hoãn hiến máu tại chỗ"), "unit": "people",
     "key": "bd:def:"},
    {"code": "blood_honours", "name": _("Người hiến máu đạt mốc tôn vinh"), "unit": "people",
     "key": "bd:honour:"},
]  # fmt: skip


def _band(band: str):
    return lambda f: sum(f.get(f"bd:donors:{sex}:{band}") for sex in ("F", "M", "U"))


INDICATORS += [
    {
        "code": f"blood_donors_{band.replace('-', '_')}",
        "unit": "people",
        "compute": _band(band),
        "name": format_lazy("{} {} {}", _("Người hiến máu"), band, _("tuổi")),
    }
    for band in AGE_BANDS
]
INDICATORS += [
    {
        "code": f"blood_deferrals_{cat}",
        "unit": "people",
        "key": f"bd:def:{cat}",
        "name": format_lazy("{}: {}", _("Tạm hoãn tại chỗ"), label),
    }
    for cat, label in DEFERRAL_NAMES
]
INDICATORS += [
    {"code": f"blood_honours_{m}", "unit": "people", "key": f"bd:honour:{m}",
     "name": format_lazy("{} {} {}", _("Đạt mốc tôn vinh"), m, _("lần"))}
    for m in MILESTONES
]  # fmt: skip


def own_figures(
    year: int,
    end: datetime.date,
    unit_ids: Collection[int] | None,
    start: datetime.date | None = None,
) -> dict[int, dict[str, int]]:
    from .models import Drive, Honour, Outcome, Registration

    start = start or datetime.date(year, 1, 1)  # a report may start later (reports.periods)
    out: dict[int, dict[str, int]] = defaultdict(dict)

    def scoped(qs):
        return in_units(qs.order_by(), "unit_id", unit_ids)

    def add(unit_id: int, key: str, n: int) -> None:
        out[unit_id][key] = out[unit_id].get(key, 0) + n

    drives = scoped(Drive.objects.filter(date__gte=start, date__lte=end, cancelled_at__isnull=True))
    for unit_id, n in drives.values_list("unit_id").annotate(n=Count("pk")):
        add(unit_id, "bd:drives", n)
    regs = scoped(Registration.objects.filter(date__gte=start, date__lte=end))
    donated = regs.filter(outcome=Outcome.DONATED)
    for unit_id, ml, n in donated.values_list("unit_id", "volume_ml").annotate(n=Count("pk")):
        add(unit_id, "bd:units", n)
        add(unit_id, f"bd:vol:{ml}", n)
        add(unit_id, "bd:ml", n * ml)
    people = donated.values_list("unit_id", "person__sex", "person__birth_year").annotate(
        n=Count("person_id", distinct=True)
    )
    for unit_id, sex, born, n in people:
        band = fdrs_band(None if born is None else end.year - born)
        add(unit_id, f"bd:donors:{sex or 'U'}:{band}", n)
    before = Registration.objects.filter(
        person_id=OuterRef("person_id"), outcome=Outcome.DONATED, date__lt=OuterRef("date")
    )
    first = (
        donated.annotate(old=Exists(before))
        .values_list("unit_id")
        .annotate(
            first=Count("person_id", distinct=True,
                        filter=Q(old=False, person__blood_donor__opening_count=0)),
            all=Count("person_id", distinct=True),
        )
    )  # fmt: skip
    for unit_id, n_first, n_all in first:
        add(unit_id, "bd:first", n_first)
        add(unit_id, "bd:repeat", n_all - n_first)
    deferred = regs.filter(outcome=Outcome.DEFERRED)
    for unit_id, cat, n in deferred.values_list("unit_id", "deferral_category").annotate(
        n=Count("pk")
    ):
        add(unit_id, f"bd:def:{cat}", n)
    honours = scoped(Honour.objects.filter(reached_on__gte=start, reached_on__lte=end))
    for unit_id, m, n in honours.values_list("unit_id", "milestone").annotate(n=Count("pk")):
        add(unit_id, f"bd:honour:{m}", n)
    return dict(out)
