"""Writes to the organisation tree. Each service is atomic and writes one audit event.

Callers use ``org.services.<verb>``; the code lives in ``units`` (creation, profile, set-up) and
``reorg`` (rename, move, merge, split, cease with history kept) and ``levels`` (the 1/7/2025
reform's division between existing units and abolished levels).
"""

from .levels import end_level, split_into
from .reorg import (
    cease_unit,
    merge_units,
    move_unit,
    rename_unit,
    split_unit,
)
from .units import (
    apply_profile_preset,
    check_congress_term,
    create_unit,
    create_units_for_province,
    save_congress_term,
    setup_association,
    update_profile,
)

__all__ = [
    "apply_profile_preset",
    "cease_unit",
    "check_congress_term",
    "create_unit",
    "create_units_for_province",
    "end_level",
    "merge_units",
    "move_unit",
    "rename_unit",
    "save_congress_term",
    "setup_association",
    "split_into",
    "split_unit",
    "update_profile",
]
