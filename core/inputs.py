"""Cleaning what users type, at the boundary: forms, API schemas and search boxes.

Text may not carry control characters: C0 (tab, line feed and carriage return allowed only in
multi-line fields), DEL and C1, the bidirectional overrides and isolates that make a name read
differently from what is stored (U+202A–U+202E, U+2066–U+2069), and lone surrogates.
PostgreSQL refuses NUL outright (a 500 before this), SQLite stores all of them and the CSV export
wrote them out raw. Forms and API bodies refuse such text with a message naming the field; search
boxes drop the characters instead. Every text input has a length bound and every integer a range,
so that no value reaches the database that it cannot hold.

- Forms: derive from :class:`Form` (or mix :class:`CleanInputsMixin` into another form class).
- API schemas: annotate text with :data:`Line` (one line) or :data:`Text` (multi-line), each with
  an explicit ``max_length``; search parameters with :data:`SearchText`; ids with :data:`Id`.
"""

import contextlib
import datetime
import re
from dataclasses import dataclass
from typing import Annotated

from annotated_types import Ge, Le, MaxLen
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import AfterValidator, BeforeValidator, ValidationInfo
from pydantic_core import PydanticCustomError

# Characters refused in one-line text; multi-line text allows \t \n \r as well.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_C0_LINE = "\x00-\x1f"
_C0_TEXT = "\x00-\x08\x0b\x0c\x0e-\x1f"
_C1 = "\x7f-\x9f"
_SURROGATES = "\ud800-\udfff"
LINE_CONTROLS = re.compile(f"[{_C0_LINE}{_C1}{_BIDI}{_SURROGATES}]")
TEXT_CONTROLS = re.compile(f"[{_C0_TEXT}{_C1}{_BIDI}{_SURROGATES}]")

# The same sets written for the OpenAPI document (ECMA-262 patterns), so that clients and
# schemathesis see the rule (lone surrogates are left out: a pattern cannot name them portably).
LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]*$"
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]*$"

# Bounds of numbers that reach the database: ids and counts fit a signed 64-bit integer.
MAX_ID = 2**63 - 1
MAX_INT = 2**63 - 1
# An amount of money in đồng: up to 999 nghìn tỷ, so that sums of many stay within 64 bits.
MAX_MONEY = 10**15 - 1
# Dates the books can be about; date arithmetic near year 1 or 9999 would overflow.
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
# Defaults for form text fields declared without a bound.
FORM_LINE_MAX = 1000
FORM_TEXT_MAX = 10_000
SEARCH_MAX = 200


def first_control(value: str, *, multiline: bool = False) -> str | None:
    """The first refused character of ``value``, or None."""
    found = (TEXT_CONTROLS if multiline else LINE_CONTROLS).search(value)
    return found.group() if found else None


def strip_controls(value: str) -> str:
    """``value`` without any refused character (tabs and line breaks become spaces): for
    search boxes, where refusing would only be in the way."""
    value = re.sub(r"[\t\n\r]", " ", value)
    return LINE_CONTROLS.sub("", value)


def parse_ids(values) -> set[int]:
    """The ids of rows ticked on a page (``request.POST.getlist("ids")``); ValueError when one
    is not a whole number from 1 to 2^63 − 1 (SQLite cannot even be asked about a larger one)."""
    ids = {int(v) for v in values}
    if any(not 1 <= i <= MAX_ID for i in ids):
        raise ValueError("id out of range")
    return ids


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


# --- Forms ---------------------------------------------------------------------------------------


@deconstructible
class NoControlCharacters:
    """A Django validator refusing control characters (see the module's docstring)."""

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        char = first_control(value, multiline=self.multiline)
        if char is not None:
            raise ValidationError(
                gettext_lazy(
                    "Không được chứa ký tự điều khiển (%(code)s), thường lẫn vào khi sao chép "
                    "từ nơi khác: hãy xoá rồi gõ lại."
                ),
                code="control_character",
                params={"code": _code(char)},
            )

    def __eq__(self, other):
        return isinstance(other, NoControlCharacters) and other.multiline == self.multiline


class _TextMaxLength(MaxLengthValidator):
    """The length bound of text: a field that turns the text into something else (an amount)
    is not measured."""

    def __call__(self, value) -> None:
        if isinstance(value, str):
            super().__call__(value)


class SearchField(forms.CharField):
    """A search box: control characters are dropped, not refused."""

    def to_python(self, value):
        value = super().to_python(value)
        return strip_controls(value) if isinstance(value, str) else value


def clean_field(field: forms.Field) -> None:
    """Give ``field`` the checks every input needs: no control characters and a length bound
    for text, a range for whole numbers."""
    if isinstance(field, forms.CharField) and not isinstance(field, SearchField):
        multiline = isinstance(field.widget, forms.Textarea)
        if not any(isinstance(v, NoControlCharacters) for v in field.validators):
            # Django's own NUL check would say it a second time, in English.
            field.validators = [
                v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
            ]
            field.validators.append(NoControlCharacters(multiline=multiline))
        if field.max_length is None and not isinstance(field.widget, forms.PasswordInput):
            field.max_length = FORM_TEXT_MAX if multiline else FORM_LINE_MAX
            field.validators.append(_TextMaxLength(field.max_length))
            field.widget.attrs.update(field.widget_attrs(field.widget))
    elif isinstance(field, forms.IntegerField):
        if field.max_value is None:
            field.max_value = MAX_INT
            field.validators.append(MaxValueValidator(MAX_INT))
        if field.min_value is None:
            field.min_value = -MAX_INT
            field.validators.append(MinValueValidator(-MAX_INT))


