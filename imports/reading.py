"""Reading spreadsheets: sheets and rows of xlsx/xls/ods (python-calamine) and csv, the header
row under title lines and merged cells, and the columns' meaning from Vietnamese header synonyms.

Rows are plain lists of cell values (str, int, float, bool, date, datetime); an empty cell is "".
"""

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from core.text import nfc, search_key

HEADER_SCAN_ROWS = 30
SPREADSHEET_EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
EXTENSIONS = SPREADSHEET_EXTENSIONS | {".csv", ".txt"}

# Fields a column can hold, with their labels (the mapping page) and the header texts that name
# them (compared without accents and case; the first pass compares with accents, for "Nam"/"Năm").
FIELDS: dict[str, object] = {
    "full_name": _("Họ và tên"),
    "family_middle": _("Họ và tên đệm"),
    "given_name": _("Tên"),
    "sex": _("Giới tính"),
    "birth_date": _("Ngày sinh"),
    "birth_year": _("Năm sinh"),
    "male_birth": _("Năm sinh (cột Nam)"),
    "female_birth": _("Năm sinh (cột Nữ)"),
    "cccd": _("Số CCCD"),
    "phone": _("Số điện thoại"),
    "address_detail": _("Địa chỉ"),
    "ethnicity": _("Dân tộc"),
    "religion": _("Tôn giáo"),
    "occupation": _("Nghề nghiệp"),
    "branch": _("Chi hội / đơn vị"),
    "joined_on": _("Ngày vào Hội"),
    "card_number": _("Số thẻ"),
    "note": _("Ghi chú"),
}
IGNORE = ""  # a column mapped to nothing

SYNONYMS: dict[str, list[str]] = {
    "full_name": [
        "họ và tên", "họ tên", "họ và tên hội viên", "họ tên hội viên", "tên hội viên",
        "họ và tên tình nguyện viên", "họ tên tnv", "họ và tên tnv", "hội viên", "họ và tên người",
    ],
    "family_middle": ["họ và tên đệm", "họ đệm", "họ và chữ đệm", "họ và đệm", "họ"],
    "given_name": ["tên", "tên gọi"],
    "sex": ["giới tính", "giới", "gt", "nam/nữ", "nam nữ", "phái"],
    "birth_date": [
        "ngày sinh", "ngày tháng năm sinh", "ngày, tháng, năm sinh", "ngày/tháng/năm sinh",
        "sinh ngày", "ngày sinh (dd/mm/yyyy)", "ngày tháng năm sinh nam nữ",
    ],
    "birth_year": ["năm sinh", "năm sinh nam nữ"],
    "male_birth": ["nam"],
    "female_birth": ["nữ"],
    "cccd": [
        "số cccd", "cccd", "số căn cước", "căn cước", "căn cước công dân", "số căn cước công dân",
        "cmnd/cccd", "cccd/cmnd", "số cmnd", "cmnd", "số cmnd/cccd", "số định danh",
        "số định danh cá nhân", "mã định danh", "số cccd/cmnd",
    ],
    "phone": [
        "số điện thoại", "điện thoại", "sđt", "đt", "số đt", "di động", "điện thoại liên hệ",
        "số điện thoại liên hệ", "đtdđ",
    ],
    "address_detail": [
        "địa chỉ", "nơi ở", "nơi ở hiện nay", "chỗ ở hiện nay", "nơi cư trú", "thường trú",
        "địa chỉ thường trú", "địa chỉ liên hệ", "nơi thường trú", "địa chỉ cư trú",
    ],
    "ethnicity": ["dân tộc"],
    "religion": ["tôn giáo"],
    "occupation": ["nghề nghiệp", "nghề", "công việc", "nghề nghiệp hiện nay", "việc làm"],
    "branch": [
        "chi hội", "đơn vị", "tổ", "chi hội/tổ", "thuộc chi hội", "đội", "sinh hoạt tại",
        "chi hội sinh hoạt", "tên chi hội", "tổ hội", "đơn vị sinh hoạt",
    ],
    "joined_on": [
        "ngày vào hội", "ngày kết nạp", "ngày gia nhập", "năm vào hội", "ngày tham gia",
        "năm kết nạp", "ngày vào", "thời gian vào hội", "ngày vào hội (dd/mm/yyyy)",
        "năm tham gia",
    ],
    "card_number": ["số thẻ", "số thẻ hội viên", "mã thẻ", "số thẻ hv", "mã hội viên", "thẻ số"],
    "note": ["ghi chú", "ghi chú khác"],
    IGNORE: ["stt", "tt", "số tt", "số thứ tự", "thứ tự", "ký tên", "chữ ký", "ký nhận"],
}  # fmt: skip


