"""Humanitarian work over the API: hardship categories, beneficiaries (the sensitive part for
editors only, every read of it logged), humanitarian addresses (lifecycle, reviews, sponsors),
assistance records, campaigns (parcel types, participants, progress), recipient lists (lines,
approval, withdrawal, deliveries).

Scoped like the pages: outside the user's scope 404; inside it without edit rights 403; a
service's refusal 422 with its reason in Vietnamese (a refused recipient list: every line with
its reason under ``lines``).

The modules: schemas, beneficiaries (categories, beneficiaries, addresses, assistance) and
campaigns (campaigns and recipient lists); this package only re-exports their one ``router``.
"""

from . import beneficiaries, campaigns  # noqa: F401  (their views join the router)
from .common import router

__all__ = ["router"]
