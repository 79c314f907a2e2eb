"""Reporting benchmark: a province's annual form with all its bases' rows, approving it, and the
dashboard reflecting the approved numbers.

Data: the national tree of bench/tree.py, MEMBERS memberships from ``members.demo`` (full:
1,000,000; BENCH_SCALE=small: 50,000; REPORTING_MEMBERS overrides), the yearly figures refreshed,
the Red Cross forms (load_preset) with ITEMS items in all (the preset's and reported-only items the
province adds), one submitted annual report per base of the province with the most bases, each
with about 25 typed numbers (members among them). VACUUM ANALYZE.
Figures:
  reporting.province_form_p95_ms   p95 of the province's table of its bases for the annual form
                                   (GET /u/<id>/reporting/rc-annual/<year>/units/, Django's test
                                   client: the whole request), ``bases`` × ``items`` cells
    baseline: the same rows read base by base (each base's report page: its lines one at a time)
  reporting.approve_province_s     approving every base's report at once (one POST of the table:
                                   locks for every base, events, the yearly numbers published to
                                   the figures, dirty marks); the slowest of RUNS
    baseline: the same reports approved one by one (approve_report per report, extrapolated from
              SAMPLE reports)
  reporting.dashboard_refresh_s    the refresh the dashboards already have (refresh_dirty, what the
                                   task runs after the commit) after the approval; ``reflects``:
                                   the province dashboard's members then equal the sum of the
                                   bases' reported numbers
Between runs the approvals are undone (reports back to submitted, their locks and events gone).
"""

import datetime
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

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from core.models import AuditEvent
from indicators import selectors as ind_selectors
from indicators.catalogue import BY_CODE
from indicators.figures import refresh_dirty
from members.models import Membership
from org.models import PeriodLock, Unit
from reporting import selectors, services
from reporting.models import FormItem, Report, ReportEvent, ReportForm, ReportValue, Status
from reporting.periods import parse_period
from reporting.presets import load_preset

DEFAULT = 50_000 if SCALE == "small" else 1_000_000
MEMBERS = int(os.environ.get("REPORTING_MEMBERS", DEFAULT))
N, RUNS, SAMPLE = (10, 2, 5) if SCALE == "small" else (30, 3, 20)
ITEMS = 40
GOALS = {"form_ms": 300, "approve_s": 2.0}
SEED = 23


def generate() -> None:
    national_members("reporting", MEMBERS, SEED, keep=3)  # the years the figures read


def the_province() -> Unit:
    return largest_province()


def seed_reports(form: ReportForm, province: Unit, period, actor) -> list[Report]:
    """One submitted report per base, with typed numbers; set-based."""
    bases = selectors.reporting_children(form, province, period.end)
    if Report.objects.filter(form=form, start=period.start, unit__in=bases).count() == len(bases):
        return list(Report.objects.filter(form=form, start=period.start, unit__in=bases))
    members = dict(
        Membership.objects.filter(unit__path__startswith=province.path, category="member")
        .active_on(period.end)
        .values_list("unit__path")
        .annotate(n=Count("pk"))
        .values_list("unit__path", "n")
    )
    now = timezone.now()
    due = period.end + datetime.timedelta(days=form.deadline_days)
    with transaction.atomic():
        reports = Report.objects.bulk_create(
            Report(form=form, unit=b, start=period.start, end=period.end, due_on=due,
                   status=Status.SUBMITTED, submitted_at=now, submitted_by=actor, created_by=actor)
            for b in bases
        )  # fmt: skip
        typed = [i.code for i in services.items_for(form, province) if i.code not in BY_CODE][:24]
        values = []
        for n, (r, b) in enumerate(zip(reports, bases, strict=True)):
            in_base = sum(v for p, v in members.items() if p.startswith(b.path))
            values.append(ReportValue(report=r, code="members", value=in_base + n % 7))
            values += [
                ReportValue(report=r, code=c, value=(n * 37 + k * 11) % 500)
                for k, c in enumerate(typed)
            ]
        ReportValue.objects.bulk_create(values, batch_size=5000)
        services._publish(reports)  # what submitting does: the numbers reach the figures
    refresh_dirty()
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    log(f"reporting: {len(reports)} reports, {len(values):,} values")
    return reports


def undo_approvals(reports: list[Report]) -> None:
    ids = [r.pk for r in reports]
    with transaction.atomic():
        Report.objects.filter(pk__in=ids).update(status=Status.SUBMITTED, step=0, approved_at=None)
        PeriodLock.objects.filter(source__in=[f"reporting.report:{i}" for i in ids]).delete()
        ReportEvent.objects.filter(report_id__in=ids, action="approve").delete()
        AuditEvent.objects.filter(action="reporting.approve").delete()


