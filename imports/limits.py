"""How large an uploaded spreadsheet may become once opened, checked before anything parses it.

An xlsx or ods file is a zip of XML parts: a few hundred kilobytes on disk can hold a shared
string of 300 MB or five million shared strings, which calamine builds in memory in full when it
opens the file (gigabytes). Before the file is opened, :func:`check_file` reads the zip's
directory (each part's uncompressed size, their sum, the compression ratio) and then streams
the parts a reader loads whole (shared strings, styles, the workbook, an ods ``content.xml``),
counting as it goes and stopping at the first limit passed: nothing is
kept, and a part that claims to be small but inflates further is cut off at its claimed size by
zipfile (which then fails its checksum). An xls file (not a zip) is bounded by its size.

A worksheet is never read whole: imports.xlsx_pieces cuts it into pieces and checks each one
(its last column and row, the rectangle of cells calamine would make of it) before it is read.

The limits are settings (``IMPORT_LIMITS``, a dict overriding :data:`DEFAULTS`); the defaults
let a register of a million rows through (bench/import.py: a 1,000,000-row sheet of 12 columns is
~550 MB of XML, ~77 MB on disk; written by Excel, ~3.2 million shared strings in ~86 MB).
"""

import re
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

MB = 1024 * 1024
DEFAULTS = {
    # Every part of the zip, uncompressed, and all of them together.
    "max_part_bytes": 1024 * MB,
    "max_total_bytes": 2048 * MB,
    # Uncompressed over compressed size, for parts over 1 MB (real sheets: 5-20).
    "max_ratio": 100,
    "max_parts": 10_000,
    # Parts a reader holds whole in memory (shared strings, styles, workbook, ods content).
    "max_whole_part_bytes": 160 * MB,
    # Shared strings: how many, and the XML of one (Excel holds at most 32,767 characters).
    "max_shared_strings": 4_000_000,
    "max_string_bytes": 256 * 1024,
    # Columns of a sheet (ZZ); rows of a sheet (Excel's own maximum).
    "max_columns": 702,
    "max_rows": 1_048_576,
    # An xls file is read whole (a format of at most 65,536 rows).
    "max_xls_bytes": 64 * MB,
}
READ_BYTES = 1 * MB
RATIO_GRACE = 1 * MB


class TooLarge(Exception):  # noqa: N818 - the message is for the user
    pass


def limits() -> dict:
    return {**DEFAULTS, **getattr(settings, "IMPORT_LIMITS", {})}


def _mb(n: int) -> str:
    return f"{n / MB:,.0f}".replace(",", ".")


def column_number(letters: bytes) -> int:
    """b"A" -> 1, b"ZZ" -> 702."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_file(path: str | Path) -> None:
    """Raise TooLarge (a message for the user) when the file would open larger than allowed."""
    path = Path(path)
    lim = limits()
    suffix = path.suffix.lower()
    if suffix in (".xls", ".xlsb") and not zipfile.is_zipfile(path):
        if path.stat().st_size > lim["max_xls_bytes"]:
            raise TooLarge(
                _("Tệp xls lớn quá %(n)s MB; hãy lưu lại thành xlsx rồi tải lên.")
                % {"n": _mb(lim["max_xls_bytes"])}
            )
        return
    if not zipfile.is_zipfile(path):
        return  # (not a zip: the reader says what is wrong with it)
    try:
        with zipfile.ZipFile(path) as zf:
            _check_zip(zf, lim)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as e:
        raise TooLarge(_("Tệp bị hỏng, không đọc được: %(err)s") % {"err": str(e)[:200]}) from None


def too_big_message() -> str:
    return _(
        "Tệp này khi mở ra lớn quá mức cho phép (%(what)s). Tệp có thể bị hỏng hoặc được tạo "
        "bất thường; hãy mở bằng Excel, lưu lại rồi tải lên, hoặc chia nhỏ danh sách."
    )


def _check_zip(zf: zipfile.ZipFile, lim: dict) -> None:
    infos = zf.infolist()
    if len(infos) > lim["max_parts"]:
        raise TooLarge(too_big_message() % {"what": _("%(n)d phần") % {"n": len(infos)}})
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > lim["max_part_bytes"] or total > lim["max_total_bytes"]:
            size = _mb(max(total, info.file_size))
            raise TooLarge(too_big_message() % {"what": _("hơn %(n)s MB") % {"n": size}})
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > RATIO_GRACE and ratio > lim["max_ratio"]:
            raise TooLarge(too_big_message() % {"what": _("nén %(r)d lần") % {"r": ratio}})
    for info in infos:
        name = info.filename.lower()
        if name.endswith("sharedstrings.xml"):
            _check_strings(zf, info, lim)
        elif re.search(r"(^|/)worksheets/[^/]+\.xml$", name):
            pass  # read a piece at a time, each piece bounded (imports.xlsx_pieces)
        elif name.endswith((".xml", ".rels")):
            # Read whole by a reader (the workbook, styles, an ods content.xml …).
            if info.file_size > lim["max_whole_part_bytes"]:
                what = _("phần “%(p)s” %(n)s MB") % {"p": info.filename[:80], "n": _mb(info.file_size)}  # fmt: skip
                raise TooLarge(too_big_message() % {"what": what})
            _drain(zf, info)


def _drain(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Read a part to its end (zipfile stops at its stated size and checks its checksum)."""
    with zf.open(info) as f:
        while f.read(READ_BYTES):
            pass


