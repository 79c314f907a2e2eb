"""Small factories for the training tests."""

import datetime

from training import services
from training.models import Course, Result
from training.presets import ensure_presets

D = datetime.date
START, END, DAY = D(2025, 5, 10), D(2025, 5, 11), D(2025, 5, 10)


def presets():
    from training.models import RecognitionLevel, VolunteerRule

    ensure_presets(Course, VolunteerRule, RecognitionLevel)


def course(code="SCC-CB"):
    presets()
    return Course.objects.get(code=code)


def make_class(actor, unit, code="SCC-CB", start=START, end=END, **kw):
    return services.create_class(
        actor=actor, unit=unit, course=course(code), starts_on=start, ends_on=end, **kw
    )


def passed_class(actor, unit, people, code="SCC-CB", start=START, end=END):
    """A class of ``people`` who all passed."""
    cls = make_class(actor, unit, code, start, end)
    parts = services.enrol_people(actor=actor, cls=cls, people=people)
    services.record_results(
        actor=actor, cls=cls, results={p.pk: (Result.PASSED, None) for p in parts}
    )
    return cls, parts
