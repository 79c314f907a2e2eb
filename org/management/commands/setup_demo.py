"""Create the demo association used by ``make run``: a Red Cross province, its bases, branches."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role, RoleAssignment
from core.formatting import format_number
from org.admin_areas import load_admin_areas, province_code
from org.models import AdminArea, AssociationProfile, Unit, UnitKind
from org.services import create_unit, create_units_for_province, setup_association

RESIDENTIAL = {"ward": "Tổ dân phố", "commune": "Thôn", "special_zone": "Khu dân cư"}


class Command(BaseCommand):
    help = "Tạo Hội mẫu (một tỉnh Hội Chữ thập đỏ, các Hội cơ sở và chi hội) và tài khoản admin."

    def add_arguments(self, parser):
        parser.add_argument("--province", default="48", help="mã tỉnh (mặc định 48: Đà Nẵng)")
        parser.add_argument("--branches", type=int, default=3, help="số chi hội mỗi Hội cơ sở")
        parser.add_argument(
            "--bases", type=int, default=0, help="giới hạn số Hội cơ sở (0: tất cả)"
        )

    def handle(self, *args, province, branches, bases, **options):
        if not (province.isascii() and province.isdigit()):
            raise CommandError(f"Mã tỉnh phải là số, ví dụ 48 (nhận được '{province}').")
        province = province_code(province)
        if not AdminArea.objects.filter(code=province).exists():
            load_admin_areas(province)
            if not AdminArea.objects.filter(code=province).exists():
                raise CommandError(f"Không có tỉnh mã {province}.")
        password = self._admin_password()
        with transaction.atomic():
            admin = self._admin(password)
            profile = AssociationProfile.current()
            central = setup_association(
                actor=admin, preset=profile.preset if profile else "red_cross"
            )
            prov = create_units_for_province(actor=admin, central=central, province_code=province)
            RoleAssignment.objects.get_or_create(
                user=admin, unit=central, defaults={"role": Role.ADMIN}
            )
            base_qs = Unit.objects.subtree_of(prov).filter(kind=UnitKind.BASE).order_by("path")
            for base in base_qs[: bases or None]:
                if base.numchild:
                    continue
                word = RESIDENTIAL.get(base.base_type, "Khu dân cư")
                for i in range(1, branches + 1):
                    create_unit(
                        actor=admin,
                        parent=base,
                        name=f"Chi hội {word.lower()} {i}",
                        kind=UnitKind.BRANCH,
                    )
                create_unit(
                    actor=admin, parent=base, name="Đội tình nguyện viên", kind=UnitKind.TEAM
                )
        count = Unit.objects.subtree_of(prov).count()
        self.stdout.write(
            self.style.SUCCESS(f"Hội mẫu: {prov.name}, {format_number(count)} đơn vị.")
        )
        self.stdout.write(f"Đăng nhập: tên đăng nhập admin, mật khẩu {password}")

    def _admin_password(self) -> str:
        path = settings.VAR_DIR / "admin-password.txt"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(9))
            path.chmod(0o600)
        return path.read_text().strip()

    def _admin(self, password: str):
        user_model = get_user_model()
        admin = user_model.objects.filter(username="admin").first()
        if admin is None:
            admin = user_model.objects.create_superuser(
                username="admin", email="", password=password, first_name="Quản trị"
            )
        elif not admin.check_password(password):
            admin.set_password(password)
            admin.save(update_fields=["password"])
        return admin
