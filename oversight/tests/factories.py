"""Small factories for the oversight tests."""

import datetime

from oversight import services
from oversight.presets import CLASSES

D = datetime.date


def sheet(actor, unit, criteria, year=2025, classes=CLASSES, base_type=""):
    return services.create_sheet(
        actor=actor, unit=unit, year=year, name="Bảng điểm thử", criteria=criteria,
        classes=classes, base_type=base_type,
    )  # fmt: skip


VISIT_DAY = D(2025, 10, 16)


def visit(actor, unit, on=VISIT_DAY, plan=None, **kw):
    return services.record_visit(
        actor=actor, unit=unit, on=on, plan=plan,
        attendees=[
            {"name": "Nguyễn Văn An", "organisation": "party", "role": "Phó Bí thư Đảng uỷ"},
            {"name": "Trần Thị Bích", "organisation": "government", "role": "Phó Chủ tịch UBND"},
            {"name": "Lê Văn Cường", "organisation": "association", "role": "Chủ tịch Hội"},
        ],
        strengths="Sổ sách đầy đủ", limitations="Thu hội phí chậm",
        difficulties="Thiếu kinh phí", proposals="Hỗ trợ tập huấn", **kw,
    )  # fmt: skip


def plan(actor, unit, units=(), all_bases=False):
    return services.create_plan(
        actor=actor, unit=unit, number="10/KH-CTĐ", issued_on=D(2025, 4, 18), year=2025,
        content="Kiểm tra công tác Hội năm 2025", units=list(units), all_bases=all_bases,
        team=[{"name": "Phạm Thị Dung", "role": "Trưởng đoàn"}, {"name": "Võ Văn Em", "role": "Thành viên"}],
        schedule="16–18/10/2025",
    )  # fmt: skip