class CleanInputsMixin:
    """Applies :func:`clean_field` to every field of the form, including fields its
    ``__init__`` adds (call ``super().__init__`` first, as usual)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.clean_inputs()

    def clean_inputs(self) -> None:
        """Call again after adding fields outside ``__init__``."""
        for field in self.fields.values():  # type: ignore[attr-defined]
            clean_field(field)

    def full_clean(self):
        # Fields added by a subclass after this mixin's __init__ ran get the checks too.
        self.clean_inputs()
        super().full_clean()  # type: ignore[misc]


class Form(CleanInputsMixin, forms.Form):
    """The project's base form: see :class:`CleanInputsMixin`."""


# --- API schemas ---------------------------------------------------------------------------------


def _refuse_controls(multiline: bool):
    def check(value: str, info: ValidationInfo) -> str:
        char = first_control(value, multiline=multiline)
        if char is not None:
            raise PydanticCustomError(
                "control_character",
                _("Trường “{field}” không được chứa ký tự điều khiển ({code})."),
                {"field": info.field_name or "", "code": _code(char)},
            )
        return value

    return check


@dataclass(frozen=True)
class _InSchema:
    """Keys added to a type's JSON schema. (Not a pydantic Field: a Field inside Annotated
    makes ninja forget a form or query parameter's default.)"""

    extra: tuple[tuple[str, str], ...]

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        schema.update(self.extra)
        return schema


_NO_CONTROLS_LINE = AfterValidator(_refuse_controls(multiline=False))
_NO_CONTROLS_TEXT = AfterValidator(_refuse_controls(multiline=True))
_LINE_SCHEMA = _InSchema((("pattern", LINE_PATTERN),))
_TEXT_SCHEMA = _InSchema((("pattern", TEXT_PATTERN),))

Line = Annotated[str, _NO_CONTROLS_LINE, _LINE_SCHEMA]
"""One line of text: give it ``Field(max_length=…)`` where it is declared."""

Text = Annotated[str, _NO_CONTROLS_TEXT, _TEXT_SCHEMA]
"""Multi-line text (notes, reasons): give it ``Field(max_length=…)`` where it is declared."""

Code = Annotated[str, MaxLen(64), _NO_CONTROLS_LINE, _LINE_SCHEMA]
"""A short code chosen from a list (a category, a reason, a kind)."""

SearchText = Annotated[
    str,
    BeforeValidator(lambda v: strip_controls(v) if isinstance(v, str) else v),
    MaxLen(SEARCH_MAX),
    _InSchema((("x-control-characters", "dropped"),)),
]
"""What a user typed in a search box: control characters are dropped."""

Id = Annotated[int, Ge(1), Le(MAX_ID)]
"""The id of a row: 1 to 2^63 − 1 (a 422 beyond, instead of a database error)."""

Year = Annotated[int, Ge(FIRST_DAY.year), Le(LAST_DAY.year)]
"""A calendar year the books can be about."""

Day = Annotated[datetime.date, Ge(FIRST_DAY), Le(LAST_DAY)]
"""A date the books can be about (1900–2100)."""

Money = Annotated[int, Ge(0), Le(MAX_MONEY)]
"""An amount in đồng (a positive one: add ``Field(gt=0)`` where declared)."""


# --- API errors ----------------------------------------------------------------------------------

_ERRORS = {
    "less_than_equal": gettext_lazy("Trường “{field}” phải nhỏ hơn hoặc bằng {le}."),
    "greater_than_equal": gettext_lazy("Trường “{field}” phải lớn hơn hoặc bằng {ge}."),
    "less_than": gettext_lazy("Trường “{field}” phải nhỏ hơn {lt}."),
    "greater_than": gettext_lazy("Trường “{field}” phải lớn hơn {gt}."),
    "string_too_long": gettext_lazy("Trường “{field}” dài tối đa {max_length} ký tự."),
    "string_too_short": gettext_lazy("Trường “{field}” cần ít nhất {min_length} ký tự."),
    "too_long": gettext_lazy("Trường “{field}” có tối đa {max_length} mục."),
    "missing": gettext_lazy("Thiếu trường “{field}”."),
    "int_parsing": gettext_lazy("Trường “{field}” phải là số nguyên."),
    "int_type": gettext_lazy("Trường “{field}” phải là số nguyên."),
    "int_from_float": gettext_lazy("Trường “{field}” phải là số nguyên."),
    "date_from_datetime_parsing": gettext_lazy("Trường “{field}” phải là ngày dạng NNNN-TT-NN."),
    "date_parsing": gettext_lazy("Trường “{field}” phải là ngày dạng NNNN-TT-NN."),
    "date_type": gettext_lazy("Trường “{field}” phải là ngày dạng NNNN-TT-NN."),
}


def translate_errors(errors: list[dict]) -> list[dict]:
    """ninja's 422 errors (pydantic's, in English) with a Vietnamese ``msg`` naming the field
    for the common kinds: out of range, too long, missing, not a number or a date."""
    out = []
    for error in errors:
        kind = error.get("type", "")
        if kind == "too_long" and isinstance(error.get("input"), str):
            kind = "string_too_long"  # a length bound declared over Line or Text
        template = _ERRORS.get(kind)
        if template is not None:
            names = [str(p) for p in error.get("loc", ()) if isinstance(p, str)]
            ctx = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
            field = names[-1] if names else ""
            with contextlib.suppress(KeyError, IndexError):
                error = {**error, "msg": str(template).format(field=field, **ctx)}
        out.append(error)
    return out
