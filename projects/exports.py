"""Files the projects app produces: the records of a calf's hand-over (biên bản bàn giao bê) and
of a Red Cross house's hand-over (biên bản bàn giao nhà Chữ thập đỏ) as administrative documents
(core.admindoc: Word and PDF), and the cow bank's households with their next step as a
spreadsheet (core.cells)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from core.admindoc import Document, Paragraph, Signature, Table, place_date_line
from core.cells import workbook, write_cells
from core.formatting import format_date, format_vnd
from funds.printing import place_of
from org.models import Unit, UnitKind

from .models import House, HouseStatus, Placement


def _upper(unit: Unit | None) -> str:
    return unit.name.upper() if unit is not None else ""


def _age_months(born, on) -> int:
    return (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)


def handover_record(p: Placement) -> Document:
    """The record signed when a calf passes from one household to the next (or a founding cow
    is given): who gives, who receives, the animal, the terms the receiver now keeps."""
    unit = p.unit
    parent = Unit.objects.get_parent(unit) if unit.kind != UnitKind.CENTRAL else None
    a, receiver = p.animal, p.household.person
    giver = p.from_placement.household.person if p.from_placement is not None else None
    kind = _("bê") if a.mother_id or a.parent_id else _("bò giống")
    what = [
        [_("Số thẻ tai"), a.tag or "—"], [_("Giới tính"), a.get_sex_display()],
        [_("Giống"), a.breed or "—"],
        [_("Ngày sinh"), format_date(a.born_on) if a.born_on else "—"],
        [_("Tuổi khi bàn giao"), _("%(n)s tháng") % {"n": _age_months(a.born_on, p.start)} if a.born_on else "—"],
        [_("Giá trị"), format_vnd(a.value) if a.value else "—"],
    ]  # fmt: skip
    which = _("bê đầu") if p.calf_number == 1 else _("bê thứ hai")
    male = _("bê đực thì bán để mua bê cái rồi chuyển") if p.sell_male else _("bê đực được chuyển như bê cái")  # fmt: skip
    blocks: list = [
        Paragraph(
            _("Hôm nay, %(day)s, tại %(unit)s, chúng tôi gồm:")
            % {"day": place_date_line("", p.start).lstrip(", "), "unit": unit.name}
        ),  # fmt: skip
        Paragraph(
            _("Bên giao: %(who)s.")
            % {"who": f"{_('hộ')} {giver.full_name}" if giver else unit.name}
        ),  # fmt: skip
        Paragraph(
            _("Bên nhận: hộ %(who)s%(year)s%(addr)s.")
            % {
                "who": receiver.full_name,
                "year": f", {_('sinh năm')} {receiver.birth_year}" if receiver.birth_year else "",
                "addr": f", {receiver.address_detail}" if receiver.address_detail else "",
            }
        ),  # fmt: skip
        Paragraph(
            _("Cùng thống nhất bàn giao một con %(kind)s của Ngân hàng bò như sau:")
            % {"kind": kind}
        ),  # fmt: skip
        Table(header=[_("Nội dung"), _("Chi tiết")], rows=what, widths=[1, 2]),
        Paragraph(
            _(
                "Hộ nhận có trách nhiệm chăm sóc, nuôi dưỡng; khi bò sinh %(which)s thì chuyển "
                "bê cho hộ tiếp theo trong danh sách chờ khi bê được %(a)s đến %(b)s tháng tuổi "
                "(%(male)s). Sau khi chuyển bê, con bò thuộc quyền sở hữu của hộ."
            )
            % {"which": which, "a": p.min_age_months, "b": p.max_age_months, "male": male}
        ),  # fmt: skip
        Paragraph(_("Biên bản lập thành 03 bản, mỗi bên giữ 01 bản, Hội Chữ thập đỏ giữ 01 bản.")),
    ]
    left = Signature(_("BÊN GIAO"), name=giver.full_name if giver else "")
    right = Signature(_("BÊN NHẬN"), name=receiver.full_name)
    return Document(
        parent=_upper(parent), issuer=_upper(unit), kind=_("BIÊN BẢN"),
        place_date=place_date_line(place_of(unit) or unit.name, p.start),
        summary=_("Bàn giao %(kind)s Ngân hàng bò") % {"kind": kind}, blocks=blocks,
        signatures=[left, right], recipients=[],
    )  # fmt: skip


def _household_line(person) -> str:
    return _("hộ %(who)s%(year)s%(addr)s") % {
        "who": person.full_name,
        "year": f", {_('sinh năm')} {person.birth_year}" if person.birth_year else "",
        "addr": f", {person.address_detail}" if person.address_detail else "",
    }


def house_handover_record(h: House) -> Document:
    """The record signed when a Red Cross house is handed over to its household: the house, its
    cost and every source of support, what the humanitarian fund paid. Before the hand-over it is
    a draft dated today (to print and sign on the day)."""
    unit = h.unit
    parent = Unit.objects.get_parent(unit) if unit.kind != UnitKind.CENTRAL else None
    on = h.handed_over_on or timezone.localdate()
    receiver = h.household.person
    supports = list(h.supports.all())
    paid = sum(t.amount for t in h.tranches.all() if t.cancelled_at is None)
    total = sum(s.amount for s in supports)
    what = [
        [_("Loại"), h.get_kind_display()], [_("Địa điểm"), h.location],
        [_("Ngày khởi công"), format_date(h.started_on) if h.started_on else "—"],
        [_("Dự toán"), format_vnd(h.estimated_cost) if h.estimated_cost else "—"],
    ]  # fmt: skip
    sources = [
        [s.get_source_display() + (f" ({s.name})" if s.name else ""), format_vnd(s.amount)]
        for s in supports
    ]
    sources.append([_("Tổng cộng"), format_vnd(total)])
    blocks: list = [
        Paragraph(
            _("Hôm nay, %(day)s, tại %(place)s, chúng tôi gồm:")
            % {"day": place_date_line("", on).lstrip(", "), "place": h.location}
        ),  # fmt: skip
        Paragraph(_("Bên giao: %(unit)s.") % {"unit": unit.name}),
        Paragraph(_("Bên nhận: %(who)s.") % {"who": _household_line(receiver)}),
        Paragraph(
            _("Cùng thống nhất bàn giao nhà Chữ thập đỏ (%(kind)s) như sau:")
            % {"kind": h.get_kind_display().lower()}
        ),  # fmt: skip
        Table(header=[_("Nội dung"), _("Chi tiết")], rows=what, widths=[1, 2]),
        Paragraph(_("Kinh phí hỗ trợ theo nguồn:")),
        Table(header=[_("Nguồn"), _("Số tiền")], rows=sources, widths=[2, 1]),
        Paragraph(
            _("Trong đó Quỹ nhân đạo đã chi cho hộ %(paid)s.") % {"paid": format_vnd(paid)}
        ),  # fmt: skip
        Paragraph(
            _(
                "Hộ nhận có trách nhiệm quản lý, sử dụng, giữ gìn ngôi nhà đúng mục đích; không "
                "mua bán, chuyển nhượng khi chưa có ý kiến của chính quyền địa phương và Hội Chữ "
                "thập đỏ."
            )
        ),  # fmt: skip
        Paragraph(_("Biên bản lập thành 03 bản, mỗi bên giữ 01 bản, Hội Chữ thập đỏ giữ 01 bản.")),
    ]
    if h.status != HouseStatus.HANDED_OVER:
        blocks.insert(0, Paragraph(_("(Bản dự thảo: nhà chưa được ghi là đã bàn giao.)")))
    return Document(
        parent=_upper(parent), issuer=_upper(unit), kind=_("BIÊN BẢN"),
        place_date=place_date_line(place_of(unit) or unit.name, on),
        summary=_("Bàn giao nhà Chữ thập đỏ"), blocks=blocks,
        signatures=[Signature(_("BÊN GIAO")), Signature(_("BÊN NHẬN"), name=receiver.full_name)],
        recipients=[],
    )  # fmt: skip


def steps_workbook(rows) -> bytes:
    """The cow bank's open placements: household, animal, the owed calf, from / due, overdue."""
    out = io.BytesIO()
    wb = workbook(out)
    ws = wb.add_worksheet(_("Ngân hàng bò")[:31])
    bold = wb.add_format({"bold": True})
    head = [_("STT"), _("Hộ"), _("Đơn vị"), _("Bò"), _("Nhận ngày"), _("Việc tiếp theo"), _("Chuyển từ"), _("Hạn"), _("Quá hạn")]  # fmt: skip
    write_cells(ws, 0, 0, head, bold)
    today = timezone.localdate()
    for i, (p, step) in enumerate(rows, start=1):
        write_cells(ws, i, 0, [
            i, p.household.person.full_name, p.household.unit.name, str(p.animal), format_date(p.start), step.text,
            format_date(step.start) if step.start else "", format_date(step.due) if step.due else "",
            _("quá hạn") if step.due and today > step.due else "",
        ])  # fmt: skip
    ws.set_column(1, 2, 28)
    ws.set_column(5, 5, 60)
    wb.close()
    return out.getvalue()