def _words(value) -> str:
    """Header text for matching: NFC, lowercase, punctuation other than "/" turned to spaces."""
    text = nfc(str(value)).lower()
    text = re.sub(r"[^\w/]+", " ", text)
    return " ".join(text.split())


_EXACT: dict[str, str] = {}
_LOOSE: dict[str, str] = {}
for _field, _names in SYNONYMS.items():
    for _name in _names:
        _EXACT.setdefault(_words(_name), _field)
        _LOOSE.setdefault(search_key(_words(_name)), _field)
# "nam"/"năm" and "nu"/"nữ" only match with their accents.
_ACCENT_ONLY = {"nam", "nu"}
_LONGEST_FIRST = sorted(_LOOSE, key=len, reverse=True)


def field_for_header(value) -> str | None:
    """The field a header cell names; IGNORE for a known column to skip; None when unknown."""
    if value is None or value == "" or not isinstance(value, str):
        return None
    words = _words(value)
    if not words or len(words) > 80:
        return None
    if words in _EXACT:
        return _EXACT[words]
    loose = search_key(words)
    if loose in _ACCENT_ONLY:
        return None
    if loose in _LOOSE:
        return _LOOSE[loose]
    # "Họ và tên hội viên (ghi có dấu)": a longer header that starts with a known one.
    for name in _LONGEST_FIRST:
        if len(name) >= 4 and loose.startswith(name + " ") and name not in _ACCENT_ONLY:
            return _LOOSE[name]
    return None


# --- Files and sheets ---------------------------------------------------------------------------


class ReadError(Exception):
    """The file cannot be read as a spreadsheet; the message is for the user."""


def _decode_csv(path: Path) -> io.TextIOBase:
    raw = path.open("rb")
    head = raw.read(4)
    raw.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return io.TextIOWrapper(raw, encoding="utf-16", newline="")
    sample = raw.read(1 << 20)
    raw.seek(0)
    try:
        sample.decode("utf-8-sig")
        encoding = "utf-8-sig"
    except UnicodeDecodeError as e:
        # A cut at the end of the sample is no proof of another encoding.
        encoding = "utf-8-sig" if e.start >= len(sample) - 4 else "cp1258"
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")


def _csv_rows(path: Path) -> Iterator[list]:
    """The rows of a CSV file. A cell longer than csv's limit (131,072 characters; a register
    cell is at most a few hundred) or a row of more cells than a sheet may have columns makes
    the whole file unreadable, with the line where it happened."""
    from .limits import limits

    max_cols = limits()["max_columns"]
    with _decode_csv(path) as text:
        sample = text.read(65536)
        text.seek(0)
        delimiter = ","
        counts = {d: sample.count(d) for d in (",", ";", "\t")}
        if counts:
            delimiter = max(counts, key=lambda d: counts[d]) if max(counts.values()) else ","
        reader = csv.reader(text, delimiter=delimiter)
        try:
            for row in reader:
                if len(row) > max_cols:
                    raise ReadError(
                        _("Dòng %(n)d của tệp CSV có %(c)d ô, nhiều hơn %(m)d cột cho phép.")
                        % {"n": reader.line_num, "c": len(row), "m": max_cols}
                    )
                yield row
        except csv.Error as e:
            if "field larger than field limit" in str(e):
                message = _(
                    "Dòng %(n)d của tệp CSV có một ô dài quá %(m)s ký tự; tệp có thể bị hỏng "
                    "(thiếu dấu ngoặc kép đóng) hoặc không phải danh sách."
                ) % {"n": reader.line_num, "m": f"{csv.field_size_limit():,}".replace(",", ".")}
            else:
                message = _("Không đọc được tệp CSV (dòng %(n)d): %(err)s") % {
                    "n": reader.line_num,
                    "err": str(e)[:200],
                }
            raise ReadError(message) from None


