"""Summary report benchmark: a province's and the nation's annual report (Word and PDF, as the
download builds them: the figures read, the sentences written, both files rendered) and a
province's statistical table of all its bases (every indicator of the association, xlsx).

Data: the national tree of bench/tree.py, MEMBERS memberships from ``members.demo`` (full:
1,000,000; BENCH_SCALE=small: 50,000; REPORTS_MEMBERS overrides), the yearly figures refreshed,
programme figures reported by every base of the province with the most bases (blood, gifts,
first aid: the sentences that quote them are written). VACUUM ANALYZE.
Figures (the slowest of RUNS):
  reports.province_annual_s   docx + pdf of the province's report for last year     goal ≤ 5 s
  reports.national_annual_s   docx + pdf of the central unit's report               goal ≤ 10 s
  reports.province_table_s    the xlsx of all the province's bases × every indicator goal ≤ 2 s
  reports.province_quarter_s  docx + pdf of the province's report for the third quarter of last
                              year, counted from the records (any date range)   goal ≤ 5 s
    baseline of each: the same built from a report page's own reads per child unit (one
    collect per child), i.e. what re-typing the level below costs the software
"""

import os
import time

from _common import SCALE, emit, log, migrate, red_cross_profile, largest_province, national_members
from tree import build_tree

from django.db import connection
from django.utils import timezone, translation

from indicators.figures import refresh_year
from indicators.models import ReportedValue
from org.models import Unit, UnitKind
from reports.data import association_indicators, collect, table
from reports.document import document_bytes
from reports.exports import table_xlsx
from reports.periods import parse_period, year_period

DEFAULT = 50_000 if SCALE == "small" else 1_000_000
MEMBERS = int(os.environ.get("REPORTS_MEMBERS", DEFAULT))
RUNS = 3
GOALS = {"province_s": 5.0, "national_s": 10.0, "table_s": 2.0}
SEED = 23


def generate() -> None:
    national_members("reports", MEMBERS, SEED, keep=3)  # the years the figures read


def the_province() -> Unit:
    return largest_province()


def programme_figures(province: Unit, year: int) -> None:
    bases = list(Unit.objects.filter(path__startswith=province.path, kind=UnitKind.BASE))
    if ReportedValue.objects.filter(year=year, source="bench").exists():
        return
    rows = []
    for n, b in enumerate(bases):
        for code, v in (("blood_drives", 1 + n % 3), ("blood_units", 40 + n % 90),
                        ("aid_addresses_supported", 5 + n % 30), ("aid_gifts_tet", 200 + n % 400),
                        ("aid_gifts_value_tet", (100 + n % 300) * 1_000_000),
                        ("tr_classes_first_aid", 1 + n % 2), ("tr_trained_first_aid", 30 + n % 40)):  # fmt: skip
            rows.append(ReportedValue(unit=b, year=year, code=code, value=v, source="bench"))
    ReportedValue.objects.bulk_create(rows, batch_size=5000)
    refresh_year(year)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")


def slowest(fn) -> float:
    fn()  # warm-up: fonts loaded, statements prepared
    runs = []
    for _ in range(RUNS):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return max(runs)


def both(unit: Unit, period) -> None:
    assert document_bytes(unit, period, "docx")[:2] == b"PK"
    assert document_bytes(unit, period, "pdf")[:4] == b"%PDF"


def per_child(unit: Unit, period) -> None:
    """The baseline: every child unit's figures read one by one, then the unit's."""
    for child, _figs in collect(unit, period, children=True).children:
        collect(Unit.objects.get(pk=child.pk), period)


def main() -> None:
    migrate()
    red_cross_profile()
    build_tree()
    generate()
    year = timezone.localdate().year - 1
    period = year_period(year)
    province = the_province()
    central = Unit.objects.get(depth=1)
    programme_figures(province, year)
    inds = association_indicators()
    bases = Unit.objects.filter(path__startswith=province.path, kind=UnitKind.BASE).count()
    log(f"reports: {province.name}: {bases} bases, {len(inds)} indicators")
    scale = SCALE if MEMBERS == DEFAULT else f"{MEMBERS:,} members"
    with translation.override("vi"):
        prov = slowest(lambda: both(province, period))
        base = slowest(lambda: per_child(province, period))
        emit("reports.province_annual_s", prov, "s", base, goal=GOALS["province_s"],
             members=MEMBERS, bases=bases, scale=scale)  # fmt: skip
        nat = slowest(lambda: both(central, period))
        base = slowest(lambda: per_child(central, period))
        emit("reports.national_annual_s", nat, "s", base, goal=GOALS["national_s"],
             members=MEMBERS, scale=scale)  # fmt: skip

        def bases_table() -> None:
            data, rows = table(province, period, inds, bases=True)
            assert len(rows) == bases
            table_xlsx(data, inds, rows)

        tab = slowest(bases_table)
        emit("reports.province_table_s", tab, "s", goal=GOALS["table_s"], bases=bases,
             indicators=len(inds), cells=bases * len(inds), members=MEMBERS, scale=scale)  # fmt: skip
        quarter = parse_period(f"{year}-07-01..{year}-09-30")
        q = slowest(lambda: both(province, quarter))
        base = slowest(lambda: per_child(province, quarter))
        emit("reports.province_quarter_s", q, "s", base, goal=GOALS["province_s"],
             members=MEMBERS, bases=bases, scale=scale)  # fmt: skip


if __name__ == "__main__":
    main()
