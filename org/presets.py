"""Association profile presets. One deployment serves one association; its profile is data."""

from typing import Any

from django.utils.translation import gettext_noop

PRESETS: dict[str, dict[str, Any]] = {
    "red_cross": {
        "name": "Hội Chữ thập đỏ Việt Nam",
        "short_name": "CTĐ",
        "member_categories": [
            {"code": "member", "name": gettext_noop("Hội viên")},
            {"code": "volunteer", "name": gettext_noop("Tình nguyện viên")},
            {"code": "youth", "name": gettext_noop("Thanh niên Chữ thập đỏ")},
            {"code": "children", "name": gettext_noop("Thiếu niên Chữ thập đỏ")},
            {"code": "honorary", "name": gettext_noop("Hội viên danh dự")},
        ],
        "terminology": {
            "unit_prefix": "Hội Chữ thập đỏ",
            "central": "Trung ương Hội Chữ thập đỏ Việt Nam",
            "province": "Hội Chữ thập đỏ tỉnh/thành phố",
            "base": "Hội Chữ thập đỏ cơ sở",
            "branch": "Chi hội Chữ thập đỏ",
            "group": "Tổ Chữ thập đỏ",
            "member": "hội viên",
            "fund": "quỹ nhân đạo",
        },
        # Điều lệ Hội Chữ thập đỏ Việt Nam, art. 23: volunteers are citizens from 18.
        "volunteer_min_age": 18,
        # Congress terms (nhiệm kỳ) by level; editable in the admin. Seed 003: "Đại hội Hội Chữ
        # thập đỏ các cấp nhiệm kỳ 2021-2026"; the national congress: 2017–2022, 2022–2027.
        "terms": {
            "central": [(2012, 2017), (2017, 2022), (2022, 2027)],
            "province": [(2016, 2021), (2021, 2026), (2026, 2031)],
            "base": [(2016, 2021), (2021, 2026), (2026, 2031)],
        },
    },
    "women_union": {
        "name": "Hội Liên hiệp Phụ nữ Việt Nam",
        "short_name": "LHPN",
        "member_categories": [
            {"code": "member", "name": gettext_noop("Hội viên")},
            {"code": "honorary", "name": gettext_noop("Hội viên danh dự")},
        ],
        "terminology": {
            "unit_prefix": "Hội Liên hiệp Phụ nữ",
            "central": "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
            "province": "Hội Liên hiệp Phụ nữ tỉnh/thành phố",
            "base": "Hội Liên hiệp Phụ nữ cơ sở",
            "branch": "Chi hội Phụ nữ",
            "group": "Tổ Phụ nữ",
            "member": "hội viên",
            "fund": "quỹ Hội",
        },
        "volunteer_min_age": 18,
        # Seed 001: "Nghị quyết đại hội phụ nữ các cấp nhiệm kỳ 2016-2021".
        "terms": {
            "central": [(2012, 2017), (2017, 2022), (2022, 2027)],
            "province": [(2016, 2021), (2021, 2026), (2026, 2031)],
            "base": [(2016, 2021), (2021, 2026), (2026, 2031)],
        },
    },
}
