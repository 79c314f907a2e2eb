from django.utils.translation import gettext_lazy
from ninja import Router

from accounts.access import require_perm_on

router = Router(tags=["Kiểm tra, thi đua, khen thưởng"])
_NEED_EDIT = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này.")


def edit(user, unit) -> None:
    require_perm_on(user, unit, "edit", str(_NEED_EDIT))
