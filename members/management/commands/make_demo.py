"""Demo people and memberships in the existing unit tree: ``make run`` and the benchmarks."""

import datetime
import resource
import time

from django.core.management.base import BaseCommand, CommandError

from core.formatting import format_number
from members import demo
from members.models import Membership
from org.admin_areas import province_code
from org.models import Unit, UnitKind


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu (người, hội viên, tình nguyện viên, thanh niên Chữ thập đỏ, có quá trình "
        "chuyển sinh hoạt, thôi và kết nạp lại) trong các Hội cơ sở đã có. Cùng seed thì cùng dữ "
        "liệu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=2000, help="số quá trình sinh hoạt")
        parser.add_argument("--province", default="", help="mã tỉnh (mặc định: mọi tỉnh đã có)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today", default="", help="ngày làm mốc YYYY-MM-DD (mặc định: hôm nay)"
        )
        parser.add_argument("--chunk", type=int, default=50_000, help="số dòng mỗi lần ghi")
        parser.add_argument(
            "--if-empty", action="store_true", help="bỏ qua nếu đã có hội viên (cho make run)"
        )

    def handle(self, *args, members, province, seed, today, chunk, if_empty, **options):
        if members < 1:
            raise CommandError("--members phải lớn hơn 0.")
        if if_empty and Membership.objects.exists():
            self.stdout.write("Đã có hội viên, không tạo thêm dữ liệu mẫu.")
            return
        prov = None
        if province:
            if not (province.isascii() and province.isdigit()):
                raise CommandError(f"Mã tỉnh phải là số, ví dụ 48 (nhận được '{province}').")
            prov = Unit.objects.filter(
                kind=UnitKind.PROVINCE, admin_code=province_code(province), valid_to__isnull=True
            ).first()
            if prov is None:
                raise CommandError(f"Chưa có đơn vị tỉnh mã {province_code(province)}.")
        try:
            on = datetime.date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError("--today phải có dạng YYYY-MM-DD.") from None
        started = time.perf_counter()

        def progress(stats: demo.Stats) -> None:
            elapsed = time.perf_counter() - started
            rows = stats.people + stats.memberships
            self.stdout.write(
                f"  {format_number(stats.memberships)} / {format_number(members)} quá trình, "
                f"{format_number(stats.people)} người, {elapsed:.1f} giây, "
                f"{format_number(int(rows / elapsed))} dòng/giây"
            )

        try:
            stats = demo.run(
                members=members, seed=seed, province=prov, today=on, chunk=chunk, progress=progress
            )
        except ValueError:
            raise CommandError(
                "Chưa có Hội cơ sở nào để thêm hội viên: chạy setup_demo hoặc setup_association "
                "trước."
            ) from None
        elapsed = time.perf_counter() - started
        rows = stats.people + stats.memberships
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        cats = ", ".join(f"{c} {format_number(n)}" for c, n in sorted(stats.by_category.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {format_number(stats.people)} người, {format_number(stats.memberships)} "
                f"quá trình sinh hoạt ({cats}); đang sinh hoạt {format_number(stats.open)}, "
                f"chuyển sinh hoạt {format_number(stats.transfers)}, thôi "
                f"{format_number(stats.exits)}, kết nạp lại {format_number(stats.readmissions)}."
            )
        )
        self.stdout.write(
            f"{elapsed:.1f} giây, {format_number(int(rows / max(elapsed, 1e-9)))} dòng/giây, "
            f"bộ nhớ tối đa {peak_mib:.0f} MiB."
        )