@dataclass
class Book:
    path: Path
    sheet_names: list[str]
    is_csv: bool = False
    _workbook: object = field(default=None, repr=False)
    _sheets: dict = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, path: str | Path) -> "Book":
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix in (".csv", ".txt"):
            return cls(path=path, sheet_names=["CSV"], is_csv=True)
        if suffix not in SPREADSHEET_EXTENSIONS:
            raise ReadError(_("Chỉ nhận tệp xlsx, xls, ods hoặc csv."))
        from python_calamine import CalamineWorkbook

        try:
            wb = CalamineWorkbook.from_path(str(path))
        except Exception as e:  # noqa: BLE001 - calamine raises several kinds
            raise ReadError(_("Không đọc được tệp: %(err)s") % {"err": str(e)[:200]}) from None
        return cls(path=path, sheet_names=list(wb.sheet_names), _workbook=wb)

    def rows(self, sheet: str) -> Iterator[list]:
        """The sheet's rows from the first, as lists (an empty list for an empty row). An xlsx
        sheet is read a piece at a time (imports.xlsx_pieces); other formats are loaded whole
        by calamine."""
        if self.is_csv:
            yield from _csv_rows(self.path)
            return
        pieces = self.pieces(sheet)
        if pieces is not None:
            at = 0
            try:
                for index, row in pieces.rows():
                    while at < index:
                        yield []
                        at += 1
                    yield row
                    at += 1
            except ReadError:
                raise
            except Exception as e:  # noqa: BLE001 - calamine raises several kinds
                from .limits import TooLarge

                if isinstance(e, TooLarge):
                    raise ReadError(str(e)) from None
                raise ReadError(_("Không đọc được trang “%(sheet)s”: %(err)s") % {"sheet": sheet, "err": str(e)[:200]}) from None  # fmt: skip
            finally:
                pieces.close()
            return
        sh = self.sheet(sheet)
        # python-calamine yields rows from the sheet's first row (empty ones included) but cells
        # from the first used column: pad the columns so that indexes match Excel's (a test
        # holds this).
        start_col = (sh.start or (0, 0))[1]
        if not start_col:
            yield from sh.iter_rows()
            return
        pad = [""] * start_col
        for row in sh.iter_rows():
            yield pad + row

    def pieces(self, sheet: str):
        """The sheet as pieces (imports.xlsx_pieces.Pieces; the caller closes it), or None for
        a file that is not an xlsx."""
        if self.path.suffix.lower() not in (".xlsx", ".xlsm"):
            return None
        from .xlsx_pieces import NotSplittable, Pieces

        try:
            return Pieces(self.path, sheet)
        except NotSplittable:
            return None

    def row_count(self, sheet: str) -> int:
        """About how many rows the sheet has (for progress; 0 when unknown)."""
        if self.is_csv:
            with self.path.open("rb") as f:
                return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
        pieces = self.pieces(sheet)
        if pieces is not None:
            try:
                return pieces.row_count()
            finally:
                pieces.close()
        try:
            sh = self.sheet(sheet)
            return (sh.start or (0, 0))[0] + sh.height
        except Exception:  # noqa: BLE001
            return 0

    def sheet(self, name: str):
        """The calamine sheet, loaded once per book (loading parses the whole sheet)."""
        if name not in self._sheets:
            try:
                self._sheets[name] = self._workbook.get_sheet_by_name(name)  # type: ignore[attr-defined]
            except Exception as e:  # noqa: BLE001
                raise ReadError(_("Không đọc được trang “%(sheet)s”: %(err)s") % {"sheet": name, "err": str(e)[:200]}) from None  # fmt: skip
        return self._sheets[name]

    def head(self, sheet: str, n: int = HEADER_SCAN_ROWS + 10) -> list[list]:
        out = []
        for i, row in enumerate(self.rows(sheet)):
            if i >= n:
                break
            out.append(row)
        return out