def main() -> None:
    migrate()
    red_cross_profile()
    build_tree()
    generate()
    load_preset(actor=None, preset="red_cross")
    form = ReportForm.objects.get(code="rc-annual")
    province = the_province()
    extra = ITEMS - form.items.filter(unit__isnull=True).count()
    for k in range(max(extra, 0)):
        FormItem.objects.get_or_create(form=form, code=f"prov_item_{k + 1}", defaults={
            "name": f"Chỉ tiêu riêng của tỉnh {k + 1}", "unit": province, "position": 100 + k})  # fmt: skip
    items = services.items_for(form, province)
    year = timezone.localdate().year - 1
    period = parse_period("year", str(year))
    user, web = manager_client("bench_tinh_bc", province)
    reports = seed_reports(form, province, period, user)
    undo_approvals(reports)
    bases = len(reports)
    log(f"reporting: {province.name}: {bases} bases × {len(items)} items")

    url = f"/u/{province.pk}/reporting/rc-annual/{period.key}/units/"
    assert web.get(url).status_code == 200
    if os.environ.get("REPORTING_PROFILE"):  # where the page's time goes, on stderr
        import cProfile
        import pstats

        from django.db import reset_queries
        from django.test.utils import CaptureQueriesContext

        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            prof = cProfile.Profile()
            prof.runcall(web.get, url)
        log(f"reporting: the page ran {len(queries)} queries")
        for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]:
            log(q["time"], q["sql"][:300])
        pstats.Stats(prof, stream=__import__("sys").stderr).sort_stats("cumulative").print_stats(30)
    page = timings_ms(lambda: web.get(url), N)

    def one_by_one() -> None:
        for r in Report.objects.filter(pk__in=[x.pk for x in reports]).select_related(
            "form", "unit"
        ):
            services.report_lines(r)

    base = timings_ms(one_by_one, max(N // 5, 2), warmup=1)
    emit("reporting.province_form_p95_ms", p95(page), "ms", p95(base), goal=GOALS["form_ms"],
         bases=bases, items=len(items), members=MEMBERS, scale=SCALE if MEMBERS == DEFAULT else
         f"{MEMBERS:,} members")  # fmt: skip

    approve_url = f"/u/{province.pk}/reporting/rc-annual/{period.key}/units/approve/"
    runs = []
    for _ in range(RUNS):
        undo_approvals(reports)
        t = time.perf_counter()
        r = web.post(approve_url, {"report": [x.pk for x in reports]})
        runs.append(time.perf_counter() - t)
        assert r.status_code == 302
        assert (
            PeriodLock.objects.filter(
                source__startswith="reporting.report:", reopened_at__isnull=True
            ).count()
            >= bases
        )
    undo_approvals(reports)
    sample = list(
        Report.objects.filter(pk__in=[x.pk for x in reports[:SAMPLE]]).select_related(
            "form", "unit"
        )
    )
    t = time.perf_counter()
    for r in sample:
        services.approve_report(actor=user, report=r)
    one_each = (time.perf_counter() - t) / len(sample) * bases
    emit("reporting.approve_province_s", max(runs), "s", one_each, goal=GOALS["approve_s"],
         bases=bases, locks=bases)  # fmt: skip

    undo_approvals(reports)
    refresh_dirty()
    # A base corrects its members through a reopen and a new submission; the province approves.
    web.post(approve_url, {"report": [x.pk for x in reports]})
    first = reports[0]
    services.reopen_report(actor=user, report=first, reason="bench")
    services.save_value(actor=user, report=first, code="members", value=123_456)
    services.submit_report(actor=user, report=first)
    services.approve_report(actor=user, report=first)
    t = time.perf_counter()
    refresh_dirty()
    refresh_s = time.perf_counter() - t
    typed_sum = sum(
        ReportValue.objects.filter(report__in=reports, code="members").values_list(
            "value", flat=True
        )
    )
    row = ind_selectors.values([province], year, [BY_CODE["members"]])[0]
    cell = row.cells["members"]
    emit("reporting.dashboard_refresh_s", refresh_s, "s", reflects=cell.value == typed_sum,
         source=cell.source, reported_units=cell.reported_below, province_members=cell.value,
         reported_sum=typed_sum)  # fmt: skip
    undo_approvals(reports)


if __name__ == "__main__":
    main()
