"""The period of a summary report: a year ("2025"), a half-year ("2025-H1"), or any range from
the 1st of January of a year to a day of it ("2025-01-01..2025-09-30": "9 tháng đầu năm").

A year reads the stored yearly figures (the tree as it stood on 31/12); a shorter period is
counted from the records as of its last day, cumulative from the year's start, as the reporting
forms count it (reporting.values). The previous period is the same period a year earlier."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_KEY = re.compile(r"^(\d{4})(?:-H([12]))?$")
_RANGE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$")
YEAR, HALF, RANGE = "year", "half", "range"


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def whole_year(self) -> bool:
        return self.kind == YEAR

    @property
    def key(self) -> str:
        if self.kind == YEAR:
            return str(self.year)
        if self.kind == HALF:
            return f"{self.year}-H{1 if self.end.month == 6 else 2}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """ "năm 2025", "6 tháng đầu năm 2025", "9 tháng đầu năm 2025", "từ 01/01 đến 15/05/2025"."""
        y = self.year
        if self.kind == YEAR:
            return _("năm %(year)s") % {"year": y}
        if self.end == _month_end(y, self.end.month):
            if self.end.month == 6:
                return _("6 tháng đầu năm %(year)s") % {"year": y}
            return _("%(n)s tháng đầu năm %(year)s") % {"n": self.end.month, "year": y}
        return _("từ %(start)s đến %(end)s") % {
            "start": self.start.strftime("%d/%m"),
            "end": self.end.strftime("%d/%m/%Y"),
        }

    def previous(self) -> "Period":
        """The same period a year earlier (29/02 becomes 28/02)."""
        end = self.end
        try:
            before = end.replace(year=end.year - 1)
        except ValueError:
            before = end.replace(year=end.year - 1, day=28)
        return Period(self.kind, self.start.replace(year=self.start.year - 1), before)


def _month_end(year: int, month: int) -> datetime.date:
    nxt = datetime.date(year + month // 12, month % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


def year_period(year: int) -> Period:
    return Period(YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def parse_period(key: str) -> Period | None:
    """The period named ``key``; None when it names none (a range must start on 1 January and
    end in the same year; years 2000–2100)."""
    key = (key or "").strip()
    found = _KEY.match(key)
    if found:
        y = int(found.group(1))
        if not 2000 <= y <= 2100:
            return None
        if found.group(2) is None:
            return year_period(y)
        if found.group(2) == "1":
            return Period(HALF, datetime.date(y, 1, 1), datetime.date(y, 6, 30))
        return year_period(y)  # the second half-year's report is the year's
    found = _RANGE.match(key)
    if not found:
        return None
    try:
        parts = [int(x) for x in found.groups()]
        start = datetime.date(*parts[:3])
        end = datetime.date(*parts[3:])
    except ValueError:
        return None
    if not 2000 <= end.year <= 2100 or start != datetime.date(end.year, 1, 1) or end < start:
        return None
    if end == datetime.date(end.year, 12, 31):
        return year_period(end.year)
    if end == datetime.date(end.year, 6, 30):
        return Period(HALF, start, end)
    return Period(RANGE, start, end)