# --- Header detection ---------------------------------------------------------------------------


@dataclass
class Layout:
    """Where a sheet's table is: the header row(s) and each column's field."""

    sheet: str
    header_row: int  # 0-based index of the (first) header row
    data_row: int  # 0-based index of the first data row
    headers: list[str]  # the header text of each column (sub-header when there is one)
    columns: dict[int, str]  # column index -> field (IGNORE columns left out)

    def signature(self) -> str:
        return "|".join(search_key(_words(h)) for h in self.headers)


def _score(row: list) -> tuple[int, dict[int, str]]:
    found: dict[int, str] = {}
    for i, cell in enumerate(row):
        f = field_for_header(cell)
        if f is not None:
            found[i] = f
    return len(set(found.values())), found


def _is_numbering(row: list) -> bool:
    """A row "1 2 3 4 …" or "(1) (2) (3)" under the header (forms number their columns)."""
    cells = [c for c in row if c != "" and c is not None]
    if len(cells) < 3:
        return False
    for c in cells:
        text = str(c).strip().strip("()").removesuffix(".0")
        if not text.isdigit() or int(text) > 100:
            return False
    return True


def _is_sub_header(row: list, headers: list[str]) -> bool:
    """A second header row: every filled cell names a field (or is "Nam"/"Nữ"), and one of them
    stands under an empty (merged) header cell or under a birth header."""
    filled = [(i, c) for i, c in enumerate(row) if c not in ("", None)]
    if not filled:
        return False
    under_merge = False
    for i, cell in filled:
        if not isinstance(cell, str):
            return False
        text = _words(cell)
        if text not in ("nam", "nữ") and field_for_header(cell) is None:
            return False
        above = headers[i] if i < len(headers) else ""
        if not above or field_for_header(above) in ("birth_date", "birth_year", "sex"):
            under_merge = True
    return under_merge


def detect_layout(rows: list[list], sheet: str) -> Layout | None:
    """The header row (the one naming most known fields among the first rows, at least two), an
    optional sub-header row (merged "Năm sinh" over "Nam" | "Nữ"), and the columns' fields."""
    best, best_i, best_found = 0, -1, {}
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score, found = _score(row)
        if score > best:
            best, best_i, best_found = score, i, found
    if best < 2:
        return None
    width = max(len(r) for r in rows[best_i : best_i + 2])
    headers = [str(c).strip() if c not in (None, "") else "" for c in rows[best_i]]
    headers += [""] * (width - len(headers))
    columns = dict(best_found)
    data_row = best_i + 1
    if data_row < len(rows) and _is_sub_header(rows[data_row], headers):
        _sub_score, sub_found = _score(rows[data_row])
        for i, cell in enumerate(rows[data_row]):
            if cell in ("", None):
                continue
            text = _words(cell)
            f = {"nam": "male_birth", "nữ": "female_birth"}.get(text) or sub_found.get(i)
            if f is None:
                continue
            columns[i] = f
            headers[i] = f"{headers[i]} {str(cell).strip()}".strip()
        data_row += 1
    while data_row < len(rows) and _is_numbering(rows[data_row]):
        data_row += 1
    # Under "Năm sinh" a lone "Nam"/"Nữ" pair means the year columns; a "Nam" column alone
    # elsewhere is a sex mark column only if there is no sex column yet.
    columns = {i: f for i, f in columns.items() if f != IGNORE}
    seen: set[str] = set()
    for i in sorted(columns):
        f = columns[i]
        if f in seen and f not in ("note",):
            del columns[i]  # the first column of a field wins
        else:
            seen.add(f)
    for i, h in enumerate(headers):
        if not h:
            headers[i] = _("Cột %(n)s") % {"n": column_letter(i)}
    return Layout(sheet, best_i, data_row, headers, columns)


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA": the column as Excel names it."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def find_layout(book: Book, sheet: str | None = None) -> Layout | None:
    """The layout of ``sheet``, or of the first sheet with a recognisable header."""
    names = [sheet] if sheet else book.sheet_names
    for name in names:
        layout = detect_layout(book.head(name), name)
        if layout is not None:
            return layout
    return None
