"""The years the figures cover: a period's end, the years kept, the first year with data."""

import datetime

from django.conf import settings
from django.utils import timezone

from dues.models import DuesPayment
from funds.models import Entry
from members.models import Cadre, Membership

from ..models import Denominator, UnitFigure

ONE_DAY = datetime.timedelta(days=1)
# Years kept: every year that has data, from the first one (not before FIRST_YEAR), to this one;
# at least the last KEEP_YEARS (trends, growth). A write dated in a past year refreshes that year
# and every later one (its dirty mark carries the write's date).
KEEP_YEARS: int = getattr(settings, "INDICATOR_YEARS", 5)
FIRST_YEAR: int = getattr(settings, "INDICATOR_FIRST_YEAR", 2010)


def period_end(year: int, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today)


def kept_years(today: datetime.date | None = None, keep: int | None = None) -> list[int]:
    """The last ``keep`` years (default KEEP_YEARS), this one included."""
    today = today or timezone.localdate()
    keep = keep or KEEP_YEARS
    return list(range(today.year - keep + 1, today.year + 1))


def data_first_year() -> int | None:
    """The first year any figure has data in: the earliest membership, cadre, fund entry, dues
    receipt or denominator (a full recount starts there; one pass over each table)."""
    from django.db.models import Min

    firsts = [
        Membership.objects.aggregate(v=Min("joined_on"))["v"],
        Cadre.objects.aggregate(v=Min("started_on"))["v"],
        Entry.objects.aggregate(v=Min("on"))["v"],
        DuesPayment.objects.aggregate(v=Min("paid_on"))["v"],
    ]
    years = [d.year for d in firsts if d is not None]
    first_denominator = Denominator.objects.aggregate(v=Min("year"))["v"]
    if first_denominator is not None:
        years.append(first_denominator)
    return min(years) if years else None


def years_with_figures(today: datetime.date | None = None) -> list[int]:
    """The years a dashboard can show, newest first: from the first year with stored figures
    (or the last KEEP_YEARS) to this one (an index read)."""
    from django.db.models import Min

    today = today or timezone.localdate()
    first = UnitFigure.objects.aggregate(v=Min("year"))["v"]
    start = min(first or today.year, today.year - KEEP_YEARS + 1)
    return list(range(today.year, start - 1, -1))
