"""A unit's total: its own figures plus its children's totals, and the flags of a base."""

from collections.abc import Callable, Iterable

from funds.selectors import BASE_TARGET
from org.models import AssociationProfile

from ..catalogue import REPORTED, REPORTED_BELOW, apply_reported, reported_key
from .own import OUT_TO

BOOK_CATEGORIES = ("member", "volunteer")
FUND_MIN = BASE_TARGET  # a base's fund meets the resolution's target from 5.000.000 đ


def roll_up(
    own: dict,
    child_totals: Iterable[dict],
    *,
    is_base: bool,
    categories: set[str],
    holds: Callable[[int], bool] | None = None,
) -> dict:
    """A unit's total: its own figures plus its children's totals. A denominator the unit has
    entered itself replaces its children's sum; a base gets its ``books`` and ``fundok`` flags.
    Dues sent to a unit the subtree holds (``holds(unit id)``) were not remitted out of it. A
    value the unit reported (``rep:<code>`` in ``own``) replaces the one computed for its subtree
    (catalogue.apply_reported); the totals count the units below that reported (``rpn:``)."""
    total = dict(own)
    for ct in child_totals:
        for k, v in ct.items():
            if k.startswith("d:") and k in own:
                continue
            if k.startswith(REPORTED):  # a child's own reported value: counted, not added
                below = f"{REPORTED_BELOW}{k[len(REPORTED) :]}"
                total[below] = total.get(below, 0) + 1
                continue
            total[k] = total.get(k, 0) + v
    if holds is not None:
        for k in [k for k in total if k.startswith(OUT_TO)]:
            if holds(int(k[len(OUT_TO) :])):
                left = total.get("dues_out", 0) - total.pop(k)
                if left:
                    total["dues_out"] = left
                else:
                    total.pop("dues_out", None)
    reported = [(k[len(REPORTED) :], v) for k, v in own.items() if k.startswith(REPORTED)]
    # The narrower keys first: a reported total of members is exact whatever the women reported.
    for code, value in sorted(reported, key=lambda cv: -len(reported_key(cv[0]))):
        apply_reported(total, code, value)
    if is_base and own.get("u:base"):
        total.pop("books", None)
        total.pop("fundok", None)
        if books_ok(total, categories):
            total["books"] = 1
        if total.get("fund", 0) >= FUND_MIN:
            total["fundok"] = 1
    return total


def _sent_to(dicts: Iterable[dict]) -> set[int]:
    """The units named by the ``dues_out_to:`` keys of ``dicts``."""
    return {int(k[len(OUT_TO) :]) for d in dicts for k in d if k.startswith(OUT_TO)}


def books_ok(total: dict, categories: set[str]) -> bool:
    """A base's books are up to date for the year when each book the association keeps (members;
    volunteers where the profile has them) recorded a change in the year (an admission, an end,
    a transfer, anywhere in the base) or the base confirmed a review of the book that year."""
    books = [c for c in BOOK_CATEGORIES if c in categories]
    return bool(books) and all(total.get(f"c:{c}") or total.get(f"r:{c}") for c in books)


def _categories() -> set[str]:
    return set(AssociationProfile.current_category_names())
