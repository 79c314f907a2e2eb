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
    },
}
