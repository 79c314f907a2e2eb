"""Form helpers shared by the apps' views."""

from collections.abc import Callable
from typing import TypeVar

from django import forms
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
