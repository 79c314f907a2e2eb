"""An xlsx sheet read a piece at a time, so that a file of a million rows never sits whole in memory.

python-calamine loads a whole sheet before giving its first row (about 1 KB of memory per row
of a register: a gigabyte for a million rows). An xlsx sheet is one XML part of the zip, rows
one after another inside ``<sheetData>``. This module streams that part out of the zip, cuts it
at row boundaries into pieces of a few tens of megabytes, wraps each piece into a small workbook
of its own (the original styles, which say which numbers are dates, and shared strings) and lets
calamine read that. Cell values are exactly calamine's: the same parser reads every piece.

Rows come with their 0-based index in the sheet (Excel's row number less one), from the rows'
own ``r`` attributes when the file has them (every spreadsheet program writes them), else by
counting.
"""

import html
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _

PIECE_BYTES = 8 * 1024 * 1024  # of sheet XML per piece (~12,000 register rows)
READ_BYTES = 4 * 1024 * 1024
# calamine holds a piece as a full rectangle (rows from the first to the last, columns from A to
# the widest cell) of ~32-byte cells: a piece is cut smaller when the rectangle would hold more.
# (A row 1 and a row 1,048,576 with a cell in column ZZ would otherwise be 23 GB.)
PIECE_CELLS = 8_000_000

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>"
)  # fmt: skip
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>"
)  # fmt: skip
_BOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    b"%s</Relationships>"
)  # fmt: skip
_SST_REL = b'<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'  # fmt: skip
_BOOK = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'%s<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_EMPTY_STYLES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
)
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b[^>]*?(/?)>")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")
_WORKBOOK_PR = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*/>")


class NotSplittable(Exception):  # noqa: N818 - the caller reads the sheet whole instead
    pass


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


