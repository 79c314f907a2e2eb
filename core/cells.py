"""Cells of the spreadsheets the project writes (CSV and xlsx), safe to open.

Text a user typed (a name, a note, a donor) may start like a formula: ``=HYPERLINK(…)`` or
``=cmd|' /C calc'!A0`` runs when a CSV is opened, or when an xlsx cell is edited, in Excel or
LibreOffice. OWASP's rule: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a single quote in front, which spreadsheets show as text. Control characters that
old rows may hold (NUL, ESC, the bidirectional overrides that make a name read differently from
what is stored, lone surrogates that cannot be encoded) are dropped. Numbers (money, counts,
negative ones included) and dates are written as they are: only text is touched.

xlsx workbooks are opened through :func:`workbook` (xlsxwriter's guesses that turn text into
formulas, links or numbers turned off) and text cells written with :func:`write_text` or
:func:`write_cell` (``write_string``, never the guessing ``write``).
"""

import datetime
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from core.inputs import TEXT_CONTROLS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# C0 but tab, line feed and carriage return; DEL and C1; bidi overrides and isolates; surrogates:
# the characters a multi-line form field refuses.
CONTROLS = TEXT_CONTROLS

# xlsxwriter's own guesses from a string, all off: text stays text.
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def safe_text(value: str) -> str:
    """``value`` as a spreadsheet will show it and never run it."""
    if CONTROLS.search(value):
        value = CONTROLS.sub("", value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_cell(value: Any) -> Any:
    """A cell for a CSV row: text neutralised, anything else as it is."""
    return safe_text(value) if isinstance(value, str) else value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


def workbook(out: io.BytesIO | str, options: dict | None = None):
    """An xlsxwriter Workbook that writes strings as strings (``options`` added)."""
    import xlsxwriter

    return xlsxwriter.Workbook(out, {**(options or {}), **WORKBOOK_OPTIONS})


def write_text(ws, row: int, col: int, value: str, fmt=None) -> None:
    ws.write_string(row, col, safe_text(value), fmt)


def write_cell(ws, row: int, col: int, value: Any, fmt=None) -> None:
    """A value of any type: text neutralised and written as text; numbers as numbers; dates as
    dates (with ``fmt``'s number format); None as a blank."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, safe_text(value), fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float | Decimal):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, datetime.date):
        ws.write_datetime(row, col, value, fmt)
    else:
        ws.write_string(row, col, safe_text(str(value)), fmt)


def write_cells(ws, row: int, col: int, values: Iterable[Any], fmt=None) -> None:
    """A row of :func:`write_cell` from (row, col) to the right."""
    for i, value in enumerate(values):
        write_cell(ws, row, col + i, value, fmt)
