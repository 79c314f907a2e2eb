"""Helpers shared by the benchmark scripts: Django set-up, timing, JSON lines."""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sohoi.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

SCALE = os.environ.get("BENCH_SCALE", "full")


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def timings_ms(fn, n: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]
    )


def emit(name: str, value: float, unit: str, baseline: float | None = None, **extra) -> None:
    row = {"name": name, "value": round(value, 3), "unit": unit}
    if baseline is not None:
        row["baseline"] = round(baseline, 3)
        row["ratio"] = round(value / baseline, 4) if baseline else None
    row.update(extra)
    print(json.dumps(row, ensure_ascii=False), flush=True)


def red_cross_profile() -> None:
    """The association profile every benchmark runs with: the Red Cross preset."""
    from org.models import AssociationProfile
    from org.presets import PRESETS

    data = PRESETS["red_cross"]
    AssociationProfile.objects.get_or_create(
        pk=1,
        defaults={
            "preset": "red_cross",
            "name": data["name"],
            "short_name": data["short_name"],
            "member_categories": data["member_categories"],
            "terminology": data["terminology"],
        },
    )


def national_members(label: str, members: int, seed: int, keep: int) -> None:
    """The demo association's national tree with ``members`` memberships (nothing done when they
    are there already), then its yearly figures for the last ``keep`` years, with progress."""
    from indicators.figures import refresh_all
    from members import demo
    from members.models import Membership

    if Membership.objects.count() >= members:
        log(f"{label}: memberships already there")
        return
    started = time.perf_counter()

    def progress(stats) -> None:
        log(f"{label}: {stats.memberships:,} memberships, {time.perf_counter() - started:.0f}s")

    demo.run(members=members, seed=seed, progress=progress)
    t = time.perf_counter()
    refresh_all(keep=keep)
    log(f"{label}: figures refreshed in {time.perf_counter() - t:.0f}s")


def largest_province():
    """The province with the most bases."""
    from org.models import Unit, UnitKind

    counts: dict[str, int] = {}
    for path in Unit.objects.filter(kind=UnitKind.BASE).values_list("path", flat=True):
        counts[path[: 2 * Unit.steplen]] = counts.get(path[: 2 * Unit.steplen], 0) + 1
    return Unit.objects.get(path=max(counts, key=lambda p: counts[p]))
