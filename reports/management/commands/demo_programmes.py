"""The programmes of the demo province (``make run``): aid, blood, training, projects, oversight
and the reporting forms, made through each app's services (``<app>/demo.py``), then the figures
refreshed so the dashboards and the summary report of this year and last year show them."""

import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation

from aid import demo as aid_demo
from aid.models import Beneficiary
from blood import demo as blood_demo
from blood.models import Drive
from indicators import figures
from org.admin_areas import province_code
from org.models import AssociationProfile, Unit, UnitKind
from oversight import demo as oversight_demo
from oversight.models import InspectionPlan
from projects import demo as projects_demo
from projects.models import House
from reporting.presets import FORMS, load_preset
from training import demo as training_demo
from training.models import TrainingClass

# In order: projects build on aid's beneficiaries, oversight scores the figures of the others.
STEPS = [
    ("Nhân đạo", aid_demo.add_demo),
    ("Hiến máu", blood_demo.add_demo),
    ("Tập huấn", training_demo.add_demo),
    ("Mô hình", projects_demo.add_demo),
]


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu các chương trình (nhân đạo, hiến máu, tập huấn, mô hình, kiểm tra thi "
        "đua, biểu mẫu báo cáo) cho tỉnh Hội mẫu, qua các nghiệp vụ như người dùng thật. Cùng seed "
        "thì cùng dữ liệu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", default="48", help="mã tỉnh (mặc định 48: Đà Nẵng)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--if-empty", action="store_true",
            help="bỏ qua nếu tỉnh đã có dữ liệu chương trình (cho make run)",
        )  # fmt: skip

    def handle(self, *args, province, seed, if_empty, **options):
        started = time.perf_counter()
        prov = self._province(province)
        if if_empty and self._has_programmes(prov):
            self.stdout.write(f"{prov.name} đã có dữ liệu chương trình, không tạo thêm.")
            return
        actor = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        if actor is None:
            raise CommandError("Chưa có tài khoản quản trị: chạy setup_demo trước.")
        rng, today = random.Random(seed), timezone.localdate()
        with translation.override("vi"), transaction.atomic():
            self._forms()
            for name, add_demo in STEPS:
                self._step(name, add_demo, actor=actor, province=prov, rng=rng, today=today)
            # The score sheet reads the figures: refreshed first.
            figures.refresh_dirty(today=today)
            self._step(
                "Kiểm tra, thi đua", oversight_demo.add_demo,
                actor=actor, province=prov, rng=rng, today=today,
            )  # fmt: skip
        marks = figures.refresh_dirty(today=today)
        self.stdout.write(f"  Chỉ tiêu: đã cập nhật số liệu ({marks} đơn vị có thay đổi).")
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo dữ liệu mẫu các chương trình của {prov.name} trong "
                f"{time.perf_counter() - started:.1f} giây."
            )
        )

    def _province(self, code: str) -> Unit:
        if not (code.isascii() and code.isdigit()):
            raise CommandError(f"Mã tỉnh phải là số, ví dụ 48 (nhận được '{code}').")
        prov = Unit.objects.filter(
            kind=UnitKind.PROVINCE, admin_code=province_code(code), valid_to__isnull=True
        ).first()
        if prov is None:
            raise CommandError(
                f"Chưa có đơn vị tỉnh mã {province_code(code)}: chạy setup_demo trước."
            )
        if not Unit.objects.filter(path__startswith=prov.path, kind=UnitKind.BASE).exists():
            raise CommandError(f"{prov.name} chưa có Hội cơ sở nào: chạy setup_demo trước.")
        return prov

    @staticmethod
    def _has_programmes(prov: Unit) -> bool:
        inside = {"unit__path__startswith": prov.path}
        return any(
            model.objects.filter(**inside).exists()
            for model in (Beneficiary, Drive, TrainingClass, House, InspectionPlan)
        )

    def _forms(self) -> None:
        profile = AssociationProfile.current()
        preset = profile.preset if profile else ""
        if preset in FORMS:
            forms = load_preset(actor=None, preset=preset)
            self.stdout.write(f"  Báo cáo: đã nạp {len(forms)} biểu mẫu báo cáo định kỳ.")

    def _step(self, name: str, add_demo, **kwargs) -> None:
        started = time.perf_counter()
        what = add_demo(**kwargs)
        self.stdout.write(f"  {name}: {what} ({time.perf_counter() - started:.1f} giây).")
