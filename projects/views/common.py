"""What the project pages share: the unit navigation, the edit check, running a POSTed form
through a service and coming back with its message."""

from collections.abc import Callable

from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from accounts.access import require_perm_on
from core.forms import run_and_tell
from org.selectors import unit_nav

NEED_EDIT = gettext_lazy("Chỉ người nhập liệu trở lên mới ghi được các mô hình.")


def nav(request, unit, section: str, **extra):
    return unit_nav(request.user, unit, tab="projects", section=section, **extra)


def need_edit(request, unit) -> None:
    require_perm_on(request.user, unit, "edit", NEED_EDIT)


def post_action(request, form, call: Callable[[dict], object], ok: str, back: str, then=None):
    """Run ``call(cleaned_data)`` once ``form`` is valid (core.forms.run_and_tell: the refusal
    or the fields' errors, or ``ok``, as the message) and redirect to ``back`` (or, on success,
    to ``then(result)`` when given)."""
    result = run_and_tell(request, form, lambda: call(form.cleaned_data), ok)
    return redirect(then(result) if then and not form.errors else back)
