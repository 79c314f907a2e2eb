"""The projects API's request schemas (bounded inputs from core.inputs)."""

from typing import Literal

from ninja import Field, Schema

from core.inputs import Day, Line, Money, Text

from ..models import EventKind, HouseKind, SupportSource, TrancheKind, ValueSource
from .common import Pk


class CowRuleIn(Schema):
    calf_number: Literal[1, 2]
    min_age_months: int = Field(6, ge=1, le=36)
    max_age_months: int = Field(12, ge=1, le=36)
    sell_male: bool = True
    since: Day
    note: Line = Field("", max_length=255)


class CowIn(Schema):
    sex: Literal["F", "M"] = "F"
    tag: Line = Field("", max_length=40)
    breed: Line = Field("", max_length=80)
    born_on: Day | None = None
    acquired_on: Day
    value: Money = 0
    donor: Line = Field("", max_length=255)


class GiveIn(Schema):
    household_id: Pk
    on: Day


class BirthIn(Schema):
    born_on: Day
    sex: Literal["F", "M"]
    tag: Line = Field("", max_length=40)


class PassOnIn(Schema):
    on: Day
    household_id: Pk | None = Field(None, description="Để trống: hộ đầu tiên trong danh sách chờ")


class HeiferIn(Schema):
    on: Day
    price: Money
    heifer_value: Money
    heifer_tag: Line = Field("", max_length=40)
    heifer_born_on: Day | None = None


class ProjectEndIn(Schema):
    on: Day
    kind: Literal["death", "sale"]
    reason: Line = Field(min_length=1, max_length=255)
    value: Money = 0


class WaitingIn(Schema):
    household_id: Pk
    since: Day
    note: Line = Field("", max_length=255)


class HouseIn(Schema):
    household_id: Pk
    kind: Literal[tuple(HouseKind.values)]  # type: ignore[valid-type]
    location: Line = Field(min_length=1, max_length=255)
    commune_code: Line = Field("", max_length=10)
    estimated_cost: Money = 0
    on: Day
    note: Text = Field("", max_length=5000)


class StepIn(Schema):
    on: Day
    reason: Line = Field("", max_length=1000)


class ProjectCancelIn(Schema):
    on: Day
    reason: Line = Field(min_length=1, max_length=1000)


class SupportIn(Schema):
    source: Literal[tuple(SupportSource.values)]  # type: ignore[valid-type]
    name: Line = Field("", max_length=255)
    amount: Money


class TrancheIn(Schema):
    kind: Literal[tuple(TrancheKind.values)]  # type: ignore[valid-type]
    on: Day
    amount: Money


class GroupIn(Schema):
    name: Line = Field(min_length=1, max_length=255)
    founded_on: Day
    rate: float = Field(0, ge=0, lt=100)
    note: Line = Field("", max_length=1000)


class GroupMemberIn(Schema):
    person_id: Pk
    joined_on: Day


class ContributionIn(Schema):
    on: Day
    amount: Money
    member_id: Pk | None = None
    source: Line = Field("", max_length=255)


class LoanIn(Schema):
    member_id: Pk
    on: Day
    amount: Money
    due: Day
    rate: float | None = Field(None, ge=0, lt=100)
    purpose: Line = Field("", max_length=255)


class GroupLeaveIn(Schema):
    on: Day


class GroupEntryCancelIn(Schema):
    reason: Line = Field(min_length=1, max_length=255)


class RepayIn(Schema):
    on: Day
    amount: Money


class EventValueIn(Schema):
    source: Literal[tuple(ValueSource.values)]  # type: ignore[valid-type]
    name: Line = Field("", max_length=255)
    amount: Money


class ServedIn(Schema):
    beneficiary_id: Pk | None = None
    full_name: Line = Field("", max_length=255)
    birth_year: int | None = Field(None, ge=1900, le=2100)
    sex: Literal["", "M", "F"] = ""


class ServedListIn(Schema):
    served: list[ServedIn] = Field(min_length=1, max_length=5000)


class EventIn(Schema):
    kind: Literal[tuple(EventKind.values)]  # type: ignore[valid-type]
    on: Day
    place: Line = Field(min_length=1, max_length=255)
    partners: Line = Field("", max_length=500)
    services: list[Literal["checkup", "medicine", "gifts", "meals", "other"]] = Field(default_factory=list, max_length=5)  # fmt: skip
    count: int = Field(ge=0, le=10_000_000)
    male: int | None = Field(None, ge=0, le=10_000_000)
    female: int | None = Field(None, ge=0, le=10_000_000)
    children: int | None = Field(None, ge=0, le=10_000_000)
    adults: int | None = Field(None, ge=0, le=10_000_000)
    elderly: int | None = Field(None, ge=0, le=10_000_000)
    values: list[EventValueIn] = Field(default_factory=list, max_length=20)
    served: list[ServedIn] = Field(default_factory=list, max_length=5000)
    note: Text = Field("", max_length=5000)
