"""What the aid API modules share: the one router (its operation ids stay ``aid_api_<view>``,
as when the API was one module), the edit check and the id type."""

from typing import Any

from django.utils.translation import gettext_lazy
from ninja import Router

from accounts.access import require_perm_on
from core.inputs import Id


class _Router(Router):
    """A router whose operations keep the ids they had in the single ``aid.api`` module."""

    def add_api_operation(
        self, path: str, methods: list[str], view_func: Any, **kwargs: Any
    ) -> None:
        if kwargs.get("operation_id") is None:
            kwargs["operation_id"] = f"aid_api_{view_func.__name__}"
        super().add_api_operation(path, methods, view_func, **kwargs)


router = _Router(tags=["Nhân đạo"])
_NEED_EDIT = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này.")
Pk = Id


def _edit(user, unit) -> None:
    require_perm_on(user, unit, "edit", str(_NEED_EDIT))
