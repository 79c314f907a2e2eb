"""Models of this app: inspections (plans, visits, recommendations), emulation scoring (score
sheets, criteria, assessments) and commendations."""

from .awards import Commendation, CommendationField, CommendationForm, CommendationLevel
from .inspections import (
    Attendee,
    ChecklistItem,
    FollowUp,
    InspectionPlan,
    Organisation,
    PlanUnit,
    Recommendation,
    RecommendationStatus,
    TeamMember,
    Visit,
    VisitCheck,
)
from .scoring import (
    Assessment,
    AssessmentStatus,
    Classification,
    Criterion,
    Method,
    Score,
    ScoreChange,
    ScoreSheet,
)

__all__ = [
    "Assessment",
    "AssessmentStatus",
    "Attendee",
    "ChecklistItem",
    "Classification",
    "Commendation",
    "CommendationField",
    "CommendationForm",
    "CommendationLevel",
    "Criterion",
    "FollowUp",
    "InspectionPlan",
    "Method",
    "Organisation",
    "PlanUnit",
    "Recommendation",
    "RecommendationStatus",
    "Score",
    "ScoreChange",
    "ScoreSheet",
    "TeamMember",
    "Visit",
    "VisitCheck",
]
