"""The dashboard's repeated HTML (cards, the child units' table, trends, the FDRS breakdown), built
in one pass per part, like core's ``select_options``: a template loop costs some ten nodes per
cell, which on a province's 100+ bases × 16 indicators was most of the page's time. Every name is
escaped here; the cell texts come from ``catalogue.format_value`` (digits, ".,%đ—"). Each
indicator's name is translated once per page, not once per cell.
"""

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .catalogue import RECORDS, formatter
from .selectors import AMBER, GREEN, RED, Cell, Row


def _source(c: Cell) -> str:
    """Where a figure comes from when not only from the records: "số báo cáo", "hồ sơ và số
    báo cáo (3 đơn vị báo cáo)"."""
    if c.reported_below:
        return _("%(source)s (%(n)s đơn vị cấp dưới báo cáo)") % {
            "source": c.source_text,
            "n": c.reported_below,
        }
    return c.source_text


def _safe(parts: list[str]) -> SafeString:
    return mark_safe("".join(parts))  # noqa: S308 (every name escaped, texts formatted numbers)


def cards(cells: list[Cell]) -> SafeString:
    # (Texts translated outside the f-strings: makemessages does not see a call inside one.)
    met, near, unmet = _("Đạt"), _("Gần đạt"), _("Chưa đạt")
    badges = {
        GREEN: f'<span class="badge text-bg-success">{escape(met)}</span> ',
        AMBER: f'<span class="badge text-bg-warning">{escape(near)}</span> ',
        RED: f'<span class="badge text-bg-danger">{escape(unmet)}</span> ',
    }
    target = escape(pgettext("chỉ tiêu cần đạt", "Chỉ tiêu"))
    parts = []
    for c in cells:
        border = f" border-{c.css} border-2" if c.status else ""
        parts.append(
            f'<div class="col"><div class="card h-100{border}" data-testid="card-{c.indicator.code}">'
            f'<div class="card-body p-2"><div class="small text-body-secondary">'
            f'{escape(str(c.indicator.name))}</div><div class="fs-5 fw-semibold">{c.text}</div>'
        )
        if c.source != RECORDS:
            parts.append(f'<div class="small text-body-secondary">{escape(_source(c))}</div>')
        if c.target is not None:
            parts.append(
                f'<div class="small">{badges.get(c.status, "")}{target}: '
                f"{escape(c.target_text)}</div>"
            )
        parts.append("</div></div></div>")
    return _safe(parts)


def table_head(
    codes: list[str], names: dict[str, str], year: int, sort: str, desc: bool, keep: str = ""
):
    """The header cells: each indicator's name links to the table sorted by it (``keep``: the
    rest of the query string, e.g. the chosen columns, already escaped)."""
    parts = []
    for code in codes:
        flip = "desc" if sort == code and not desc else "asc"
        arrow = (" ↓" if desc else " ↑") if sort == code else ""
        parts.append(
            f'<th scope="col" class="text-end" data-col="{code}">'
            f'<a href="?year={year}&amp;sort={code}&amp;dir={flip}{keep}">'
            f"{escape(names[code])}</a>{arrow}</th>"
        )
    return _safe(parts)


def common_prefix(names: list[str]) -> str:
    """The whole words every name starts with, when each has more after them ("Hội Chữ thập đỏ "
    of "Hội Chữ thập đỏ phường Hải Châu", "Hội Chữ thập đỏ xã Hòa Vang"): a narrow column shows
    what tells the units apart."""
    if len(names) < 2:
        return ""
    first, last = min(names), max(names)
    n = 0
    while n < len(first) and first[n] == last[n]:
        n += 1
    prefix = first[: first[:n].rfind(" ") + 1] if n < len(first) else ""
    return prefix if all(len(name) > len(prefix) for name in names) else ""


def table_rows(rows: list[Row], codes: list[str], year: int, strip: str = "") -> SafeString:
    """One <tr> per child unit: its name (less the ``strip`` all names share; the whole name as
    its title) links to its own dashboard; cells lit by the target."""
    marker = "987654321"
    head, tail = reverse("indicators:dashboard", args=[marker]).split(marker)
    # Each indicator's formatter looked up once, not once per cell (Cell.text).
    fmts = [(code, formatter(rows[0].cells[code].indicator)) for code in codes] if rows else []
    parts: list[str] = []
    append = parts.append
    for r in rows:
        pk, cells = r.unit.pk, r.cells
        name = r.unit.name
        short = escape(name[len(strip) :] if strip else name)
        append(
            f'<tr data-testid="row-{pk}"><th scope="row" class="sohoi-sticky-col">'
            f'<a class="sohoi-cell-name" href="{head}{pk}{tail}?year={year}" '
            f'title="{escape(name)}">{short}</a></th>'
        )
        for code, fmt in fmts:
            c = cells[code]
            v = c.value
            text = "—" if v is None else fmt(v)
            if c.source != RECORDS:  # a reported figure: marked, the source in its title
                text = f'<span title="{escape(_source(c))}">{text}*</span>'
            if c.status:
                append(f'<td class="text-end text-nowrap table-{c.css}">{text}</td>')
            else:
                append(f'<td class="text-end text-nowrap">{text}</td>')
        append("</tr>")
    return _safe(parts)


def total_row(row: Row, codes: list[str]) -> SafeString:
    parts = []
    for code in codes:
        c = row.cells[code]
        text = (
            c.text
            if c.source == RECORDS
            else f'<span title="{escape(_source(c))}">{c.text}*</span>'
        )
        parts.append(f'<td class="text-end text-nowrap">{text}</td>')
    return _safe(parts)


def trend_rows(rows: list[tuple[str, list[str]]]) -> SafeString:
    """[(indicator name, [formatted value per year])] as <tr>."""
    parts = []
    for name, texts in rows:
        parts.append(f'<tr><th scope="row">{escape(name)}</th>')
        parts.extend(f'<td class="text-end text-nowrap">{t}</td>' for t in texts)
        parts.append("</tr>")
    return _safe(parts)


def breakdown(name: str, b: dict) -> SafeString:
    """One category's table by sex (rows) and FDRS age band (columns)."""
    unknown = escape(_("Chưa rõ"))
    head = "".join(
        f'<th scope="col" class="text-end text-nowrap">'
        f"{unknown if band == 'unknown' else escape(band)}</th>"
        for band in b["F"]
    )
    parts = [
        f'<h3 class="h6">{escape(name)} ({b["total"]})</h3>',
        '<div class="table-responsive"><table class="table table-sm table-bordered" '
        'data-testid="breakdown"><thead class="table-light"><tr>'
        f'<th scope="col">{escape(_("Giới tính"))}</th>{head}</tr></thead><tbody>',
    ]
    for sex, label in (("M", _("Nam")), ("F", _("Nữ"))):
        parts.append(f'<tr><th scope="row">{escape(label)}</th>')
        parts.extend(f'<td class="text-end">{n}</td>' for n in b[sex].values())
        parts.append("</tr>")
    parts.append("</tbody></table></div>")
    return _safe(parts)
