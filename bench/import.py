"""Import benchmark: a 1,000,000-row messy-but-valid register xlsx, end to end.

The script writes the file (xlsxwriter, constant memory): two title lines, a merged "Năm sinh"
header over "Nam" | "Nữ", a column-number row, birth years and dates under Nam/Nữ, CCCD numbers
stored as numbers (leading zero lost) or text, phones as 0…, 84…, +84 …, branch names in
mixed case and without accents, joining dates as date cells, dd/mm/yyyy text or years, blank
lines, and 1% of rows that are people already registered (the dedupe finds them).

Figures:
  imports.rows_per_s        read + detect + validate + dedupe + commit (one transaction, COPY),
                            in a child process; baseline: django-import-export (ModelResource
                            into Person) on a 200,000-row slice (one clean header row: it cannot
                            find a header under title lines), extrapolated per second
  imports.peak_rss_mb       peak RSS of the import's child process (ru_maxrss)
  imports.calamine_rss_mb   RSS of only opening the sheet and iterating its rows (calamine loads
                            the whole sheet into memory; iter_rows converts a row at a time)

  scripts/with-postgres.sh .venv/bin/python bench/import.py     (BENCH_SCALE=small: 50,000 rows)
"""

import datetime
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import SCALE, emit, log, migrate, red_cross_profile

ROWS = 50_000 if SCALE == "small" else 1_000_000
BASELINE_ROWS = int(os.environ.get("BENCH_BASELINE_ROWS", 10_000 if SCALE == "small" else 200_000))
EXISTING = 20_000 if SCALE == "small" else 50_000
BRANCHES = 12


def setup_units():
    from org.models import Unit, UnitKind

    red_cross_profile()
    base = Unit.objects.filter(
        kind=UnitKind.BASE, name__startswith="Hội Chữ thập đỏ phường Bench"
    ).first()
    if base is None:
        central = Unit.objects.filter(depth=1).first() or Unit.objects.add_root(
            {"name": "Trung ương Hội Chữ thập đỏ Việt Nam", "kind": UnitKind.CENTRAL}
        )
        prov = Unit.objects.add_child(
            central,
            {
                "name": "Hội Chữ thập đỏ thành phố Đà Nẵng Bench",
                "kind": UnitKind.PROVINCE,
                "admin_code": "48",
            },
        )
        base = Unit.objects.add_child(
            prov,
            {"name": "Hội Chữ thập đỏ phường Bench", "kind": UnitKind.BASE, "base_type": "ward"},
        )
        base = Unit.objects.get(pk=base.pk)
        for i in range(1, BRANCHES + 1):
            Unit.objects.add_child(
                Unit.objects.get(pk=base.pk),
                {"name": f"Chi hội tổ dân phố {i}", "kind": UnitKind.BRANCH},
            )
    return Unit.objects.get(pk=base.pk)


def existing_people(base, n: int) -> list[tuple]:
    """Load ``n`` members into the base (the demo writer) and return some of them as rows."""
    from members import demo
    from people.models import Person

    if not Person.objects.filter(unit=base).exists():
        demo.run(members=n, seed=7, bases=[base])
    return list(
        Person.objects.filter(unit=base).values_list("full_name", "sex", "birth_year", "cccd")[
            : n // 10
        ]
    )


