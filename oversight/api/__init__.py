"""Inspections, emulation scoring and commendations over the API.

Scoped like the pages: outside the user's scope 404; inside it without edit rights 403; a
service's refusal 422 with its reason in Vietnamese. Modules: schemas, inspections (plans,
visits, recommendations, follow-ups), scoring (sheets, ranking, assessments), awards."""

from . import awards, inspections, scoring  # noqa: F401  (their views join the router)
from .common import router

__all__ = ["router"]
