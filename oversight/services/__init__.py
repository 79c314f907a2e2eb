"""What changes the records of this app (audited, keyword-only): inspections, scoring, awards."""

from .awards import decide_commendation, propose_commendation, withdraw_commendation
from .inspections import (
    add_recommendation,
    cancel_plan,
    cancel_visit,
    create_plan,
    follow_up,
    record_visit,
    update_visit,
    visit_figures,
)
from .scoring import (
    create_sheet,
    finalise,
    return_assessment,
    review_score,
    set_self_score,
    submit_assessment,
)

__all__ = [
    "add_recommendation",
    "cancel_plan",
    "cancel_visit",
    "create_plan",
    "create_sheet",
    "decide_commendation",
    "finalise",
    "follow_up",
    "propose_commendation",
    "record_visit",
    "return_assessment",
    "review_score",
    "set_self_score",
    "submit_assessment",
    "update_visit",
    "visit_figures",
    "withdraw_commendation",
]
