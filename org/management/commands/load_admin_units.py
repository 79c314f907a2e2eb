from django.core.management.base import BaseCommand, CommandError

from core.formatting import format_number
from org.admin_areas import load_admin_areas
from org.models import AdminArea


class Command(BaseCommand):
    help = "Nạp 34 tỉnh/thành phố và 3.321 xã/phường/đặc khu từ gói vietnam-provinces (chạy lại an toàn)."

    def add_arguments(self, parser):
        parser.add_argument("--province", help="chỉ nạp một tỉnh, theo mã (vd. 48)")

    def handle(self, *args, province=None, **options):
        if province is not None and not (province.isascii() and province.isdigit()):
            raise CommandError("Mã tỉnh phải là số, ví dụ 48.")
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