def generate(
    path: Path, rows: int, existing: list[tuple], seed: int = 1, clean: bool = False
) -> None:
    """The messy register (or, with ``clean``, the same rows under one plain header row)."""
    import xlsxwriter

    from core.vn import FEMALE, MALE
    from members.demo import _FAMILY, _MIDDLE, GIVEN_NAMES, MOBILE_PREFIXES, cccd_number

    rng = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Danh sách hội viên")
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    headers = ["STT", "Họ và tên", "Năm sinh", "", "Số CCCD", "Số điện thoại", "Chi hội",
               "Ngày vào Hội", "Số thẻ", "Địa chỉ", "Nghề nghiệp", "Ghi chú"]  # fmt: skip
    r = 0
    if clean:
        ws.write_row(0, 0, ["full_name", "sex", "birth_year", "cccd", "phone", "unit"])
        r = 1
    else:
        ws.write(0, 0, "HỘI CHỮ THẬP ĐỎ PHƯỜNG BENCH")
        ws.write(1, 0, "DANH SÁCH HỘI VIÊN")
        ws.write_row(3, 0, headers)
        ws.write_row(4, 0, ["", "", "Nam", "Nữ"])
        ws.write_row(5, 0, [f"({i})" for i in range(1, 13)])
        r = 6
    branch_forms = [
        [f"Chi hội tổ dân phố {i}", f"chi hoi to dan pho {i}", f"TỔ DÂN PHỐ {i}", str(i)]
        for i in range(1, BRANCHES + 1)
    ]
    jobs = ["Nông dân", "Công nhân", "Giáo viên", "Buôn bán", "Nội trợ", "Hưu trí", ""]
    this_year = datetime.date.today().year
    for n in range(1, rows + 1):
        if existing and rng.random() < 0.01:
            name, sex, year, cccd = rng.choice(existing)
            year = year or 1980
        else:
            sex = FEMALE if rng.random() < 0.6 else MALE
            parts = [_FAMILY.pick(rng), _MIDDLE[sex].pick(rng), rng.choice(GIVEN_NAMES[sex])]
            name = " ".join(parts)
            year = rng.randint(1945, this_year - 19)
            cccd = cccd_number("048", year, sex, n) if rng.random() < 0.9 else None
        bdate = None
        if rng.random() < 0.7:
            bdate = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        phone = f"0{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10_000_000):07d}"
        branch_i = rng.randrange(BRANCHES)
        # (an existing member may be younger than 19: the range must not be empty)
        first_year = min(max(year + 18, 1990), this_year - 1)
        joined = datetime.date(
            rng.randint(first_year, this_year - 1), rng.randint(1, 12), rng.randint(1, 28)
        )
        if clean:
            ws.write_row(
                r, 0, [name, sex, year, cccd or "", phone, f"Chi hội tổ dân phố {branch_i + 1}"]
            )
            r += 1
            continue
        ws.write_number(r, 0, n)
        ws.write_string(r, 1, name if rng.random() < 0.95 else name.upper())
        col = 2 if sex == MALE else 3
        if bdate is None:
            ws.write_number(r, col, year)
        elif rng.random() < 0.5:
            ws.write_datetime(r, col, datetime.datetime.combine(bdate, datetime.time()), date_fmt)
        else:
            ws.write_string(
                r,
                col,
                bdate.strftime("%d/%m/%Y")
                if rng.random() < 0.8
                else f"{bdate.day}/{bdate.month}/{bdate.year}",
            )
        if cccd:
            if cccd[0] == "0" and rng.random() < 0.5:
                ws.write_number(r, 4, int(cccd))  # the leading zero lost
            else:
                ws.write_string(r, 4, cccd)
        p = rng.random()
        ws.write_string(
            r,
            5,
            phone
            if p < 0.6
            else ("84" + phone[1:] if p < 0.8 else f"+84 {phone[1:4]} {phone[4:7]} {phone[7:]}"),
        )
        ws.write_string(r, 6, rng.choice(branch_forms[branch_i]))
        j = rng.random()
        if j < 0.4:
            ws.write_datetime(r, 7, datetime.datetime.combine(joined, datetime.time()), date_fmt)
        elif j < 0.85:
            ws.write_string(r, 7, joined.strftime("%d/%m/%Y"))
        else:
            ws.write_number(r, 7, joined.year)
        ws.write_string(r, 8, f"BN-{n:07d}")
        ws.write_string(r, 9, f"Tổ {branch_i + 1}, phường Bench")
        ws.write_string(r, 10, rng.choice(jobs))
        r += 1
        if n % 5000 == 0:
            r += 1  # a blank line now and then
    wb.close()


