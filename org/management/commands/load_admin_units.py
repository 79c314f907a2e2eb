from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.formatting import format_number
from org.admin_areas import load_admin_areas
from org.legacy_areas import load_legacy_areas
from org.models import AdminArea, LegacyArea


class Command(BaseCommand):
    help = (
        "Nạp 34 tỉnh/thành phố và 3.321 xã/phường/đặc khu từ gói vietnam-provinces; với --legacy "
        "nạp thêm 63 tỉnh, các quận/huyện và xã/phường/thị trấn trước 1/7/2025 cùng bảng chuyển "
        "đổi cũ -> mới từ gói vietnamadminunits (chạy lại an toàn)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            help="chỉ nạp một tỉnh, theo mã (vd. 48; với --legacy mã tỉnh cũ như 49 cũng được)",
        )
        parser.add_argument(
            "--legacy",
            action="store_true",
            help="nạp đơn vị hành chính trước 1/7/2025 và bảng chuyển đổi (mỗi tỉnh một giao dịch)",
        )

    def handle(self, *args, province=None, legacy=False, **options):
        if province is not None and not (province.isascii() and province.isdigit()):
            raise CommandError("Mã tỉnh phải là số, ví dụ 48.")
        if legacy:
            self._legacy(province)
            return
        provinces, communes = load_admin_areas(province)
        if province and provinces == 0:
            raise CommandError(f"Không có tỉnh mã {province}.")
        total_p = AdminArea.objects.filter(level=AdminArea.Level.PROVINCE).count()
        total_c = AdminArea.objects.filter(level=AdminArea.Level.COMMUNE).count()
        self.stdout.write(
            f"Đã nạp {format_number(provinces)} tỉnh/thành phố và {format_number(communes)} "
            f"xã/phường/đặc khu (tổng trong CSDL: {format_number(total_p)} và "
            f"{format_number(total_c)})."
        )

    def _legacy(self, province: str | None) -> None:
        try:
            loaded = load_legacy_areas(province)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for r in loaded:
            self.stdout.write(
                f"Tỉnh {r.new_code} (từ tỉnh cũ {', '.join(r.old_provinces)}): "
                f"{format_number(r.districts)} quận/huyện, {format_number(r.communes)} "
                f"xã/phường/thị trấn cũ, {format_number(r.divided)} xã/phường bị chia tách."
            )
        counts = {
            str(level): LegacyArea.objects.filter(level=level).count() for level in LegacyArea.Level
        }
        self.stdout.write(
            f"Tổng trong CSDL trước 1/7/2025: {format_number(counts['province'])} tỉnh, "
            f"{format_number(counts['district'])} quận/huyện, "
            f"{format_number(counts['commune'])} xã/phường/thị trấn."
        )
