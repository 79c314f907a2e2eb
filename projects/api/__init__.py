"""The projects API (``/api/v1/``): the cow bank, houses, capital groups, events. Every object
is looked up in the user's scope (404 outside); writes need edit rights (403)."""

from . import cows, others  # noqa: F401  (they add their operations to the router)
from .common import router

__all__ = ["router"]
