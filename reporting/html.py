"""The province's table of its bases built in one pass (like indicators.html): a template loop
costs some ten nodes per cell, and a province has 170 bases × 40 items. Every name is escaped
here; the cell texts are formatted numbers."""

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.formatting import localize_digits, separators
from indicators.catalogue import REPORTED_SOURCE, formatter

from .models import Status, ValueType
from .selectors import LATE, MISSING, ChildRow
from .values import indicator_of


def _formatters(items):
    """Each item's formatter, the language's separators looked up once (not once per cell)."""
    seps = separators()

    def count(v: float) -> str:
        return localize_digits(f"{int(v):,}", seps)

    def money(v: float) -> str:
        return f"{count(v)} đ"

    def percent(v: float) -> str:
        return f"{count(v)}%"

    by_type = {ValueType.VND: money, ValueType.PERCENT: percent}
    out = []
    for item in items:
        ind = indicator_of(item)
        out.append(
            (item.code, formatter(ind) if ind is not None else by_type.get(item.value_type, count))
        )
    return out


def child_rows(
    rows: list[ChildRow], items, approvable: set[int], form: str, key: str
) -> SafeString:
    marker = "987654321"
    head, tail = reverse("reporting:report", args=[marker, form, key]).split(marker)
    fmts = _formatters(items)
    not_yet, late, overdue = _("Chưa lập"), _("muộn"), _("quá hạn")
    pick, reported, behalf = _("Chọn để duyệt"), _("số báo cáo"), _("nhập thay")
    labels = {code: escape(str(label)) for code, label in Status.choices}
    parts: list[str] = []
    append = parts.append
    for row in rows:
        pk, r = row.unit.pk, row.report
        box = ""
        if r is not None and r.pk in approvable:
            box = (
                f'<input type="checkbox" class="form-check-input me-1" name="report" value="{r.pk}" '
                f'aria-label="{escape(pick)}" data-testid="pick-{pk}">'
            )
        status = (
            labels[r.status]
            if r is not None
            else (
                f'{escape(not_yet)} · <a href="{head}{pk}{tail}?on_behalf=1">{escape(behalf)}</a>'
            )
        )
        when = row.timeliness
        badge = (
            f' <span class="badge text-bg-warning">{escape(late)}</span>' if when == LATE
            else f' <span class="badge text-bg-danger">{escape(overdue)}</span>' if when == MISSING
            else ""
        )  # fmt: skip
        append(
            f'<tr data-testid="row-{pk}"><th scope="row" class="sohoi-sticky-col">{box}'
            f'<a class="sohoi-cell-name" href="{head}{pk}{tail}">{escape(row.unit.name)}</a></th>'
            f'<td class="small text-nowrap">{status}{badge}</td>'
        )
        values, sources = row.values, row.sources
        for code, fmt in fmts:
            v = values.get(code)
            text = "—" if v is None else fmt(v)
            if sources.get(code) == REPORTED_SOURCE:
                text = f'<span title="{escape(reported)}">{text}*</span>'
            append(f'<td class="text-end text-nowrap">{text}</td>')
        append("</tr>")
    return mark_safe("".join(parts))  # noqa: S308 (every name escaped, texts formatted numbers)
