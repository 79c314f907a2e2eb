"""What the projects API modules share: the router, the edit check, the id type."""

from django.utils.translation import gettext_lazy
from ninja import Router

from accounts.access import require_perm_on
from core.inputs import Id

router = Router(tags=["Mô hình"])
NEED_EDIT = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này.")
Pk = Id


def edit(user, unit) -> None:
    require_perm_on(user, unit, "edit", str(NEED_EDIT))
