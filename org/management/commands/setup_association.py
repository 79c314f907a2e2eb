"""Production set-up: the association profile, its central unit and, optionally, provinces."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from org.admin_areas import load_admin_areas
from org.legacy_areas import resolve_province
from org.management.commands.attach_history import parse_members_to, run_attach
from org.models import AdminArea, Unit
from org.presets import PRESETS
from org.services import create_units_for_province, setup_association
from org.services.history import history_codes


class Command(BaseCommand):
    help = (
        "Thiết lập Hội cho một bản cài đặt: hồ sơ Hội theo mẫu, đơn vị Trung ương và (tùy chọn) "
        "các tỉnh cùng một Hội cơ sở cho mỗi xã/phường/đặc khu. Với --history: dựng cây trước "
        "1/7/2025 (tỉnh cũ, Hội cấp huyện, xã/phường cũ) rồi diễn lại cuộc sắp xếp. Chạy lại an toàn."
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
        parser.add_argument(
            "--history",
            action="store_true",
            help="dựng cây đơn vị trước 1/7/2025 và diễn lại cuộc sắp xếp (mỗi tỉnh một giao dịch)",
        )
        parser.add_argument(
            "--members-to",
            action="append",
            default=[],
            help="với --history: xã cũ bị chia tách gửi hội viên về xã mới này (MÃ_CŨ=MÃ_MỚI)",
        )

    def handle(self, *args, preset, name, province, history, members_to, **options):
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
        choices = parse_members_to(members_to)
        for code in codes:
            if not code.isdigit():
                raise CommandError(f"Mã tỉnh phải là số, ví dụ 48 (nhận được '{code}').")
            code = f"{int(code):02d}"
            try:
                if history:
                    self._history(central, code, choices)
                    continue
                if not AdminArea.objects.filter(code=code).exists():
                    load_admin_areas(code)
                prov = create_units_for_province(actor=None, central=central, province_code=code)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            bases = Unit.objects.get_children_count(prov)
            self.stdout.write(f"{prov.name}: {bases} Hội cơ sở.")

    def _history(self, central: Unit, code: str, choices: dict[str, str]) -> None:
        code = resolve_province(code)
        if history_codes(code):
            self.stdout.write(f"Tỉnh {code}: đã có cây đơn vị trước 1/7/2025, bỏ qua.")
            return
        run_attach(self, central, code, choices)
