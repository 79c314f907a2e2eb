"""The error workbook: the rows an import left out, as they were in the file, with "Lỗi" saying
which column and why. Kept on disk as JSON lines (:func:`save_error_rows`) and made into an xlsx
when asked for (:func:`error_workbook_from`)."""

import datetime
import io
import json
import logging
import operator

from django.utils.translation import gettext as _

from core.cells import workbook as safe_workbook
from core.cells import write_cells

from . import reading
from .outcome import Outcome

log = logging.getLogger(__name__)


def _cell(c):
    if isinstance(c, datetime.date):
        return c.strftime("%d/%m/%Y")
    return c


def save_error_rows(out: Outcome, path, source: str = "") -> None:
    """The rows not imported (sheet, headers, then one JSON line per row, in row order) for
    :func:`error_workbook_from`. A row whose cells were not kept (a duplicate found after the
    workers had read it) is read again from ``source`` then."""
    dumps = json.dumps
    with open(path, "w", encoding="utf-8") as f:
        head = {"sheet": out.sheet, "headers": out.headers, "source": str(source)}
        f.write(dumps(head, ensure_ascii=False) + "\n")
        f.writelines(
            dumps(
                [rownum, None if cells is None else [_cell(c) for c in cells], text],
                ensure_ascii=False,
                default=str,
            )
            + "\n"
            for rownum, cells, text in sorted(out.error_rows, key=operator.itemgetter(0))
        )


def error_workbook_from(path) -> bytes:
    with open(path, encoding="utf-8") as f:
        head = json.loads(f.readline())
        rows = [json.loads(line) for line in f]
    missing = {r[0] for r in rows if r[1] is None}
    if missing and head.get("source"):
        found: dict[int, list] = {}
        try:
            book = reading.Book.open(head["source"])
            for i, cells in enumerate(book.rows(head["sheet"])):
                if i + 1 in missing:
                    found[i + 1] = cells
                    if len(found) == len(missing):
                        break
        except (reading.ReadError, OSError):
            log.warning("error workbook: %s cannot be read again", head["source"])
        for r in rows:
            if r[1] is None:
                r[1] = found.get(r[0], [])
    out = Outcome(headers=head["headers"], sheet=head["sheet"])
    out.error_rows = [(r[0], r[1] or [], r[2]) for r in rows]
    return error_workbook(out)


def _sheet_name(name: str) -> str:
    """A name xlsx accepts for a sheet (the file's own may hold []:*?/\\ or be too long)."""
    name = name.translate(str.maketrans("[]:*?/\\", "()-----")).strip("'")[:31]
    return name or _("Lỗi")


def error_workbook(out: Outcome) -> bytes:
    """The rows not imported, as they were in the file, with "Lỗi" saying which column and why.
    Text is written as text, a formula-like cell neutralised (core.cells)."""
    buf = io.BytesIO()
    wb = safe_workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(_sheet_name(out.sheet))
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    width = len(out.headers)
    write_cells(ws, 0, 0, [*out.headers, _("Dòng"), _("Lỗi")], bold)
    ws.freeze_panes(1, 0)
    ws.set_column(width + 1, width + 1, 60)
    for r, (rownum, row, text) in enumerate(sorted(out.error_rows, key=lambda e: e[0]), 1):
        values = [_cell(c) for c in list(row)[:width]]
        values += [""] * (width - len(values))
        write_cells(ws, r, 0, [*values, rownum, text])
    wb.close()
    return buf.getvalue()
