import time

from django.core.management.base import BaseCommand

from ...scoring import score_year


class Command(BaseCommand):
    help = "Score the automatic criteria of every score sheet of a year (set-based)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, year: int, **opts):
        t = time.perf_counter()
        n = score_year(year)
        self.stdout.write(f"{n} assessments scored in {time.perf_counter() - t:.1f} s")
