"""core.forms.run_and_tell: what a person reads above the page a POST redirects to."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from core.forms import run_and_tell


class _Form(forms.Form):
    amount = forms.IntegerField(label="Số tiền", min_value=1)


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_a_field_error_is_told_with_its_label_since_the_form_is_not_shown_again():
    request = _request()
    form = _Form({"amount": "0"})
    assert run_and_tell(request, form, lambda: 1 / 0, "Đã ghi.") is None  # never ran
    [(level, text)] = _said(request)
    assert level == "error" and text.startswith("Số tiền: ") and "1" in text


def test_a_refusal_is_told_as_it_is_and_success_even_when_the_action_returns_nothing():
    request = _request()

    def refuse():
        raise ValidationError("Quỹ không đủ tiền.")

    run_and_tell(request, _Form({"amount": "5"}), refuse, "Đã ghi.")
    assert _said(request) == [("error", "Quỹ không đủ tiền.")]
    request, ran = _request(), []
    form = _Form({"amount": "5"})
    assert run_and_tell(request, form, lambda: ran.append(1), "Đã ghi.") is None
    assert ran == [1] and not form.errors
    assert _said(request) == [("success", "Đã ghi.")]
