"""The seed-000 targets (Hội Chữ thập đỏ thành phố Bảo Lộc, Nghị quyết xây dựng tổ chức Hội cơ sở
vững mạnh) as a score sheet: its basic targets are the criteria, most of them scored from the
data. ``manage.py oversight_preset_sheet <unit> <year>`` creates it."""

from django.utils.translation import gettext as _

from org.models import Unit

from .models import ScoreSheet
from .services import create_sheet

CLASSES = [
    {"code": "excellent", "name": "Xuất sắc", "min_points": 95, "strong": True},
    {"code": "strong", "name": "Vững mạnh", "min_points": 80, "strong": True},
    {"code": "good", "name": "Khá", "min_points": 65},
    {"code": "average", "name": "Trung bình", "min_points": 50},
    {"code": "weak", "name": "Yếu", "min_points": 0},
]


def seed000_criteria() -> list[dict]:
    return [
        {"number": "I", "text": "Công tác tổ chức, xây dựng Hội", "children": [
            {"number": "1", "text": "Phát triển hội viên tăng thêm 1–2%/năm", "max_points": 10,
             "method": "indicator", "indicator": "growth_pct",
             "rule": {"thresholds": [[0, 5], [1, 10]]}},
            {"number": "2", "text": "Thu hội phí: trên 80% hội viên đóng đầy đủ, đúng quy định",
             "max_points": 10, "method": "indicator", "indicator": "dues_rate",
             "rule": {"linear": [50, 80]}},
            {"number": "3", "text": "Sổ sách quản lý hội viên, tình nguyện viên đúng quy định",
             "max_points": 5, "method": "indicator", "indicator": "bases_books_ok_pct",
             "rule": {"thresholds": [[100, 5]]}},
            {"number": "4", "text": "Có Nghị quyết chuyên đề, kế hoạch và biện pháp xây dựng Hội vững mạnh",
             "max_points": 10},
            {"number": "5", "text": "Cán bộ Hội có trang phục và huy hiệu Chữ thập đỏ",
             "max_points": 5, "method": "indicator", "indicator": "cadres_equipped_pct",
             "rule": {"thresholds": [[50, 2], [100, 5]]}},
            {"number": "6", "text": "Đặt mua báo chí của Hội", "max_points": 5},
        ]},
        {"number": "II", "text": "Quỹ và hoạt động nhân đạo", "children": [
            {"number": "7", "text": "Quỹ nhân đạo có số dư ít nhất 5.000.000 đ", "max_points": 5,
             "method": "indicator", "indicator": "fund_balance",
             "rule": {"thresholds": [[5_000_000, 5]]}},
            {"number": "8", "text": "Trợ giúp nhân đạo, địa chỉ nhân đạo, bếp ăn, hiến máu …",
             "max_points": 30},
        ]},
        {"number": "III", "text": "Kiểm tra, tập huấn, báo cáo", "children": [
            {"number": "9", "text": "Được kiểm tra định kỳ trong năm", "max_points": 5,
             "method": "indicator", "indicator": "oversight_bases_inspected_pct",
             "rule": {"thresholds": [[100, 5]]}},
            {"number": "10", "text": "Cán bộ được tập huấn nâng cao năng lực", "max_points": 5},
            {"number": "11", "text": "Báo cáo định kỳ đầy đủ, đúng hạn", "max_points": 10},
        ]},
    ]  # fmt: skip


def create_seed000_sheet(*, actor, unit: Unit, year: int, base_type: str = "") -> ScoreSheet:
    name = _("Bảng điểm thi đua Hội cơ sở năm %(y)d") % {"y": year}
    return create_sheet(
        actor=actor, unit=unit, year=year, name=name, base_type=base_type,
        criteria=seed000_criteria(), classes=CLASSES,
    )  # fmt: skip