def child_import(path: str, unit_id: int) -> None:
    """Run in a separate process: the import alone, its time and peak memory."""
    from django.db import connection

    from org.models import Unit

    from imports import parallel, services
    from imports.models import ImportJob

    class Upload:
        name = Path(path).name
        size = Path(path).stat().st_size

        def chunks(self):
            with open(path, "rb") as f:
                while part := f.read(1 << 20):
                    yield part

    unit = Unit.objects.get(pk=unit_id)
    t0 = time.perf_counter()
    job = services.create_job(actor=None, unit=unit, kind="member", upload=Upload(), mode="skip")
    job.status = ImportJob.Status.READY
    job.save(update_fields=["status"])
    services.start_commit(actor=None, job=job, enqueue=False)
    job = services.commit_job(job.pk, book=getattr(job, "_book", None))
    seconds = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The worker processes (imports.parallel), if the import used them: the largest one's peak
    # times their number (their peaks need not coincide: an upper bound of the sum).
    workers = parallel.worker_count() if job.counts.get("total", 0) >= parallel.MIN_ROWS else 0
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if workers else 0
    connection.close()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_mb": rss_mb + workers * worker_mb,
                "main_rss_mb": rss_mb,
                "workers": workers,
                "worker_rss_mb": worker_mb,
                "status": job.status,
                "counts": job.counts,
                "summary": job.error_summary[:500],
            }
        )
    )


def child_calamine(path: str) -> None:
    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = sum(1 for _row in sheet.iter_rows())
    print(
        json.dumps(
            {
                "rows": n,
                "seconds": time.perf_counter() - t0,
                "before_mb": before,
                "loaded_mb": loaded,
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def child_baseline(path: str, unit_id: int) -> None:
    import tablib
    from import_export import fields, resources

    from people.models import Person

    class PersonResource(resources.ModelResource):
        full_name = fields.Field(attribute="full_name", column_name="full_name")

        class Meta:
            model = Person
            fields = ("full_name", "sex", "birth_year", "cccd", "phone", "unit")
            import_id_fields = ("cccd",)
            use_bulk = False

        def before_import_row(self, row, **kwargs):
            row["unit"] = unit_id
            row["cccd"] = row["cccd"] or None

    t0 = time.perf_counter()
    with open(path, "rb") as f:
        data = tablib.Dataset().load(f.read(), format="xlsx")
    result = PersonResource().import_data(data, dry_run=False, use_transactions=True)
    seconds = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rows": len(data),
                "errors": result.has_errors(),
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def _child(*args) -> dict:
    env = {**os.environ}
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env)
    if out.returncode:
        log(out.stderr[-3000:])
        raise SystemExit(out.returncode)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    from django.db import connection

    migrate()
    base = setup_units()
    log(f"loading {EXISTING} existing members")
    existing = existing_people(base, EXISTING)
    workdir = Path(tempfile.mkdtemp(prefix="sohoi-import-bench-"))
    path = workdir / "so-hoi-vien.xlsx"
    t = time.perf_counter()
    generate(path, ROWS, existing)
    log(
        f"generated {ROWS} rows in {time.perf_counter() - t:.1f}s ({path.stat().st_size / 1e6:.1f} MB)"
    )
    connection.close()

    cal = _child("--calamine", str(path))
    log("calamine", cal)
    res = _child("--import", str(path), str(base.pk))
    log("import", res)
    if res["status"] != "done":
        raise SystemExit(f"import failed: {res}")
    rows_per_s = ROWS / res["seconds"]

    slice_path = workdir / "slice.xlsx"
    generate(slice_path, BASELINE_ROWS, [], seed=2, clean=True)
    base_res = _child("--baseline", str(slice_path), str(base.pk))
    log("baseline", base_res)
    baseline = base_res["rows"] / base_res["seconds"]
    emit("imports.rows_per_s", rows_per_s, "rows/s", baseline=baseline, rows=ROWS,
         seconds=round(res["seconds"], 1), counts=res["counts"],
         baseline_rows=base_res["rows"], baseline_note=f"django-import-export 4 ModelResource into Person, a {BASELINE_ROWS:,}-row slice with one plain header row, extrapolated")  # fmt: skip
    emit("imports.peak_rss_mb", res["rss_mb"], "MB", rows=ROWS, main_mb=round(res["main_rss_mb"], 1),
         workers=res["workers"], worker_mb=round(res["worker_rss_mb"], 1),
         note="the importing process plus its workers (the largest worker's peak times their number)")  # fmt: skip
    emit("imports.calamine_rss_mb", cal["rss_mb"], "MB", rows=ROWS, loaded_mb=round(cal["loaded_mb"], 1), iterate_s=round(cal["seconds"], 1))  # fmt: skip
    for p in workdir.iterdir():
        p.unlink()
    workdir.rmdir()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--import":
        child_import(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--calamine":
        child_calamine(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "--baseline":
        child_baseline(sys.argv[2], int(sys.argv[3]))
    else:
        main()
