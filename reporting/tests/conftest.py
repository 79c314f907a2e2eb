import datetime

import pytest

from reporting.models import ReportForm
from reporting.periods import parse_period
from reporting.presets import load_preset

YEAR = 2025
TODAY = datetime.date(2026, 1, 10)


@pytest.fixture
def forms(tree):
    load_preset(actor=None, preset="red_cross")
    return {f.code: f for f in ReportForm.objects.all()}


@pytest.fixture
def annual(forms):
    return forms["rc-annual"]


@pytest.fixture
def year_period():
    return parse_period("year", str(YEAR))
