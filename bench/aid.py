"""Benchmarks of the aid app, on PostgreSQL:

  PG_FAST=1 scripts/with-postgres.sh .venv/bin/python bench/aid.py

- aid_list_10k_check: a 10,000-line recipient list (typed people: half with a CCCD, half found
  by name and birth year) checked against a campaign already holding 500,000 recipients in a
  province of 1,000,000 people, 200 of its lines already listed by other bases: every line
  refused with its reason, nothing written (the issue's goal: <= 3 s with the exports);
- aid_list_10k_add: the same list without those 200 lines added (the new people registered,
  the lines written);
- aid_list_10k_exports: its signed receipt list as xlsx and as PDF;
- aid_list_10k_total: add + exports (goal <= 3 s);
- aid_deliveries_300: 300 deliveries ticked on the phone page, one POST (goal <= 1 s).

BENCH_SCALE=small: 100,000 people and 50,000 recipients (the same 10,000-line list).
"""

import os
import time

from _common import SCALE, emit, log, migrate, red_cross_profile
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from accounts.models import RoleAssignment
from aid import exports, services
from aid.models import Recipient, RecipientList
from org.models import Unit, UnitKind

PEOPLE = 100_000 if SCALE == "small" else 1_000_000
LISTED = PEOPLE // 2
BASES = 100
LINES = 10_000
ALREADY = 200


def build():
    root = Unit.objects.add_root({"name": "Trung ương Hội Chữ thập đỏ Việt Nam", "kind": UnitKind.CENTRAL})  # fmt: skip
    province = Unit.objects.add_child(
        root, {"name": "Hội Chữ thập đỏ thành phố Đà Nẵng", "kind": UnitKind.PROVINCE, "admin_code": "48"}
    )  # fmt: skip
    bases = [
        Unit.objects.add_child(
            province,
            {"name": f"Hội Chữ thập đỏ phường {i}", "kind": UnitKind.BASE, "base_type": "ward"},
        )  # fmt: skip
        for i in range(1, BASES + 1)
    ]
    ids = [b.pk for b in bases]
    t = time.perf_counter()
    with connection.cursor() as cur:
        # People spread over the bases (no CCCD: the typed list brings new numbers).
        cur.execute(
            """
            INSERT INTO people_person (full_name, search_key, sort_key, sex, birth_year,
                birth_precision, cccd, phone, address_code, address_detail, ethnicity, religion,
                occupation, unit_id, created_at, updated_at)
            SELECT 'Người ' || g, 'nguoi ' || g, 'nguoi ' || g, CASE WHEN g %% 2 = 0 THEN 'F' ELSE 'M' END,
                1930 + g %% 70, 'year', NULL, '', '', 'Tổ ' || (g %% 40), '', '', '',
                (%s::int[])[1 + g %% %s], now(), now()
            FROM generate_series(1, %s) g
            """,
            [ids, BASES, PEOPLE],
        )
        cur.execute("ANALYZE people_person")
    log(f"aid: {PEOPLE:,} people in {time.perf_counter() - t:.1f} s")
    return province, bases


def seed_campaign(actor, province, bases):
    tet = services.create_campaign(
        actor=actor, unit=province, name="Tết Nhân ái", kind="tet",
        start=timezone.localdate().replace(month=1, day=2),
        end=timezone.localdate().replace(month=2, day=10),
    )  # fmt: skip
    parcel = services.add_parcel_type(actor=actor, campaign=tet, name="Suất quà Tết", cash=300_000, goods=200_000)  # fmt: skip
    for b in bases:
        services.set_participant(actor=actor, campaign=tet, unit=b, target_gifts=6000)
    for b in bases[1:]:
        services.create_list(actor=actor, campaign=tet, unit=b)
    t = time.perf_counter()
    with connection.cursor() as cur:
        # People of every base but the first, up to LISTED, are listed already.
        cur.execute(
            """
            INSERT INTO aid_recipient (campaign_id, list_id, unit_id, person_id, parcel_type_id,
                full_name, birth_year, address, sort_key, cash, goods, delivery, created_at,
                remove_reason)
            SELECT %s, l.id, p.unit_id, p.id, %s, p.full_name, p.birth_year, p.address_detail,
                p.sort_key, 300000, 200000, 'pending', now(), ''
            FROM people_person p JOIN aid_recipientlist l ON l.unit_id = p.unit_id
                AND l.campaign_id = %s
            ORDER BY p.id LIMIT %s
            """,
            [tet.pk, parcel.pk, tet.pk, LISTED],
        )
        cur.execute("ANALYZE aid_recipient")
    log(f"aid: {Recipient.objects.count():,} recipients in {time.perf_counter() - t:.1f} s")
    return tet, parcel


