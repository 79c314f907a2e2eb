"""Oversight benchmark: scoring every base of the country on a score sheet from the stored
figures, and a province's ranking page.

Data: the national tree of bench/tree.py (3,321 bases), MEMBERS memberships from ``members.demo``
(full: 1,000,000; BENCH_SCALE=small: 50,000; OVERSIGHT_MEMBERS overrides), the yearly figures
refreshed, the seed-000 score sheet (oversight.presets) issued by the central level for the year.
Figures:
  oversight.score_country_s      score_sheet over every base of the country (assessments created
                                 or updated, the automatic criteria from the figures, totals and
                                 classes), the slowest of RUNS
    baseline: the same sheet scored base by base (score_sheet(within=base), extrapolated from
              SAMPLE bases): what a loop over the bases would cost
  oversight.province_ranking_p95_ms  p95 of GET /u/<province>/oversight/sheets/<sheet>/ (the
                                 province with the most bases, Django's test client, N requests)
"""

import os
import time

from _common import (
    SCALE,
    emit,
    log,
    migrate,
    p95,
    red_cross_profile,
    timings_ms,
    largest_province,
    national_members,
)
from registers import manager_client
from tree import build_tree

from django.db import connection
from django.utils import timezone

from org.models import Unit, UnitKind
from oversight.models import Assessment, ScoreSheet
from oversight.presets import create_seed000_sheet
from oversight.scoring import score_sheet

DEFAULT = 50_000 if SCALE == "small" else 1_000_000
MEMBERS = int(os.environ.get("OVERSIGHT_MEMBERS", DEFAULT))
N, RUNS, SAMPLE = (20, 2, 10) if SCALE == "small" else (40, 3, 30)
GOALS = {"score_s": 60.0, "ranking_ms": 200.0}
SEED = 23


def generate() -> None:
    national_members("oversight", MEMBERS, SEED, keep=2)  # the years the figures read


def the_province() -> Unit:
    return largest_province()


def main() -> None:
    migrate()
    red_cross_profile()
    central = build_tree()
    generate()
    year = timezone.localdate().year
    sheet = ScoreSheet.objects.filter(unit=central, year=year).first() or create_seed000_sheet(actor=None, unit=central, year=year)  # fmt: skip
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    bases = Unit.objects.filter(kind=UnitKind.BASE, valid_to__isnull=True).count()
    runs = []
    for i in range(RUNS):
        t = time.perf_counter()
        n = score_sheet(sheet)
        runs.append(time.perf_counter() - t)
        log(f"oversight: run {i + 1}: {n} assessments in {runs[-1]:.1f}s")
    sample = list(
        Unit.objects.filter(kind=UnitKind.BASE, valid_to__isnull=True).order_by("?")[:SAMPLE]
    )
    t = time.perf_counter()
    for b in sample:
        score_sheet(sheet, within=b)
    one_by_one = (time.perf_counter() - t) / len(sample) * bases
    emit("oversight.score_country_s", max(runs), "s", one_by_one, bases=bases, members=MEMBERS,
         assessments=Assessment.objects.filter(sheet=sheet).count(), first_run_s=round(runs[0], 3),
         goal=GOALS["score_s"], scale=SCALE)  # fmt: skip
    province = the_province()
    _user, web = manager_client("bench_tinh_td", province)
    url = f"/u/{province.pk}/oversight/sheets/{sheet.pk}/"
    assert web.get(url).status_code == 200
    ms = timings_ms(lambda: web.get(url), N)
    rows = Assessment.objects.filter(sheet=sheet, unit__path__startswith=province.path).count()
    emit("oversight.province_ranking_p95_ms", p95(ms), "ms", None, bases=rows, members=MEMBERS,
         goal=GOALS["ranking_ms"], scale=SCALE)  # fmt: skip


if __name__ == "__main__":
    main()
