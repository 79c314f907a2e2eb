"""The period of a summary report: a year ("2025"), a half-year ("2025-H1"), or any date range
("2025-01-01..2025-09-30": "9 tháng đầu năm 2025"; "2025-07-01..2025-09-30": "quý III năm
2025"; "2022-10-01..2027-09-30": a congress term), at most MAX_YEARS long.

A year reads the stored yearly figures (the tree as it stood on 31/12); any other period is
counted from the records: what happened from its first day to its last, what stood on its last
day (indicators.figures.own_figures with ``start``). The previous period is the same period a
year earlier ("cùng kỳ năm trước"), or, for a period of several years, the one just as long
ending where it starts."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_KEY = re.compile(r"^(\d{4})(?:-H([12]))?$")
_RANGE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$")
YEAR, HALF, RANGE = "year", "half", "range"
MAX_YEARS = 6  # a congress term (5 years) with room for its months around it
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


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
        """ "năm 2025", "6 tháng đầu năm 2025", "9 tháng đầu năm 2025", "6 tháng cuối năm 2025",
        "quý III năm 2025", "thời gian từ 15/03/2025 đến 15/05/2025"."""
        y, start, end = self.year, self.start, self.end
        if self.kind == YEAR:
            return _("năm %(year)s") % {"year": y}
        month_end = end == _month_end(end.year, end.month)
        if start.year == end.year and start.day == 1 and month_end:
            months = end.month - start.month + 1
            if months == 1:
                return _("tháng %(m)s năm %(year)s") % {"m": end.month, "year": y}
            if start.month == 1 and months == 6:
                return _("6 tháng đầu năm %(year)s") % {"year": y}
            if start.month == 1:
                return _("%(n)s tháng đầu năm %(year)s") % {"n": months, "year": y}
            if end.month == 12 and months == 6:
                return _("6 tháng cuối năm %(year)s") % {"year": y}
            if months == 3 and start.month % 3 == 1:
                return _("quý %(q)s năm %(year)s") % {"q": _ROMAN[end.month // 3], "year": y}
        return _("thời gian từ %(start)s đến %(end)s") % {
            "start": start.strftime("%d/%m/%Y"),
            "end": end.strftime("%d/%m/%Y"),
        }

    @property
    def span_years(self) -> int:
        """Whole years the period covers (0 under a year)."""
        return (self.end - self.start).days // 365

    def previous(self) -> "Period":
        """The same period a year earlier (29/02 becomes 28/02); a period of several years: the
        one as long just before it."""
        back = max(1, self.span_years)
        return Period(self.kind, _years_back(self.start, back), _years_back(self.end, back))


def _years_back(day: datetime.date, n: int) -> datetime.date:
    try:
        return day.replace(year=day.year - n)
    except ValueError:  # 29 February
        return day.replace(year=day.year - n, day=28)


def _month_end(year: int, month: int) -> datetime.date:
    nxt = datetime.date(year + month // 12, month % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


def year_period(year: int) -> Period:
    return Period(YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def parse_period(key: str) -> Period | None:
    """The period named ``key``; None when it names none (a range: its start not after its end,
    at most MAX_YEARS long; years 2000–2100)."""
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
    if not (start.year >= 2000 and end.year <= 2100) or end < start:
        return None
    if _years_back(end, MAX_YEARS) >= start:
        return None
    if start == datetime.date(end.year, 1, 1) and end == datetime.date(end.year, 12, 31):
        return year_period(end.year)
    if start == datetime.date(end.year, 1, 1) and end == datetime.date(end.year, 6, 30):
        return Period(HALF, start, end)
    return Period(RANGE, start, end)
