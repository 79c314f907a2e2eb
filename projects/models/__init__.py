"""The long-running projects: the cow bank, Red Cross houses, capital-support groups, check-up and
charity-kitchen events. They reuse aid's beneficiaries (households) and funds' entries."""

from .cows import Animal, AnimalStatus, CowRule, EndKind, Placement, PlacementKind, WaitingEntry
from .events import Event, EventKind, EventServed, EventValue, ValueSource
from .groups import CapitalGroup, Contribution, GroupMember, Loan, Repayment
from .houses import (
    House,
    HouseFile,
    HouseKind,
    HouseStatus,
    HouseStep,
    HouseSupport,
    SupportSource,
    Tranche,
    TrancheKind,
)

__all__ = [
    "Animal", "AnimalStatus", "CapitalGroup", "Contribution", "CowRule", "EndKind", "Event",
    "EventKind", "EventServed", "EventValue", "GroupMember", "House", "HouseFile", "HouseKind",
    "HouseStatus", "HouseStep", "HouseSupport", "Loan", "Placement", "PlacementKind",
    "Repayment", "SupportSource", "Tranche", "TrancheKind", "ValueSource",
    "WaitingEntry",
]  # fmt: skip