def lines(parcel, base, already: int):
    out = []
    for i in range(LINES - ALREADY):
        year = 1950 + i % 50
        cccd = f"0480{year % 100:02d}{i:06d}" if i % 2 else ""
        out.append(services.RecipientLine(
            line=i + 2, full_name=f"Trần Thị Mới {i}", birth_year=year, sex="M" if i % 2 else "F",
            cccd=cccd, address=f"Tổ {i % 40}", parcel_type_id=parcel.pk,
        ))  # fmt: skip
    return out


def taken(parcel, bases) -> list:
    """Lines naming people other bases listed (by name and year: a member of the list's base)."""
    rows = list(
        Recipient.objects.filter(unit_id=bases[2].pk).values_list(
            "person_id", "full_name", "birth_year"
        )[:ALREADY]  # fmt: skip
    )
    return [services.RecipientLine(line=LINES + i, person_id=pid, parcel_type_id=parcel.pk)
            for i, (pid, _n, _y) in enumerate(rows)]  # fmt: skip


def main() -> None:
    migrate()
    red_cross_profile()
    province, bases = build()
    admin = get_user_model().objects.create_user("bench_aid", is_superuser=True)
    RoleAssignment.objects.create(user=admin, unit=province, role="manager")
    tet, parcel = seed_campaign(admin, province, bases)
    base = bases[0]
    rl = services.create_list(actor=admin, campaign=tet, unit=base)
    clean = lines(parcel, base, 0)
    dirty = clean + taken(parcel, bases)
    timed: list[tuple[float, str]] = []

    def timer(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append((time.perf_counter() - start, sql[:160]))

    t = time.perf_counter()
    with connection.execute_wrapper(timer):
        try:
            services.add_recipients(actor=admin, rlist=rl, lines=dirty)
            refused = 0
        except services.LinesRefused as e:
            refused = len(e.lines)
    check = time.perf_counter() - t
    for took, sql in sorted(timed, reverse=True)[:4]:
        log(f"aid: check query {took:.3f} s: {sql}")
    assert refused == ALREADY, refused
    load = round(os.getloadavg()[0], 1)  # the machine is shared: say how busy it was
    emit("aid_list_10k_check", check, "s", lines=len(dirty), refused=refused, load=load,
         recipients=Recipient.objects.count(), people=PEOPLE, scale=SCALE)  # fmt: skip
    t = time.perf_counter()
    services.add_recipients(actor=admin, rlist=rl, lines=clean)
    add = time.perf_counter() - t
    emit("aid_list_10k_add", add, "s", lines=len(clean), scale=SCALE)
    rl = RecipientList.objects.select_related("campaign", "unit").get(pk=rl.pk)
    t = time.perf_counter()
    rows = exports.rows_of(rl)
    xlsx = exports.receipt_xlsx(rl, rows)
    t_xlsx = time.perf_counter() - t
    t = time.perf_counter()
    pdf = exports.receipt_pdf(rl, rows)
    t_pdf = time.perf_counter() - t
    emit("aid_list_10k_exports", t_xlsx + t_pdf, "s", xlsx_s=round(t_xlsx, 3),
         pdf_s=round(t_pdf, 3), xlsx_kb=len(xlsx) // 1024, pdf_kb=len(pdf) // 1024, scale=SCALE)  # fmt: skip
    emit("aid_list_10k_total", add + t_xlsx + t_pdf, "s", baseline=3.0, scale=SCALE)
    # 300 deliveries from the phone tick-list: one POST.
    with transaction.atomic():
        services.approve_list(actor=admin, rlist=rl, on=timezone.localdate())
    client = Client()
    client.force_login(admin)
    ids = list(rl.lines.order_by("sort_key").values_list("pk", flat=True)[:300])
    form = {f"d-{pk}": ("delivered" if i % 10 else "absent") for i, pk in enumerate(ids)}
    assert client.get(f"/aid/lists/{rl.pk}/deliver/").status_code == 200  # a warm process
    t = time.perf_counter()
    response = client.post(f"/aid/lists/{rl.pk}/deliver/", form)
    post = time.perf_counter() - t
    assert response.status_code == 302, response.status_code
    assert rl.lines.filter(delivery="delivered").count() == 270
    emit("aid_deliveries_300", post, "s", baseline=1.0, scale=SCALE)


if __name__ == "__main__":
    main()
