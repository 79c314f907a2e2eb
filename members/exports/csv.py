"""The book as CSV, streamed."""

import csv
import io
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from core.cells import safe_row
from core.formatting import format_date

from .book import BookRow


def csv_header() -> list[str]:
    return [
        _("STT"),
        _("Họ và tên"),
        _("Giới tính"),
        _("Năm sinh"),
        _("Địa chỉ"),
        _("Ngày vào Hội"),
        _("Số thẻ"),
        _("Đơn vị"),
        _("Ghi chú"),
    ]


def iter_csv(rows: Iterable[BookRow]) -> Iterator[bytes]:
    """UTF-8 with a BOM (so Excel reads Vietnamese), in chunks of lines for streaming; text that
    a spreadsheet would run as a formula is neutralised (core.cells)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    buf.write("\ufeff")
    writer.writerow(csv_header())
    for n, r in enumerate(rows, start=1):
        writer.writerow(
            safe_row(
                [
                    r.number,
                    r.full_name,
                    r.sex_label,
                    r.birth_year or "",
                    r.address,
                    format_date(r.joined_on),
                    r.card_number,
                    r.unit_name,
                    r.note,
                ]
            )
        )
        if n % 500 == 0:
            yield buf.getvalue().encode()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode()
