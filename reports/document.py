"""A summary report as an administrative document (core.admindoc, Decree 30/2020/NĐ-CP): the
issuing unit and the unit above it, "Số: 12/BC-CTĐ", the place-date line, "BÁO CÁO" and its
subject, the sections numbered as associations number them (I. results, with 1., 2. … for each
area; II. limitations; III. directions), a table of every figure with the previous period, the
target and whether it was met, the signature block and "Nơi nhận"."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.admindoc import (
    Document,
    Heading,
    Paragraph,
    Signature,
    Table,
    place_date_line,
    to_docx,
    to_pdf,
)
from funds.printing import place_of
from indicators.catalogue import RECORDS
from org.models import Unit
from org.selectors import parent_on

from .builder import build
from .data import ReportData, collect
from .models import Report, ReportVersion
from .periods import Period
from .sections import DIRECTIONS, LIMITATIONS

ROMAN = ("I", "II", "III", "IV", "V")


def symbol(data: ReportData) -> str:
    """The document's symbol: "BC-CTĐ" (the profile's short name)."""
    return f"BC-{data.terms.get('short_name') or 'CTĐ'}"


def summary_of(data: ReportData) -> str:
    p = data.period
    if p.whole_year:
        return _("Tổng kết công tác Hội năm %(year)s và phương hướng, nhiệm vụ năm %(next)s") % {
            "year": p.year,
            "next": p.year + 1,
        }
    return _("Kết quả công tác Hội %(period)s và nhiệm vụ thời gian tới") % {"period": p.label}


def _figure_table(data: ReportData) -> Table:
    p = data.period
    rows = []
    for ind in data.indicators:
        f = data.figures.get(ind.code)
        if f is None or (not f.value and not f.previous and f.target is None):
            continue  # nothing to say: left off the printed table (the page shows it)
        met = "" if f.met is None else (_("Đạt") if f.met else _("Chưa đạt"))
        star = "" if f.source == RECORDS or f.value is None else " (*)"
        rows.append([str(ind.name), f.text + star, f.previous_text, f.target_text, met])
    header = [
        _("Chỉ tiêu"),
        p.label[:1].upper() + p.label[1:],
        p.previous().label[:1].upper() + p.previous().label[1:],
        _("Kế hoạch"),
        _("Đánh giá"),
    ]
    return Table(header, rows, widths=[3.7, 2.4, 2.2, 1.5, 1.5], numeric={1, 2, 3}, size=10)


def _body(data: ReportData, version: ReportVersion) -> list:
    results = [s for s in version.sections if s["key"] not in (LIMITATIONS, DIRECTIONS)]
    label = data.period.label.upper()
    blocks: list = [Heading(_("I. KẾT QUẢ CÔNG TÁC %(period)s") % {"period": label})]
    for n, s in enumerate(results, start=1):
        blocks.append(Heading(f"{n}. {s['title']}", level=2))
        blocks += [Paragraph(p) for p in s["text"].split("\n") if p.strip()]
    blocks.append(Heading(_("%(n)s. Kết quả thực hiện các chỉ tiêu") % {"n": len(results) + 1}, 2))
    intro = _("Các chỉ tiêu %(period)s so với %(previous)s và kế hoạch:") % {
        "period": data.period.label,
        "previous": data.period.previous().label,
    }
    blocks.append(Paragraph(intro))  # the heading keeps with it, the table may split below
    blocks.append(_figure_table(data))
    if any(f.source != RECORDS and f.value is not None for f in data.figures.values()):
        note = _("(*) Số có phần do đơn vị báo cáo bằng số, không tính từ hồ sơ.")
        blocks.append(Paragraph(note, italic=True, indent=False))
    for n, key in enumerate((LIMITATIONS, DIRECTIONS), start=1):
        s = next((x for x in version.sections if x["key"] == key), None)
        if s is None:
            continue
        blocks.append(Heading(f"{ROMAN[n]}. {s['title'].upper()}"))
        blocks += [Paragraph(p) for p in s["text"].split("\n") if p.strip()]
    return blocks


def build_document(
    report: Report, version: ReportVersion, data: ReportData, *, today: datetime.date
) -> Document:
    unit = data.unit
    parent = parent_on(unit, data.period.end)  # the unit above it then
    place = place_of(unit) or "Hà Nội"
    blank = "\u00a0" * 8  # the number written by hand on the signed copy
    number = f"Số: {report.number or blank}/{symbol(data)}"
    recipients = [_("Cấp trên (để báo cáo)")] if parent is not None else []
    recipients += [_("Các đơn vị trực thuộc"), _("Lưu: VT")]
    return Document(
        issuer=unit.name.upper(),
        parent=parent.name.upper() if parent is not None else "",
        kind=_("BÁO CÁO"),
        summary=summary_of(data),
        number=number,
        place_date=place_date_line(place, today),
        blocks=_body(data, version),
        recipients=recipients,
        signatures=[
            Signature(
                title=(report.signer_title or _("CHỦ TỊCH")).upper(),
                authority=_("TM. BAN THƯỜNG VỤ"),
                name=report.signer_name,
            )
        ],
    )


def draft_version(report: Report | None, data: ReportData) -> ReportVersion:
    """The report's latest version, or (none saved) an unsaved one prefilled from the data."""
    if report is not None:
        return report.versions.order_by("-number").first()  # type: ignore[return-value]
    return ReportVersion(number=0, sections=build(data).sections)


def document_bytes(unit: Unit, period: Period, fmt: str) -> bytes:
    """The report of ``unit`` for ``period`` as docx or pdf (its latest version, or the text
    prefilled from the data when none was saved)."""
    rep = Report.objects.filter(unit=unit, period_key=period.key).first()
    data = collect(unit, period)
    version = draft_version(rep, data)
    doc = build_document(rep or Report(unit=unit), version, data, today=timezone.localdate())
    return to_docx(doc) if fmt == "docx" else to_pdf(doc)
