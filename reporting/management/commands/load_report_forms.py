"""Load the reporting forms of a preset (default: the association profile's)."""

from django.core.management.base import BaseCommand, CommandError

from org.models import AssociationProfile
from reporting.presets import FORMS, load_preset


class Command(BaseCommand):
    help = "Nạp các biểu mẫu báo cáo thống kê định kỳ của bộ mẫu (red_cross, women_union)."

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=sorted(FORMS), default=None)

    def handle(self, *args, preset=None, **options):
        if preset is None:
            profile = AssociationProfile.current()
            preset = profile.preset if profile else ""
        if preset not in FORMS:
            raise CommandError("Chưa có hồ sơ Hội: chọn --preset red_cross hoặc women_union.")
        forms = load_preset(actor=None, preset=preset)
        for f in forms:
            self.stdout.write(
                f"{f.code}: {f.name} ({f.items.count()} chỉ tiêu, {f.rules.count()} quy tắc)"
            )
