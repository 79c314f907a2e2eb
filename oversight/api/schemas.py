import datetime
from decimal import Decimal

from ninja import Field, Schema

from core.inputs import Code, Day, Id, Line, Money, Text, Year


class PersonRole(Schema):
    name: Line = Field(..., max_length=255)
    role: Line = Field("", max_length=120)
    person_id: Id | None = None


class InspectionPlanIn(Schema):
    number: Line = Field(..., max_length=40)
    issued_on: Day
    year: Year
    content: Text = Field(..., max_length=5000)
    all_bases: bool = False
    unit_ids: list[Id] = Field(default_factory=list, max_length=5000)
    team: list[PersonRole] = Field(default_factory=list, max_length=50)
    schedule: Text = Field("", max_length=5000)


class InspectionPlanOut(Schema):
    id: int
    unit_id: int
    number: str
    issued_on: datetime.date
    year: int
    content: str
    all_bases: bool
    schedule: str
    unit_ids: list[int]
    team: list[dict]
    visit_ids: list[int]
    cancelled: bool
    cancel_reason: str


class AttendeeIn(Schema):
    name: Line = Field(..., max_length=255)
    organisation: Code = "association"
    role: Line = Field("", max_length=120)


class CheckIn(Schema):
    item: Code
    answer: Code
    note: Line = Field("", max_length=255)


class VisitIn(Schema):
    on: Day
    plan_id: Id | None = None
    place: Line = Field("", max_length=255)
    attendees: list[AttendeeIn] = Field(default_factory=list, max_length=100)
    checks: list[CheckIn] = Field(default_factory=list, max_length=100)
    figures: dict[str, float | None] = Field(default_factory=dict, max_length=300)
    strengths: Text = Field("", max_length=5000)
    limitations: Text = Field("", max_length=5000)
    difficulties: Text = Field("", max_length=5000)
    proposals: Text = Field("", max_length=5000)


class VisitPatch(Schema):
    attendees: list[AttendeeIn] | None = None
    checks: list[CheckIn] | None = None
    figures: dict[str, float | None] | None = Field(None, max_length=300)
    strengths: Text | None = Field(None, max_length=5000)
    limitations: Text | None = Field(None, max_length=5000)
    difficulties: Text | None = Field(None, max_length=5000)
    proposals: Text | None = Field(None, max_length=5000)


class RecommendationOut(Schema):
    id: int
    visit_id: int
    owner_id: int
    text: str
    due: datetime.date
    status: str
    state: str
    done_on: datetime.date | None
    evidence: str


class VisitOut(Schema):
    id: int
    unit_id: int
    plan_id: int | None
    on: datetime.date
    place: str
    figures: dict
    figures_auto: dict
    attendees: list[dict]
    checks: list[dict]
    strengths: str
    limitations: str
    difficulties: str
    proposals: str
    recommendations: list[RecommendationOut]
    cancelled: bool
    cancel_reason: str


class RecommendationIn(Schema):
    text: Text = Field(..., max_length=2000)
    owner_id: Id
    due: Day


class FollowUpIn(Schema):
    on: Day
    note: Text = Field(..., max_length=2000)
    evidence: Text = Field("", max_length=2000)
    done: bool = False


class SheetIn(Schema):
    year: Year
    name: Line = Field("", max_length=255)
    base_type: Code = ""
    preset: bool = Field(False, description="the seed-000 sheet (criteria and classes) instead")
    criteria: list[dict] = Field(default_factory=list, max_length=200)
    classes: list[dict] = Field(default_factory=list, max_length=10)


class CriterionOut(Schema):
    id: int
    parent_id: int | None
    number: str
    text: str
    max_points: Decimal
    method: str
    indicator: str
    rule: dict


class SheetOut(Schema):
    id: int
    unit_id: int
    year: int
    base_type: str
    name: str
    criteria: list[CriterionOut]
    classes: list[dict]


class RankOut(Schema):
    rank: int
    assessment_id: int
    unit_id: int
    unit_name: str
    total: Decimal
    classification: str
    status: str


class ScoreOut(Schema):
    criterion_id: int
    points: Decimal
    self_points: Decimal | None
    value: float | None
    evidence: str
    changes: list[dict]


class AssessmentOut(Schema):
    id: int
    sheet_id: int
    unit_id: int
    status: str
    total: Decimal
    classification: str
    strong: bool
    return_reason: str
    scores: list[ScoreOut]


class SelfScoreIn(Schema):
    points: Decimal = Field(ge=0, le=1000)
    evidence: Text = Field("", max_length=2000)


class ScoreReviewIn(Schema):
    criterion_id: Id
    points: Decimal = Field(ge=0, le=1000)
    comment: Text = Field(..., max_length=2000)


class InspectionCancelIn(Schema):
    reason: Line = Field(..., max_length=255)


class ReturnIn(Schema):
    reason: Text = Field(..., max_length=2000)


class CommendationIn(Schema):
    person_id: Id | None = None
    year: Year
    field: Code
    level: Code
    form: Code
    achievement: Text = Field("", max_length=5000)
    proposed_on: Day
    amount: Money = 0


class DecideIn(Schema):
    number: Line = Field(..., max_length=40)
    on: Day
    issuer: Line = Field(..., max_length=255)
    amount: Money | None = None
    pay_from_unit_id: Id | None = None


class CommendationWithdrawIn(Schema):
    reason: Line = Field(..., max_length=255)


class CommendationOut(Schema):
    id: int
    unit_id: int
    person_id: int | None
    year: int
    field: str
    level: str
    form: str
    achievement: str
    status: str
    proposed_on: datetime.date
    decision_number: str
    decision_on: datetime.date | None
    issuer: str
    amount: int
    paid_by_id: int | None
    fund_entry_id: int | None
