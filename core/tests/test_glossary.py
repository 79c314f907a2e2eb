"""One spelling and one set of words across the interface (docs/glossary.md)."""

import re

from django.urls import reverse

from core.tests.test_msgid_collisions import project_msgids

# oa, oe, uy with the tone on the first letter (old style): "hủy", "khóa", "xóa", "ủy", "hòa".
# ("qu" is a consonant: "quỹ", "quý" are the same in both styles.)
_LETTER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
OLD_STYLE = re.compile(
    rf"(?i)(?<![{_LETTER}])(?!qu)[{_LETTER}]*(?:[òóỏõọ][ae]|[ùúủũụ]y)(?![{_LETTER}])"
)
# Proper names keep their official spelling; model labels wait for their apps' migrations.
ALLOWED = {
    "Phật giáo Hòa Hảo",
    "Ủy viên Ban Thường vụ",
    "Ủy viên Ban Chấp hành",
    "Ủy viên Ban Kiểm tra",
    "đã khóa sổ đến ngày",
}


def test_it_finds_old_style_tone_marks():
    assert OLD_STYLE.findall("Hủy biên lai, khóa sổ, xóa tên, Ủy viên, hòa") == [
        "Hủy", "khóa", "xóa", "Ủy", "hòa",
    ]  # fmt: skip
    assert OLD_STYLE.findall("Huỷ, khoá, xoá, uỷ, hoà, quỹ, quý, của, thủ quỹ, hoạt") == []


def test_every_string_uses_the_new_style_tone_marks():
    wrong = sorted(
        f"{where}: {msgid!r}"
        for msgid, where in project_msgids()
        if msgid not in ALLOWED and OLD_STYLE.search(msgid)
    )
    assert wrong == [], "write huỷ, khoá, xoá, uỷ, hoà (docs/glossary.md):\n" + "\n".join(wrong)


def test_a_member_has_paid_and_a_unit_has_remitted(users, tree, login):
    from members.tests.factories import make_member

    make_member(users.base_manager, tree.br1a, "Lê Thị Hoa")
    html = login(users.base_editor).get(reverse("dues:ticklist", args=[tree.br1a.pk])).content
    text = html.decode()
    assert "Đã đóng" in text and "Đã nộp" not in text  # a member pays (đóng), not remits
