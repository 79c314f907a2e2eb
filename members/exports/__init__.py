"""The registers as documents: member and volunteer books (xlsx, PDF, CSV) and member cards (PDF).

Two halves: ``collect_*`` read the rows (:mod:`.book`: a fixed number of queries whatever the
size, and never CCCD, ethnicity or religion), ``build_*`` turn plain rows into bytes and touch no
database (:mod:`.xlsx`, :mod:`.csv`, :mod:`.pdf`, drawn with reportlab; the cards' contents in
:mod:`.cards`). :func:`record_export` writes the audit event: personal data left the system
(Law 91/2025/QH15). This module only re-exports.
"""

from .book import (
    QUARTERS,
    Book,
    BookRow,
    association_name,
    book_queryset,
    book_title,
    collect_book,
    export_filename,
    iter_book_rows,
    record_export,
    register_dues_reader,
    unit_names_on,
)
from .cards import CARDS_PER_PAGE, Card, card_title, cards_from_rows, cards_queryset
from .csv import csv_header, iter_csv
from .xlsx import build_book_xlsx

__all__ = [
    "CARDS_PER_PAGE",
    "QUARTERS",
    "Book",
    "BookRow",
    "Card",
    "association_name",
    "book_queryset",
    "book_title",
    "build_book_xlsx",
    "card_title",
    "cards_from_rows",
    "cards_queryset",
    "collect_book",
    "csv_header",
    "export_filename",
    "iter_book_rows",
    "iter_csv",
    "record_export",
    "register_dues_reader",
    "unit_names_on",
]
