"""Add the history before 1/7/2025 to a deployment set up without it."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from org.legacy_areas import load_legacy_areas, resolve_province
from org.models import LegacyArea, Unit, UnitKind
from org.services.history import attach_history, build_history, replay_reform


def parse_members_to(values: list[str]) -> dict[str, str]:
    """["26734=26737", ...] -> {"26734": "26737"}; a malformed value is refused by name."""
    out = {}
    for v in values:
        old, sep, new = v.partition("=")
        if not sep or not old.strip().isdigit() or not new.strip().isdigit():
            raise CommandError(
                f"--members-to cần dạng MÃ_XÃ_CŨ=MÃ_XÃ_MỚI, ví dụ 20194=20200 (nhận được '{v}')."
            )
        out[old.strip()] = new.strip()
    return out


def run_attach(
    cmd: BaseCommand, central: Unit, code: str, members_to: dict[str, str], step: str = ""
) -> None:
    if not LegacyArea.objects.filter(new_province_code=code).exists():
        load_legacy_areas(code)
    if step == "build":
        keeper = build_history(
            actor=None, central=central, province_code=code, members_to=members_to
        )
        cmd.stdout.write(
            f"{keeper.name}: đã dựng cây trước 1/7/2025; nhập số liệu cũ rồi chạy lại với "
            "--replay-only."
        )
        return
    if step == "replay":
        r = replay_reform(actor=None, central=central, province_code=code, members_to=members_to)
    else:
        r = attach_history(actor=None, central=central, province_code=code, members_to=members_to)
    cmd.stdout.write(
        f"{r.province.name}: {r.old_provinces} tỉnh cũ, {r.districts} Hội cấp huyện, "
        f"{r.old_bases} Hội cơ sở cũ đến 30/06/2025; từ 01/07/2025 {r.merges} hợp nhất, "
        f"{r.splits} chia tách, {r.new_bases} Hội cơ sở mới tạo."
    )


class Command(BaseCommand):
    help = (
        "Gắn cây đơn vị trước 1/7/2025 (tỉnh cũ, Hội cấp huyện, Hội cơ sở theo xã/phường cũ) vào "
        "một tỉnh hiện hành rồi diễn lại cuộc sắp xếp ngày 1/7/2025; đơn vị hiện có giữ nguyên."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="mã tỉnh hiện hành, vd. 48")
        parser.add_argument(
            "--members-to",
            action="append",
            default=[],
            help="xã cũ bị chia tách: hội viên chuyển về xã mới này thay vì nơi mặc định "
            "(MÃ_CŨ=MÃ_MỚI, lặp lại được)",
        )

        step = parser.add_mutually_exclusive_group()
        step.add_argument(
            "--build-only",
            action="store_const",
            const="build",
            dest="step",
            help="chỉ dựng cây trước 1/7/2025 (để nhập số liệu cũ trước khi diễn lại)",
        )
        step.add_argument(
            "--replay-only",
            action="store_const",
            const="replay",
            dest="step",
            help="chỉ diễn lại cuộc sắp xếp trên cây đã dựng",
        )

    def handle(self, *args, province, members_to, step=None, **options):
        if not (province.isascii() and province.isdigit()):
            raise CommandError(f"Mã tỉnh phải là số, ví dụ 48 (nhận được '{province}').")
        central = Unit.objects.get_root_nodes().filter(kind=UnitKind.CENTRAL).first()
        if central is None:
            raise CommandError("Chưa thiết lập Hội: chạy manage.py setup_association trước.")
        try:
            run_attach(
                self, central, resolve_province(province), parse_members_to(members_to), step or ""
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
