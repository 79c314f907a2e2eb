"""Recompute indicator figures: the dirty units (default), or everything with --all."""

import time

from django.core.management.base import BaseCommand

from indicators import figures


class Command(BaseCommand):
    help = "Cập nhật số liệu chỉ tiêu: các đơn vị có thay đổi, hoặc toàn bộ với --all."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="tính lại mọi đơn vị (sau khi nạp dữ liệu lớn)"
        )
        parser.add_argument(
            "--years", type=int, default=None, help="số năm giữ lại (mặc định INDICATOR_YEARS)"
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["all"]:
            n = figures.refresh_all(keep=options["years"])
            what = f"{n} rows"
        else:
            n = figures.refresh_dirty()
            what = f"{n} marks"
        self.stdout.write(f"refresh_indicators: {what} in {time.perf_counter() - started:.1f}s")
