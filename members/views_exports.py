"""Downloads of a unit's registers: the books (xlsx, PDF), CSV and member cards."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.access import get_unit_for_user, require_perm_on
from core.inputs import Form

from . import exports
from .exports import pdf
from .selectors import category_names

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportForm(Form):
    on = forms.DateField(label=gettext_lazy("Tính đến ngày"), required=False)
    category = forms.ChoiceField(label=gettext_lazy("Loại"), required=False)
    ids = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "")] + list(category_names().items())

    def clean_ids(self) -> list[int] | None:
        raw = self.cleaned_data["ids"].strip()
        if not raw:
            return None
        try:
            return sorted({int(x) for x in raw.split(",") if x.strip()})
        except ValueError:
            raise forms.ValidationError(_("Danh sách mã không hợp lệ.")) from None


def _params(request) -> tuple:
    """(on, category, ids) from the query string; a bad value is a 404 (a link nobody made)."""
    form = ExportForm(request.GET)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    return data["on"] or timezone.localdate(), data["category"] or "member", data["ids"]


def _download(content, *, filename: str, content_type: str, streaming: bool = False):
    cls = StreamingHttpResponse if streaming else HttpResponse
    response = cls(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _book_name(category: str) -> str:
    return {"member": "so-hoi-vien", "volunteer": "so-tinh-nguyen-vien"}.get(
        category, f"so-{category}"
    )


def _book(request, pk: int, fmt: str, build, content_type: str):
    """The book of unit ``pk`` as a download: ``build(book)`` makes the file's content."""
    unit = get_unit_for_user(request.user, pk)
    on, category, _ids = _params(request)
    book = exports.collect_book(request.user, unit, on, category)
    exports.record_export(
        actor=request.user, unit=unit, fmt=fmt, rows=len(book.rows), on=on, category=category
    )
    return _download(
        build(book),
        filename=exports.export_filename(_book_name(category), unit, on, fmt),
        content_type=content_type,
    )


@login_required
@require_GET
def book_xlsx(request, pk: int):
    return _book(request, pk, "xlsx", exports.build_book_xlsx, XLSX)


@login_required
@require_GET
def book_pdf(request, pk: int):
    return _book(request, pk, "pdf", pdf.build_book_pdf, "application/pdf")


@login_required
@require_GET
def members_csv(request, pk: int):
    unit, (on, category, _ids) = get_unit_for_user(request.user, pk), _params(request)
    qs = exports.book_queryset(request.user, unit, on, category)
    exports.record_export(
        actor=request.user, unit=unit, fmt="csv", rows=qs.count(), on=on, category=category
    )
    return _download(
        exports.iter_csv(exports.iter_book_rows(qs, unit=unit, on=on)),
        filename=exports.export_filename(_book_name(category), unit, on, "csv"),
        content_type="text/csv; charset=utf-8",
        streaming=True,
    )


@login_required
@require_GET
def cards(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(
        request.user, unit, "edit", _("Chỉ người nhập liệu trở lên mới in được thẻ hội viên.")
    )
    on, category, ids = _params(request)
    qs = exports.cards_queryset(request.user, unit, on, category, ids)
    rows = list(exports.iter_book_rows(qs, unit=unit, on=on))
    if ids is not None and len(rows) != len(ids):
        raise Http404  # some of the chosen memberships are not this unit's to print
    exports.record_export(
        actor=request.user, unit=unit, fmt="cards", rows=len(rows), on=on, category=category
    )
    content = pdf.build_cards_pdf(
        association=exports.association_name(),
        issuer=unit.name_on(on),
        cards=exports.cards_from_rows(rows),
    )
    return _download(
        content,
        filename=exports.export_filename("the-hoi-vien", unit, on, "pdf"),
        content_type="application/pdf",
    )
