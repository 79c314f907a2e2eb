import datetime

import pytest

from indicators import figures as ind_figures
from indicators.catalogue import BY_CODE, REPORTABLE
from indicators.models import ReportedValue

YEAR = 2025
TODAY = datetime.date(2026, 1, 10)


def report_values(unit, year=YEAR, **values):
    """Reported values of ``unit`` for ``year`` (the reporting app writes these when a yearly
    report is submitted), then the figures refreshed."""
    for code, value in values.items():
        ReportedValue.objects.update_or_create(
            unit=unit, year=year, code=code, defaults={"value": value, "source": "test"}
        )
    ind_figures.refresh_year(year, today=TODAY)


def reportable(codes):
    """Of ``codes``, those the catalogue has and a unit may report as a number."""
    return [c for c in codes if c in BY_CODE and c in REPORTABLE]


@pytest.fixture
def refresh():
    def do(year=YEAR):
        ind_figures.refresh_year(year, today=TODAY)

    return do
