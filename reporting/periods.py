"""Reporting periods: a month, a quarter, a half-year or a year, named by a short key
("2025-03", "2025-Q2", "2025-H1", "2025") that URLs, the API and spreadsheets carry."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import PeriodType

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_KEY = re.compile(r"^(\d{4})(?:-(\d{2})|-Q([1-4])|-H([12]))?$")


@dataclass(frozen=True)
class Period:
    type: str
    start: datetime.date
    end: datetime.date
    key: str

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def whole_year(self) -> bool:
        return self.type == PeriodType.YEAR

    @property
    def label(self) -> str:
        y = self.start.year
        if self.type == PeriodType.YEAR:
            return _("năm %(year)s") % {"year": y}
        if self.type == PeriodType.HALF:
            if self.start.month == 1:
                return _("6 tháng đầu năm %(year)s") % {"year": y}
            return _("6 tháng cuối năm %(year)s") % {"year": y}
        if self.type == PeriodType.QUARTER:
            q = (self.start.month - 1) // 3 + 1
            return _("quý %(q)s/%(year)s") % {"q": ROMAN[q], "year": y}
        return _("tháng %(m)s/%(year)s") % {"m": self.start.month, "year": y}

    def previous(self) -> "Period":
        return period_containing(self.type, self.start - datetime.timedelta(days=1))


def _month_end(year: int, month: int) -> datetime.date:
    nxt = datetime.date(year + month // 12, month % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


def period_containing(ptype: str, day: datetime.date) -> Period:
    y, m = day.year, day.month
    if ptype == PeriodType.YEAR:
        return Period(ptype, datetime.date(y, 1, 1), datetime.date(y, 12, 31), str(y))
    if ptype == PeriodType.HALF:
        h = 1 if m <= 6 else 2
        first = 1 if h == 1 else 7
        return Period(ptype, datetime.date(y, first, 1), _month_end(y, first + 5), f"{y}-H{h}")
    if ptype == PeriodType.QUARTER:
        q = (m - 1) // 3 + 1
        first = 3 * q - 2
        return Period(ptype, datetime.date(y, first, 1), _month_end(y, first + 2), f"{y}-Q{q}")
    return Period(ptype, datetime.date(y, m, 1), _month_end(y, m), f"{y}-{m:02d}")


def parse_period(ptype: str, key: str) -> Period | None:
    """The period of type ``ptype`` named ``key``; None when the key does not name one."""
    found = _KEY.match(key or "")
    if not found:
        return None
    year, month, quarter, half = found.groups()
    y = int(year)
    if not 2000 <= y <= 2100:
        return None
    shapes = {
        PeriodType.YEAR: not (month or quarter or half),
        PeriodType.HALF: bool(half),
        PeriodType.QUARTER: bool(quarter),
        PeriodType.MONTH: bool(month) and 1 <= int(month or 0) <= 12,
    }
    if not shapes.get(ptype):  # type: ignore[call-overload]
        return None
    first = {
        PeriodType.YEAR: 1,
        PeriodType.HALF: 1 if half == "1" else 7,
        PeriodType.QUARTER: 3 * int(quarter or 1) - 2,
        PeriodType.MONTH: int(month or 1),
    }[ptype]  # type: ignore[index]
    return period_containing(ptype, datetime.date(y, first, 1))


def recent_periods(ptype: str, today: datetime.date, n: int = 6) -> list[Period]:
    """The last ``n`` periods that have ended by ``today`` (the latest first) and the current one
    first of all: the choices a unit page offers."""
    current = period_containing(ptype, today)
    out = [current]
    p = current
    for _i in range(n):
        p = p.previous()
        out.append(p)
    return out