CARRY = 64  # bytes at the end of a block looked at again with the next (a tag cut in two)
_SST = re.compile(rb"<(\w+:)?sst[\s>]")


def _check_strings(zf: zipfile.ZipFile, info: zipfile.ZipInfo, lim: dict) -> None:
    """The shared strings, streamed: their XML size, how many, and the longest one (from one
    string's start to the next). Stops at the first limit passed. Counting is done with
    bytes.count and the longest string found in steps of the longest allowed (C speed: an
    86 MB table of 3 million strings takes a fraction of a second)."""
    if info.file_size > lim["max_whole_part_bytes"]:
        what = _("bảng chuỗi %(n)s MB") % {"n": _mb(info.file_size)}
        raise TooLarge(too_big_message() % {"what": what})
    most, longest = lim["max_shared_strings"], lim["max_string_bytes"]
    too_long = too_big_message() % {"what": _("một ô dài hơn %(n)d KB") % {"n": longest // 1024}}
    marker = None
    count, last, offset, data = 0, -1, 0, b""  # last: where the last string began in the part
    with zf.open(info) as f:
        while True:
            block = f.read(READ_BYTES)
            data += block
            if marker is None:
                m = _SST.search(data)
                if m is None and block and len(data) < 64 * 1024:
                    continue
                marker = b"<" + (m[1] if m is not None and m[1] else b"") + b"si"
            end = len(data) - CARRY if block else len(data)
            if end > 0:
                part = data[:end]
                count += sum(part.count(marker + c) for c in (b">", b" ", b"/"))
                if count > most:
                    what = _("hơn %(n)s chuỗi") % {"n": f"{most:,}".replace(",", ".")}
                    raise TooLarge(too_big_message() % {"what": what})
                pos = part.find(marker)
                if pos >= 0:
                    if last >= 0 and offset + pos - last > longest:
                        raise TooLarge(too_long)
                    final = part.rfind(marker)
                    while pos < final:  # the last string start within reach, each step
                        nxt = part.rfind(marker, pos + 1, pos + longest + len(marker))
                        if nxt < 0:
                            raise TooLarge(too_long)
                        pos = nxt
                    last = offset + final
                if last >= 0 and offset + end - last > longest:
                    raise TooLarge(too_long)
                offset += end
                data = data[end:]
            if not block:
                return


_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


def cells_per_row(data: bytes) -> list[int]:
    """How many cells each row of a piece of sheet XML has (for cells without a reference)."""
    starts = [m.start() for m in _ROW.finditer(data)]
    if not starts:
        return [len(_CELL.findall(data))]
    starts.append(len(data))
    return [len(_CELL.findall(data, a, b)) for a, b in zip(starts, starts[1:], strict=False)]
