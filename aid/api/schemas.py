"""The aid API's request and response schemas."""

import datetime

from ninja import Field, Schema

from core.inputs import Code, Day, Line, Money, Text

from .. import services
from ..models import (
    AddressStatus,
    CampaignKind,
    CloseReason,
    Delivery,
    Relation,
    ReviewOutcome,
    Source,
)
from .common import Pk


class HardshipCategoryOut(Schema):
    id: int
    code: str
    name: str
    added_by_unit_id: int | None


class CategoryIn(Schema):
    name: Line = Field(min_length=1, max_length=120)


class BeneficiaryOut(Schema):
    id: int
    person_id: int
    full_name: str
    birth_year: int | None
    sex: str
    unit_id: int
    head_id: int | None
    relation: str
    since: datetime.date
    ended_on: datetime.date | None
    categories: list[str] | None = Field(
        description="Mã diện khó khăn: chỉ người nhập liệu nhận được (mỗi lần đọc được ghi nhật ký)"
    )
    health: str | None
    income: str | None


class AidPersonIn(Schema):
    person_id: Pk | None = Field(None, description="Một người đã có trong phạm vi của bạn")
    full_name: Line = Field("", max_length=120)
    birth_year: int | None = Field(None, ge=1900, le=2100)
    sex: Code = Field("", description="M hoặc F")
    cccd: Line = Field("", max_length=20)
    address: Line = Field("", max_length=255)
    phone: Line = Field("", max_length=15)


class BeneficiaryIn(AidPersonIn):
    since: Day
    categories: list[Code] = Field(default_factory=list, max_length=50)
    health: Text = Field("", max_length=2000)
    income: Text = Field("", max_length=2000)
    head_id: Pk | None = None
    relation: Relation = Relation.HEAD
    confirm_duplicate: bool = False


class StepOut(Schema):
    status: str
    on: datetime.date
    reason: str
    by: str


class AddressOut(Schema):
    id: int
    beneficiary_id: int
    full_name: str
    unit_id: int
    status: str
    status_on: datetime.date
    proposed_on: datetime.date
    review_due: datetime.date | None
    close_reason: str
    steps: list[StepOut] = Field(default_factory=list)


class ProposeIn(Schema):
    on: Day
    reason: Text = Field("", max_length=2000)


class AdvanceIn(Schema):
    to: AddressStatus
    on: Day
    reason: Text = Field("", max_length=2000)
    survey: Text = Field("", max_length=2000)


class AddressCloseIn(Schema):
    on: Day
    reason: CloseReason
    note: Text = Field("", max_length=2000)


class AddressReviewIn(Schema):
    reviewed_on: Day
    outcome: ReviewOutcome
    note: Text = Field("", max_length=2000)


class ReviewOut(Schema):
    id: int
    due: datetime.date
    reviewed_on: datetime.date
    outcome: str
    on_time: bool


class SponsorIn(Schema):
    donor_id: Pk
    start: Day
    end: Day | None = None
    monthly: Money = 0
    in_kind: Line = Field("", max_length=255)


class SponsorOut(Schema):
    id: int
    donor_id: int
    donor: str
    pledge_id: int | None
    monthly: int
    in_kind: str
    start: datetime.date
    end: datetime.date | None
    ended_on: datetime.date | None


class AidEndIn(Schema):
    on: Day


class AssistanceIn(Schema):
    person_id: Pk
    beneficiary_id: Pk | None = None
    on: Day
    cash: Money = 0
    goods: Money = 0
    description: Line = Field(min_length=1, max_length=255)
    source: Source
    sponsorship_id: Pk | None = None
    campaign_id: Pk | None = None
    partner: Line = Field("", max_length=255)


class AssistanceOut(Schema):
    id: int
    unit_id: int
    person_id: int
    on: datetime.date
    cash: int
    goods: int
    description: str
    source: str
    fund_entry_id: int | None
    withdrawn: bool


class AidWithdrawIn(Schema):
    on: Day
    reason: Line = Field(min_length=1, max_length=255)


class ParcelIn(Schema):
    name: Line = Field(min_length=1, max_length=120)
    cash: Money = 0
    goods: Money = 0


class ParcelOut(Schema):
    id: int
    name: str
    cash: int
    goods: int


class CampaignIn(Schema):
    name: Line = Field(min_length=1, max_length=255)
    kind: CampaignKind
    start: Day
    end: Day
    target_gifts: int = Field(0, ge=0, le=10**8)
    target_value: Money = 0
    target_addresses: int = Field(0, ge=0, le=10**8)
    partners: Text = Field("", max_length=2000)


class ProgressOut(Schema):
    unit_id: int
    unit_name: str
    target_gifts: int
    target_value: int
    gifts: int
    value: int
    delivered: int


class CampaignOut(Schema):
    id: int
    name: str
    kind: str
    unit_id: int
    start: datetime.date
    end: datetime.date
    target_gifts: int
    target_value: int
    target_addresses: int
    partners: str
    parcel_types: list[ParcelOut] = Field(default_factory=list)
    progress: list[ProgressOut] = Field(default_factory=list)


class ParticipantIn(Schema):
    unit_id: Pk
    target_gifts: int = Field(0, ge=0, le=10**8)
    target_value: Money = 0


class ListIn(Schema):
    unit_id: Pk
    title: Line = Field("", max_length=255)
    from_fund: bool = False


class GiftLineOut(Schema):
    id: int
    person_id: int
    full_name: str
    birth_year: int | None
    address: str
    parcel_type_id: int
    cash: int
    goods: int
    delivery: str
    delivered_at: datetime.datetime | None


class ListOut(Schema):
    id: int
    campaign_id: int
    unit_id: int
    title: str
    status: str
    from_fund: bool
    approved_on: datetime.date | None
    fund_entry_id: int | None
    lines: list[GiftLineOut] = Field(default_factory=list)


class LineIn(AidPersonIn):
    parcel_type_id: Pk | None = None


class LinesIn(Schema):
    lines: list[LineIn] = Field(min_length=1, max_length=services.recipients.MAX_LINES)


class RefusedLine(Schema):
    line: int
    reason: str


class Refused(Schema):
    detail: str
    lines: list[RefusedLine]


class ApproveIn(Schema):
    on: Day


class DeliveryIn(Schema):
    id: Pk
    delivery: Delivery


class DeliveriesIn(Schema):
    marks: list[DeliveryIn] = Field(min_length=1, max_length=services.recipients.MAX_LINES)


class AddressFilter(Schema):
    status: AddressStatus | None = None
    overdue: bool = False


class FileOut(Schema):
    id: int
    title: str
    uploaded_at: datetime.datetime
    url: str = Field(description="Tải về (chỉ người có quyền nhập liệu ở đơn vị)")