_TAG = re.compile(rb"<(?:\w+:)?(Relationship|sheet)\s([^>]*)>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')


def _attrs(text: bytes) -> dict[str, str]:
    return {k.decode(): html.unescape(v.decode("utf-8", "replace")) for k, v in _ATTR.findall(text)}


def _parts(zf: zipfile.ZipFile, sheet: str) -> tuple[str, str | None, str | None, bytes]:
    """(the sheet's part, the styles part, the shared strings part, the workbookPr element).
    (The two small XML parts are read with regular expressions: no entity is ever expanded.)"""
    names = set(zf.namelist())
    book = zf.read("xl/workbook.xml")
    targets = {}
    styles = strings = None
    for tag, text in _TAG.findall(zf.read("xl/_rels/workbook.xml.rels")):
        if tag != b"Relationship":
            continue
        rel = _attrs(text)
        target = _resolve("xl/workbook.xml", rel.get("Target", ""))
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        targets[rel.get("Id")] = target
        if kind == "styles":
            styles = target
        elif kind == "sharedStrings":
            strings = target
    for tag, text in _TAG.findall(book):
        el = _attrs(text)
        if tag != b"sheet" or el.get("name") != sheet:
            continue
        rid = next((v for k, v in el.items() if k.endswith(":id")), None)
        part = targets.get(rid)
        if part in names:
            pr = _WORKBOOK_PR.search(book)
            return (
                part,
                styles if styles in names else None,
                strings if strings in names else None,
                pr[0] if pr else b"",
            )
    raise NotSplittable(sheet)


def workbook_bytes(
    head: bytes, rows: bytes, tail: bytes, styles: bytes, strings: bytes | None, workbook_pr: bytes
) -> bytes:
    """A one-sheet workbook of a piece of a sheet's XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS % (_SST_REL if strings else b""))
        z.writestr("xl/workbook.xml", _BOOK % workbook_pr)
        z.writestr("xl/styles.xml", styles)
        if strings:
            z.writestr("xl/sharedStrings.xml", strings)
        z.writestr("xl/worksheets/sheet1.xml", b"".join((head, rows, tail)))
    return out.getvalue()


def read_piece(
    head: bytes,
    xml: bytes,
    tail: bytes,
    offset: int | None,
    styles: bytes,
    strings: bytes | None,
    workbook_pr: bytes,
) -> tuple[int, list[list]]:
    """(the sheet index of the piece's first row, its rows from column A): calamine's values.
    ``offset``: for a file without row numbers, how many rows came before the piece."""
    from python_calamine import CalamineWorkbook

    data = workbook_bytes(head, xml, tail, styles, strings, workbook_pr)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    del data
    if sheet.start is None:
        return offset or 0, []
    first, col = sheet.start
    rows = sheet.to_python(skip_empty_area=True)
    if col:
        pad = [""] * col
        rows = [pad + row for row in rows]
    return first + (offset or 0), rows


class Pieces:
    """The rows of one xlsx sheet, a piece at a time."""

    def __init__(self, path, sheet: str, piece_bytes: int | None = None):
        try:
            self.zf = zipfile.ZipFile(path)
            self.part, styles, strings, self.workbook_pr = _parts(self.zf, sheet)
        except (zipfile.BadZipFile, KeyError) as e:
            raise NotSplittable(str(e)) from None
        self.styles = self.zf.read(styles) if styles else _EMPTY_STYLES
        self.strings = self.zf.read(strings) if strings else None
        # A piece parses the shared strings again: with many of them, fewer larger pieces.
        self.piece_bytes = max(piece_bytes or PIECE_BYTES, 4 * len(self.strings or b""))

    def close(self) -> None:
        self.zf.close()

    def row_count(self) -> int:
        """The last row the sheet's <dimension> names; when it names none (or only one cell),
        the rows counted in the XML (one more pass over it)."""
        with self.zf.open(self.part) as f:
            head = f.read(4096)
        m = re.search(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"', head)
        if m and int(m[1]) > 1:
            return int(m[1])
        tag = re.compile(rb"<(?:\w+:)?row[\s>/]")
        count, carry = 0, b""
        with self.zf.open(self.part) as f:
            while block := f.read(READ_BYTES):
                data = carry + block
                cut = len(data) - 16  # a tag starting after this is counted with the next block
                count += sum(1 for m in tag.finditer(data) if m.start() < cut)
                carry = data[cut:]
        return count + len(tag.findall(carry))

    def _xml_pieces(self) -> Iterator[tuple[bytes, bytes, bytes]]:
        """(head, rows, tail) pieces of the sheet XML, each cut just before a <row>."""
        with self.zf.open(self.part) as f:
            buf = b""
            while (m := _SHEET_DATA.search(buf)) is None:
                block = f.read(READ_BYTES)
                if not block:
                    raise NotSplittable("no sheetData")
                buf += block
            prefix = m[1] or b""
            head = _DIMENSION.sub(b"", buf[: m.start()]) + b"<" + prefix + b"sheetData>"
            tail = b"</" + prefix + b"sheetData></" + prefix + b"worksheet>"
            if m[2]:  # <sheetData/>: no rows
                return
            buf = buf[m.end() :]
            end = b"</" + prefix + b"sheetData>"
            opening = b"<" + prefix + b"row"
            self.row_tag = opening
            target, eof = self.piece_bytes, False
            while True:
                while len(buf) < target and not eof:
                    block = f.read(READ_BYTES)
                    eof = not block
                    buf += block
                stop = buf.find(end)
                if stop >= 0 or eof:  # (a cut-off file: calamine says what is wrong)
                    yield head, buf if stop < 0 else buf[:stop], tail
                    return
                cut = len(buf)
                while (cut := buf.rfind(opening, 0, cut)) > 0 and buf[
                    cut + len(opening)
                ] not in b" \t\r\n>/":
                    pass
                if cut <= 0:  # one row larger than a piece: read more first
                    target = len(buf) + READ_BYTES
                    continue
                yield head, buf[:cut], tail
                buf, target = buf[cut:], self.piece_bytes

    def _bounded(self) -> Iterator[tuple[bytes, bytes, bytes]]:
        """The pieces, each checked (imports.limits: no column or row beyond the last allowed)
        and cut again where calamine's rectangle of its cells would pass PIECE_CELLS."""
        from .limits import TooLarge, limits

        lim = limits()
        max_cols, max_rows = lim["max_columns"], lim["max_rows"]
        for head, rows, tail in self._xml_pieces():
            width = piece_width(rows, self.row_tag)
            if width > max_cols:
                raise TooLarge(too_big(_("hơn %(n)d cột") % {"n": max_cols}))
            first = _FIRST_ROW.search(rows, 0, 4096)
            numbered = first is not None and first[1] is not None
            if first is not None and first[1] is not None:  # (numbered)
                last = _FIRST_ROW.match(rows, max(0, rows.rfind(self.row_tag)))
                end = int(last[1]) if last is not None and last[1] else int(first[1])
                if end > max_rows:
                    raise TooLarge(too_big(_("dòng %(r)d") % {"r": end}))
                span = end - int(first[1]) + 1
            else:
                span = rows.count(self.row_tag)
            if span * width <= PIECE_CELLS:
                yield head, rows, tail
                continue
            # A sparse or wide piece: cut where the rectangle so far would pass the limit.
            begin, top, n = 0, None, 0
            for m in _FIRST_ROW.finditer(rows):
                number = int(m[1]) if m[1] else None
                n += 1
                if top is None:
                    top = number
                here = number - top + 1 if numbered and number and top else n
                if here * width > PIECE_CELLS and m.start() > begin:
                    yield head, rows[begin : m.start()], tail
                    begin, top, n = m.start(), number, 1
                if number is not None and number > max_rows:
                    raise TooLarge(too_big(_("dòng %(r)d") % {"r": number}))
            yield head, rows[begin:], tail

    def xml_pieces(self) -> Iterator[tuple[bytes, bytes, bytes, int | None]]:
        """(head, rows, tail, the index of its first row when the file has no row numbers)
        for each piece: what read_piece needs (here, or in a worker: imports.parallel)."""
        counted = 0
        for head, rows, tail in self._bounded():
            numbered = re.search(rb"<(?:\w+:)?row\b[^>]*\sr=\"", rows[:4096]) is not None
            if numbered:
                yield head, rows, tail, None
            else:
                yield head, rows, tail, counted
                counted += rows.count(self.row_tag)

    def rows(self) -> Iterator[tuple[int, list]]:
        """(0-based row index, cells from column A) for every row that has a cell."""
        for head, xml, tail, offset in self.xml_pieces():
            first, rows = read_piece(
                head, xml, tail, offset, self.styles, self.strings, self.workbook_pr
            )
            del xml
            for i, row in enumerate(rows):
                yield first + i, row


def too_big(what: str) -> str:
    from .limits import too_big_message

    return too_big_message() % {"what": what}


_FIRST_ROW = re.compile(rb'<(?:\w+:)?row(?=[\s>/])(?:[^>]*?\sr="(\d+)")?')
_WIDE = re.compile(rb'r="([A-Z]{2,})\d')


def piece_width(xml: bytes, row_tag: bytes = b"<row") -> int:
    """How many columns calamine's rectangle of the piece has, at most: from the cells' own
    references (two letters or more: one pass at C speed, with no match in a register of up
    to 26 columns), or, when some cell has no reference, the most cells of a row."""
    from .limits import cells_per_row, column_number

    found = _WIDE.findall(xml)
    width = column_number(max(found, key=lambda c: (len(c), c))) if found else 26
    cell = row_tag[:-3] + b"c"  # (with the sheet's namespace prefix, if any)
    if re.search(re.escape(cell) + rb'(?:[>/]|\s(?!r="))', xml):
        width = max(width, *cells_per_row(xml))
    return width
