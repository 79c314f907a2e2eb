"""What an import found: the counts, the first rows of each kind (the preview), the rows in
error (the error workbook). Filled by imports.checking, read by imports.services."""

from dataclasses import dataclass, field

NEW, UPDATE, DUPLICATE, ERROR = "new", "update", "duplicate", "error"
PREVIEW_ROWS = 10  # rows of each kind shown
MAX_ERROR_ROWS = 100_000  # rows kept for the error workbook
MAX_LISTED_ERRORS = 200  # (sheet, row, column, message) listed


class Cancelled(Exception):  # noqa: N818
    pass


@dataclass
class Outcome:
    counts: dict = field(default_factory=lambda: {NEW: 0, UPDATE: 0, DUPLICATE: 0, ERROR: 0})
    samples: dict = field(default_factory=lambda: {NEW: [], UPDATE: [], DUPLICATE: [], ERROR: []})
    errors: list = field(default_factory=list)  # (sheet, row, column header, message), listed
    error_rows: list = field(default_factory=list)  # (row number, cells, "Lỗi" text)
    headers: list = field(default_factory=list)
    sheet: str = ""
    rows: int = 0  # data rows read (blank ones left out)
    people_created: int = 0
    memberships_created: int = 0
    people_updated: int = 0
    worker_peaks_kb: list = field(default_factory=list)  # peak memory of each worker process

    def as_counts(self) -> dict:
        return {**self.counts, "total": self.rows}
