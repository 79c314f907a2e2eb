"""The blood centre's result list of a drive: upload (a preview with an error per line), then
write it all at once."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import require_perm_on
from imports.reading import EXTENSIONS
from org.selectors import visible_ancestors

from . import results, selectors
from .forms import ImportForm
from .views import NEED_EDIT

MAX_BYTES = 10 * 1024 * 1024


@login_required
@require_POST
def upload(request, pk: int):
    d = selectors.get_drive_for_user(request.user, pk)
    require_perm_on(request.user, d.unit, "edit", NEED_EDIT)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn tệp danh sách kết quả."))
        return redirect("blood:drive", pk=d.pk)
    f = form.cleaned_data["file"]
    suffix = Path(f.name).suffix.lower()
    if suffix not in EXTENSIONS or f.size > MAX_BYTES:
        messages.error(request, _("Chỉ nhận tệp xlsx, xls, ods hoặc csv, tối đa 10 MB."))
        return redirect("blood:drive", pk=d.pk)
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in f.chunks():
            tmp.write(chunk)
        tmp.flush()
        imp = results.preview(actor=request.user, drive=d, path=Path(tmp.name), file_name=f.name)
    return redirect("blood:result_import", pk=imp.pk)


@login_required
@require_GET
def preview(request, pk: int):
    imp = selectors.get_import_for_user(request.user, pk)
    regs = {r.pk: r for r in imp.drive.registrations.select_related("person")}
    lines = [(ln, regs.get(ln.get("registration"))) for ln in imp.lines]
    context = {
        "imp": imp, "drive": imp.drive, "unit": imp.drive.unit, "lines": lines,
        "crumbs": visible_ancestors(request.user, imp.drive.unit),
    }  # fmt: skip
    return render(request, "blood/result_import.html", context)


@login_required
@require_POST
def commit(request, pk: int):
    imp = selectors.get_import_for_user(request.user, pk)
    try:
        n = results.commit(actor=request.user, imp=imp)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("blood:result_import", pk=imp.pk)
    messages.success(request, _("Đã ghi kết quả của %(n)d người.") % {"n": n})
    return redirect("blood:drive", pk=imp.drive_id)
