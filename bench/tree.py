"""Foundation benchmark: the national unit tree, scoped search, unit pages.

Tree: central, 34 provinces, 3,321 base associations (one per commune), BRANCHES branches per
base and GROUPS groups per branch (full: 10 and 2, about 100,000 units; BENCH_SCALE=small: 3, 0).
Figures (p95 over repeated requests through Django's test client, so the whole request path
counts: middleware, session, scope, query, template/JSON):
  org.unit_search_p95_ms       accent-insensitive unit search in a province manager's scope (API)
    baseline: the same search done naively (load every unit in scope, compare keys in Python)
  org.unit_search_national_p95_ms  the same search over the whole country (national admin)
  org.unit_children_p95_ms     children of a province (API, first page)
  org.unit_page_p95_ms         province home page (children with counts, subtree counts by kind)
  accounts.scope_count_p95_ms  count of units visible to a province manager
"""

import random
import time

from _common import SCALE, emit, log, migrate, p95, timings_ms

from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import RoleAssignment
from accounts.services import issue_api_token
from core.text import search_key
from org.admin_areas import association_unit_name, load_admin_areas
from org.bulk import NodeSpec, bulk_add_children
from org.models import AdminArea, Unit, UnitKind

PREFIX = "Hội Chữ thập đỏ"
BRANCHES, GROUPS, N = (3, 0, 50) if SCALE == "small" else (10, 2, 300)


def build_tree() -> Unit:
    central = Unit.objects.filter(depth=1, kind=UnitKind.CENTRAL).first()
    if central is not None:
        return central
    load_admin_areas()
    central = Unit.objects.add_root(
        {"name": "Trung ương Hội Chữ thập đỏ Việt Nam", "kind": "central"}
    )
    communes: dict[str, list[AdminArea]] = {}
    for area in AdminArea.objects.filter(level="commune").order_by("code"):
        communes.setdefault(area.province_code, []).append(area)
    specs = []
    for prov in AdminArea.objects.filter(level="province").order_by("code"):
        bases = [
            NodeSpec(
                name=association_unit_name(PREFIX, c.name),
                kind=UnitKind.BASE,
                admin_code=c.code,
                children=[
                    NodeSpec(
                        name=f"Chi hội khu dân cư {b}",
                        kind=UnitKind.BRANCH,
                        children=[
                            NodeSpec(name=f"Tổ hội {b}.{g}", kind=UnitKind.GROUP)
                            for g in range(1, GROUPS + 1)
                        ],
                    )
                    for b in range(1, BRANCHES + 1)
                ],
            )
            for c in communes[prov.code]
        ]
        specs.append(
            NodeSpec(
                name=association_unit_name(PREFIX, prov.name),
                kind="province",
                admin_code=prov.code,
                children=bases,
            )
        )
    t = time.perf_counter()
    created = bulk_add_children(central, specs)
    log(f"tree: {created + 1} units in {time.perf_counter() - t:.1f}s")
    return central


def main() -> None:
    migrate()
    central = build_tree()
    total = Unit.objects.count()
    province = Unit.objects.filter(kind="province", admin_code="01").get()  # Hà Nội, the largest
    user_model = get_user_model()
    manager, created = user_model.objects.get_or_create(username="bench_tinh")
    if created:
        RoleAssignment.objects.create(user=manager, unit=province, role="manager")
    _token, raw = issue_api_token(actor=manager, user=manager, name="bench")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    web = Client()
    web.force_login(manager)

    rng = random.Random(7)
    names = list(
        Unit.objects.subtree_of(province).filter(kind="base").values_list("name", flat=True)
    )
    queries = [search_key(rng.choice(names).split(" ", 4)[-1]) for _ in range(N)]

    def search():
        r = api.get(
            "/api/v1/units/search", {"q": queries[rng.randrange(len(queries))], "root": province.pk}
        )
        assert r.status_code == 200, r.content[:200]

    def naive_search():
        q = queries[rng.randrange(len(queries))]
        hits = [
            n
            for n in Unit.objects.subtree_of(province).values_list("name", flat=True)
            if q in search_key(n)
        ]
        assert hits is not None

    national_user, _ = user_model.objects.get_or_create(
        username="bench_tw", defaults={"is_superuser": True, "is_staff": True}
    )
    _token, raw_tw = issue_api_token(actor=national_user, user=national_user, name="bench")
    national = Client(HTTP_AUTHORIZATION=f"Bearer {raw_tw}")

    def national_search():
        r = national.get("/api/v1/units/search", {"q": queries[rng.randrange(len(queries))]})
        assert r.status_code == 200, r.content[:200]

    def children():
        r = api.get("/api/v1/units", {"parent": province.pk})
        assert r.status_code == 200, r.content[:200]

    def page():
        r = web.get(f"/u/{province.pk}/")
        assert r.status_code == 200

    def scope_count():
        assert Unit.objects.visible_to(manager).count() > 0

    extra = {"units": total, "scope_units": Unit.objects.subtree_of(province).count()}
    emit(
        "org.unit_search_p95_ms",
        p95(timings_ms(search, N)),
        "ms",
        baseline=p95(timings_ms(naive_search, max(N // 10, 10))),
        **extra,
    )
    emit(
        "org.unit_search_national_p95_ms",
        p95(timings_ms(national_search, N)),
        "ms",
        units=total,
        scope_units=total,
    )
    emit("org.unit_children_p95_ms", p95(timings_ms(children, N)), "ms", **extra)
    emit("org.unit_page_p95_ms", p95(timings_ms(page, N)), "ms", **extra)
    emit("accounts.scope_count_p95_ms", p95(timings_ms(scope_count, N)), "ms", **extra)
    assert central


if __name__ == "__main__":
    main()
