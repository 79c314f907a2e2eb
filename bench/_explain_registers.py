"""Investigation helper (not a benchmark): EXPLAIN ANALYZE of the register's queries."""

import time

from _common import migrate
from registers import generate, manager_client, profile
from tree import build_tree

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from org.models import Unit
from people.models import Person

migrate()
profile()
build_tree()
province = Unit.objects.filter(kind="province", admin_code="01").get()
book_base = Unit.objects.subtree_of(province).filter(kind="base").order_by("path").first()
generate(province, book_base)
_u, web = manager_client("x_tinh", province)
keys = list(
    Person.objects.filter(memberships__unit_path__startswith=province.path)
    .order_by("?")
    .values_list("search_key", flat=True)[:5]
)
page = reverse("members:register", args=[province.pk])
import cProfile
import pstats

for q in keys[:3]:
    web.get(page, {"q": q})
for params in ({"q": keys[0]}, {}):
    ts = []
    for _ in range(10):
        t = time.perf_counter()
        web.get(page, params)
        ts.append((time.perf_counter() - t) * 1000)
    print(params, "ms:", sorted(round(x) for x in ts))
prof = cProfile.Profile()
prof.enable()
for _ in range(5):
    web.get(page, {"q": keys[1]})
prof.disable()
pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
