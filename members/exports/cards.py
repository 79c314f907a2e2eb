"""Member cards: what each card says, and which memberships get one (drawn by members.exports.pdf)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from org.models import Unit

from ..models import Membership
from ..selectors import category_names
from .book import BookRow, book_queryset

CARDS_PER_PAGE = 8


def card_title(category: str) -> str:
    if category == "volunteer":
        return _("THẺ TÌNH NGUYỆN VIÊN")
    if category in ("member", ""):
        return _("THẺ HỘI VIÊN")
    name = _(category_names().get(category, category))
    return _("THẺ %(category)s") % {"category": name.upper()}


@dataclass
class Card:
    title: str
    full_name: str
    birth_year: int | None
    unit_name: str  # the branch, team or club when not the issuing unit itself
    card_number: str
    joined_on: datetime.date


def cards_from_rows(rows: Iterable[BookRow]) -> list[Card]:
    titles: dict[str, str] = {}
    return [
        Card(
            title=titles.get(r.category) or titles.setdefault(r.category, card_title(r.category)),
            full_name=r.full_name,
            birth_year=r.birth_year,
            unit_name=r.unit_name,
            card_number=r.card_number,
            joined_on=r.joined_on,
        )
        for r in rows
    ]


def cards_queryset(user, unit: Unit, on: datetime.date, category: str, ids: list[int] | None):
    """The cards to print: the book's rows, or the chosen memberships (all of them must be in
    ``unit``'s subtree and editable by ``user``; the caller answers 404 otherwise)."""
    if ids is None:
        return book_queryset(user, unit, on, category)
    return (
        Membership.objects.visible_to(user, "edit")
        .in_subtree_on(unit, on)
        .filter(pk__in=ids)
        .order_by("person__sort_key", "pk")
    )
