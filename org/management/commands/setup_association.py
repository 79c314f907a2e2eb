"""Production set-up: the association profile, its central unit and, optionally, provinces."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from org.admin_areas import load_admin_areas
from org.models import AdminArea, Unit
from org.presets import PRESETS
from org.services import create_units_for_province, setup_association


class Command(BaseCommand):
    help = (
        "Thiết lập Hội cho một bản cài đặt: hồ sơ Hội theo mẫu, đơn vị Trung ương và (tùy chọn) "
        "các tỉnh cùng một Hội cơ sở cho mỗi xã/phường/đặc khu. Chạy lại an toàn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=sorted(PRESETS), default="red_cross")
        parser.add_argument("--name", default="", help="tên Hội nếu khác tên mặc định của mẫu")
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            help="mã tỉnh cần tạo đơn vị (lặp lại được; 'all' cho cả 34 tỉnh)",
        )

    def handle(self, *args, preset, name, province, **options):
        central = setup_association(actor=None, preset=preset, name=name)
        self.stdout.write(f"Hội: {central.name} (mã đơn vị {central.pk}).")
        codes = province
        if "all" in codes:
            load_admin_areas()  # idempotent: makes sure every province is there
            codes = list(
                AdminArea.objects.filter(level=AdminArea.Level.PROVINCE).values_list(
                    "code", flat=True
                )
            )
        for code in codes:
            if not code.isdigit():
                raise CommandError(f"Mã tỉnh phải là số, ví dụ 48 (nhận được '{code}').")
            code = f"{int(code):02d}"
            if not AdminArea.objects.filter(code=code).exists():
                load_admin_areas(code)
            try:
                prov = create_units_for_province(actor=None, central=central, province_code=code)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            bases = Unit.objects.get_children_count(prov)
            self.stdout.write(f"{prov.name}: {bases} Hội cơ sở.")
