"""Humanitarian work: beneficiaries (a person, or a household around its head) with their
hardship categories, humanitarian addresses (địa chỉ nhân đạo) with their lifecycle, yearly
reviews, case files and sponsors; assistance records; campaigns with parcel types and per-unit
recipient lists, where one person gets one parcel per campaign anywhere in the association.

Nothing is deleted: an address closes, a sponsorship ends, an assistance record or a recipient
list is withdrawn (its fund entry reversed), a recipient line is removed, each with who, when and
why. Hardship categories, health and income are sensitive (Law 91/2025): only editors see them,
every view logged.

The models live in ``beneficiaries`` and ``campaigns``; this package only re-exports them (Django
finds a model imported here).
"""

from .beneficiaries import (
    DEFAULT_CATEGORIES,
    NEXT_STATUS,
    Address,
    AddressFile,
    AddressReview,
    AddressStatus,
    AddressStep,
    Assistance,
    Beneficiary,
    BeneficiaryQuerySet,
    CloseReason,
    HardshipCategory,
    Relation,
    ReviewOutcome,
    Source,
    Sponsorship,
)
from .campaigns import (
    Campaign,
    CampaignKind,
    CampaignUnit,
    Delivery,
    ListStatus,
    ParcelType,
    Recipient,
    RecipientList,
)

__all__ = [
    "Address",
    "AddressFile",
    "AddressReview",
    "AddressStatus",
    "AddressStep",
    "Assistance",
    "Beneficiary",
    "BeneficiaryQuerySet",
    "Campaign",
    "CampaignKind",
    "CampaignUnit",
    "CloseReason",
    "DEFAULT_CATEGORIES",
    "Delivery",
    "HardshipCategory",
    "ListStatus",
    "NEXT_STATUS",
    "ParcelType",
    "Recipient",
    "RecipientList",
    "Relation",
    "ReviewOutcome",
    "Source",
    "Sponsorship",
]
