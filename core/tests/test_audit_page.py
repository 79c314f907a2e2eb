"""The audit page reads as sentences with labelled values, not action codes and JSON."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from core import audit


def _event(unit, action, actor=None, **data):
    with transaction.atomic():
        return audit.record(actor=actor, action=action, unit=unit, data=data)


def _text(response):
    return " ".join(strip_tags(response.content.decode()).split())


def test_it_tells_each_event_in_a_vietnamese_sentence(users, tree, login):
    _event(tree.br1a, "members.membership.admit", users.base_editor, person=7,
           category="member", joined_on="2024-05-01", card="DN-0001")  # fmt: skip
    _event(tree.br1a, "dues.payment.record", users.base_editor, person=7, year=2026,
           amount=24000, receipt="2026-000012")  # fmt: skip
    _event(tree.br1a, "members.membership.end", users.base_manager, person=7,
           on="2026-03-01", reason="resigned", note="")  # fmt: skip
    _event(tree.b1, "accounts.role.assign", users.base_manager, user="coso_xem",
           role="viewer", previous=None)  # fmt: skip
    _event(tree.b1, "org.unit.create", users.base_manager, name="Đội thanh niên",
           kind="team", base_type="", valid_from="2026-01-01")  # fmt: skip
    _event(tree.b1, "org.unit.rename", None, on="2025-07-01", old_name="Chi hội 3",
           new_name="Chi hội tổ dân phố 3")  # fmt: skip
    response = login(users.base_manager).get(reverse("org:audit", args=[tree.b1.pk]))
    text = _text(response)
    assert "coso_nhap đã kết nạp một hội viên tại Chi hội tổ dân phố 1. " in text
    assert "Ngày vào Hội: 01/05/2024" in text and "Số thẻ: DN-0001" in text
    assert "coso_nhap đã thu hội phí của một hội viên" in text
    assert "Năm: 2026" in text and "Số tiền: 24.000 đ" in text
    assert "coso_ql đã ghi nhận một hội viên thôi sinh hoạt" in text
    assert "Ngày: 01/03/2026" in text and "Lý do: Xin thôi" in text
    assert "coso_ql đã phân quyền cho một tài khoản tại Hội Chữ thập đỏ phường Hải Châu." in text
    assert "Tài khoản: coso_xem" in text and "Vai trò: Xem" in text
    assert "Hệ thống đã đổi tên một đơn vị" in text
    assert "Tên: Đội thanh niên" in text and "Loại: Đội tình nguyện" in text
    assert "Tên cũ: Chi hội 3" in text and "Tên mới: Chi hội tổ dân phố 3" in text
    html = response.content.decode()
    for raw in ("members.membership.admit", "&quot;", "{", "joined_on", "resigned"):
        assert raw not in html.split('id="audit-actions"')[1], raw


def test_it_names_every_action_the_services_record():
    import re
    from pathlib import Path

    from django.conf import settings

    from core.audit_text import ACTIONS

    root = Path(settings.BASE_DIR)
    recorded = set()
    for path in root.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        text = path.read_text()
        recorded |= set(re.findall(r'action="([a-z_]+(?:\.[a-z_]+){1,3})"', text))
        recorded |= set(
            re.findall(r'_(?:audit|record)\(actor, "([a-z_]+\.[a-z_]+\.[a-z_]+)"', text)
        )
    recorded |= {"dues.payment.cancel", "dues.exemption.revoke"}  # made from a variable
    assert "members.membership.admit" in recorded and "org.unit.rename" in recorded
    assert recorded - set(ACTIONS) == set()


def test_it_reads_in_english_when_english_is_chosen(users, tree, login):
    from django.utils.translation import override

    _event(tree.b1, "dues.payment.record", users.base_editor, year=2026, amount=24000)
    client = login(users.base_manager)
    client.cookies["django_language"] = "en"
    with override("vi"):
        text = _text(client.get(reverse("org:audit", args=[tree.b1.pk])))
    assert "24,000 đ" in text
    assert timezone.localdate().year  # (dates stay dd/mm/yyyy)
