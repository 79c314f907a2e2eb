"""What the project pages share: the unit navigation, the edit check, running a POSTed form
through a service and coming back with its message."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from accounts.access import require_perm_on
from org.selectors import unit_nav

NEED_EDIT = gettext_lazy("Chỉ người nhập liệu trở lên mới ghi được các mô hình.")


def nav(request, unit, section: str, **extra):
    return unit_nav(request.user, unit, tab="projects", section=section, **extra)


def need_edit(request, unit) -> None:
    require_perm_on(request.user, unit, "edit", NEED_EDIT)


def errors_of(form=None, exc: ValidationError | None = None) -> str:
    parts: list[str] = []
    if exc is not None:
        parts += exc.messages
    if form is not None:
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            parts += [f"{label}: {e}" if label else str(e) for e in errs]
    return " ".join(str(p) for p in parts)


def post_action(request, form, call: Callable[[dict], object], ok: str, back: str, then=None):
    """Validate ``form``, call ``call(cleaned_data)``; flash the outcome and redirect to
    ``back`` (or, on success, to ``then(result)`` when given)."""
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except ValidationError as e:
            messages.error(request, errors_of(exc=e))
        else:
            messages.success(request, ok)
            return redirect(then(result) if then else back)
    else:
        messages.error(request, errors_of(form))
    return redirect(back)
