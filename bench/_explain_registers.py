"""Not a benchmark: where a register search spends its time (for investigating a slow figure).

    BENCH_SCALE=small scripts/with-postgres.sh .venv/bin/python bench/_explain_registers.py

Builds the same data as bench/registers.py, then for a few searches by a province and a base manager prints
each SQL query with its time and the EXPLAIN ANALYZE of the slowest one.
"""

import time

from _common import migrate, red_cross_profile
from registers import generate, manager_client
from tree import build_tree

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from org.models import Unit
from people.models import Person


def main() -> None:
    migrate()
    red_cross_profile()
    build_tree()
    province = Unit.objects.filter(kind="province", admin_code="01").get()
    book_base = Unit.objects.subtree_of(province).filter(kind="base").order_by("path").first()
    generate(province, book_base)
    for unit, username in ((province, "explain_tinh"), (book_base, "explain_coso")):
        explain(unit, username)


def explain(unit, username) -> None:
    """Time 100 searches, then show the queries of the three slowest."""
    _user, web = manager_client(username, unit)
    keys = list(
        Person.objects.filter(memberships__unit_path__startswith=unit.path)
        .order_by("?")
        .values_list("search_key", flat=True)[:100]
    )
    page = reverse("members:register", args=[unit.pk])
    timed = []
    for q in keys:
        t = time.perf_counter()
        web.get(page, {"q": q})
        timed.append(((time.perf_counter() - t) * 1000, q))
    timed.sort()
    print(f"### {unit.name}: median {timed[len(timed) // 2][0]:.1f} ms, slowest", timed[-5:])
    for _ms, q in timed[-3:]:
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            web.get(page, {"q": q})
            total = (time.perf_counter() - t) * 1000
        print(f"=== q={q!r}: {total:.1f} ms, {len(ctx.captured_queries)} queries")
        for query in ctx.captured_queries:
            print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:150]}")
        slow = max(ctx.captured_queries, key=lambda x: float(x["time"]))
        with connection.cursor() as cur:
            cur.execute("EXPLAIN ANALYZE " + slow["sql"])
            print("\n".join(row[0] for row in cur.fetchall()))


if __name__ == "__main__":
    main()
