"""Form helpers shared by the apps' views."""

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError

from .inputs import SearchField

T = TypeVar("T")


def bound_data(request):
    """The POST data to bind a form to on a POST, None (an unbound form) on a GET."""
    return request.POST if request.method == "POST" else None


def run_service(form: forms.Form, action: Callable[[], T]) -> T | None:
    """Call ``action()`` once ``form`` is valid; a service's refusal becomes a form error.

    Returns what ``action`` returned, or None when the form is invalid or the service refused
    (its Vietnamese message is then shown above the form).
    """
    if not form.is_valid():
        return None
    try:
        return action()
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


def errors_text(form: forms.Form) -> str:
    """Every error of ``form`` (the service's refusal first, then the fields', each after its
    field's label, since the form is not shown again), as one line for a message above the page
    a POST redirects to."""
    parts: list[str] = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)  # None for the refusal (NON_FIELD_ERRORS)
        label = field.label if field is not None else ""
        parts += [f"{label}: {e}" if label else str(e) for e in errors]
    return " ".join(parts)


def run_and_tell(request, form: forms.Form, action: Callable[[], T], done: str = "") -> T | None:
    """``run_service`` for a POST that redirects: a refusal or the form's errors become an error
    message, success the message ``done`` (when given). Returns what ``action`` returned; whether
    it ran is ``not form.errors`` (an action may return None)."""
    result = run_service(form, action)
    if form.errors:
        messages.error(request, errors_text(form))
    elif done:
        messages.success(request, done)
    return result


def search_field(label, placeholder, **kwargs) -> forms.CharField:
    """An optional search box (``kwargs``: e.g. error_messages); control characters typed or
    pasted into it are dropped."""
    return SearchField(
        label=label,
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "type": "search",
                "placeholder": placeholder,
                "autocomplete": "off",
            }
        ),
        **kwargs,
    )
