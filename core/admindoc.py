"""Administrative documents (văn bản hành chính) in the layout of Decree 30/2020/NĐ-CP, as Word
(python-docx) and PDF (reportlab, the shipped Liberation Serif: metric-compatible with Times New
Roman, with every Vietnamese glyph).

One description, two renderers: an app builds a ``Document`` from its data (a visit record, an
inspection report, the annual summary report) and calls ``to_docx`` or ``to_pdf``. The layout:

    HỘI CHỮ THẬP ĐỎ TỈNH X          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    HỘI CHỮ THẬP ĐỎ XÃ Y               Độc lập - Tự do - Hạnh phúc
         ───────                            ─────────────
      Số: 10/KH-CTĐ                  Y, ngày 18 tháng 4 năm 2023

                                  BÁO CÁO
                        Kết quả kiểm tra công tác Hội ...
    body: headings, paragraphs (first line indented, justified), tables
    Nơi nhận:                                  TM. BAN THƯỜNG VỤ
    - ...;                                         CHỦ TỊCH
    - Lưu: VT.                                    (signature)
                                                  Nguyễn Văn A

Text is plain: a renderer escapes what it must. Bodies are Times 13–14 pt (``body_size``), A4
portrait (or landscape for wide tables), margins top/bottom 20 mm, left 30 mm, right 15 mm.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MARGINS_MM = (20, 15, 20, 30)  # top, right, bottom, left (Decree 30: 20–25, 15–20, 20–25, 30–35)
LEFT_SHARE = 0.45  # the header's left column (issuer); the right one holds the 12 pt nation line


def place_date_line(place: str, day: datetime.date) -> str:
    """ "Hải Châu, ngày 18 tháng 4 năm 2023" (Decree 30: days below 10 and months below 3 take a
    leading zero: "ngày 05 tháng 01 năm 2024")."""
    d = f"{day.day:02d}" if day.day < 10 else str(day.day)
    m = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {d} tháng {m} năm {day.year}"


def recipient_lines(recipients: list[str]) -> list[str]:
    """The "Nơi nhận" lines as printed: "- Như trên;" … "- Lưu: VT." (a line's own final
    punctuation is replaced)."""
    lines = [r.strip().rstrip(";.,") for r in recipients if r.strip()]
    return [f"- {r}{'.' if i == len(lines) - 1 else ';'}" for i, r in enumerate(lines)]


@dataclass
class Run:
    """A piece of a paragraph with its own emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Paragraph:
    """A body paragraph: a string or runs. ``indent``: the first line indented (the usual body);
    ``align``: "justify", "left", "center" or "right"."""

    content: str | list[Run]
    indent: bool = True
    align: str = "justify"
    bold: bool = False
    italic: bool = False

    def runs(self) -> list[Run]:
        if isinstance(self.content, str):
            return [Run(self.content, self.bold, self.italic)]
        return self.content


@dataclass
class Heading:
    """A section heading: level 1 "I. TÌNH HÌNH CHUNG" (bold), level 2 "1. Công tác tổ chức"
    (bold), level 3 (bold italic). The text carries its own number."""

    text: str
    level: int = 1


@dataclass
class Table:
    """A table: ``header`` (one row), ``rows``; ``widths`` relative (None: equal);
    ``numeric`` the column indexes aligned right; ``total`` an optional last row in bold.
    Cells are strings (format numbers before: core.formatting)."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None
    numeric: set[int] = field(default_factory=set)
    total: list[str] | None = None
    size: float = 11


@dataclass
class Signature:
    """The signature block at the bottom right: ``authority`` "TM. BAN THƯỜNG VỤ" (may be
    empty), ``title`` "CHỦ TỊCH", ``name`` the signer's name (may be empty: signed by hand)."""

    title: str
    authority: str = ""
    name: str = ""


@dataclass
class Document:
    """A whole administrative document.

    ``parent``: the managing body above the issuer, upper case ("HỘI CHỮ THẬP ĐỎ TỈNH X"; may be
    empty); ``issuer``: the issuing body, upper case; ``number``: "Số: 10/KH-CTĐ" (the whole
    text, or "Số:      /BC-CTĐ" when the number is given by hand); ``place_date``: from
    ``place_date_line``; ``kind``: the document's kind upper case ("BÁO CÁO", "BIÊN BẢN");
    ``summary``: its subject ("Kết quả kiểm tra công tác Hội năm 2023"); ``blocks``: the body;
    ``recipients``: "Nơi nhận" lines without the dash ("Như trên", "Lưu: VT"), empty for none;
    ``signatures``: one block at the right, or two (left and right, e.g. a visit record signed
    by the inspection team and by the inspected base)."""

    issuer: str
    kind: str
    place_date: str
    parent: str = ""
    number: str = ""
    summary: str = ""
    blocks: list[Paragraph | Heading | Table] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    landscape: bool = False
    body_size: float = 14
    motto: bool = True


def to_docx(doc: Document) -> bytes:
    """The document as a .docx file (Times New Roman)."""
    from .admindoc_docx import render

    return render(doc)


def to_pdf(doc: Document) -> bytes:
    """The document as a PDF (Liberation Serif, A4)."""
    from .admindoc_pdf import render

    return render(doc)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_response(doc: Document, fmt: str, name: str):
    """``doc`` as a download named ``name``.pdf or ``name``.docx (``fmt``; any other: 404)."""
    from django.http import Http404, HttpResponse

    if fmt == "pdf":
        response = HttpResponse(to_pdf(doc), content_type="application/pdf")
    elif fmt == "docx":
        response = HttpResponse(to_docx(doc), content_type=DOCX)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
