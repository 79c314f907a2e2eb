"""The prefilled text of a summary report: each section's sentences written from the figures
(reports.sections), with every quoted figure linked to its indicator (a ``Link``: the value and
the words shown), so that a later correction of the data can be found in the text and offered
as a difference to accept."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_decimal, format_number, format_vnd_rounded
from indicators.catalogue import BY_CODE, PERCENT, VND, Indicator

from .data import ReportData
from .sections import DIRECTIONS, LIMITATIONS, RESULTS, TITLES, Section, Sentence

_PLACES = ("thành phố", "tỉnh", "thị xã", "quận", "huyện", "phường", "xã", "thị trấn", "đặc khu")


@dataclass(frozen=True)
class Link:
    section: str
    code: str
    value: float | None
    shown: str
    source: str = "records"


@dataclass
class Draft:
    """Sections as {"key", "title", "text"} and the figures their text quotes."""

    sections: list[dict]
    links: list[Link]


def narrate(ind: Indicator, value: float) -> str:
    """A figure as a report's sentence writes it: "1.085", "hơn 3 tỷ đồng", "92,5%"."""
    unit = ind.unit if type(ind.unit) is str else ""
    if unit == VND:
        return format_vnd_rounded(int(value))
    if unit == PERCENT:
        return format_decimal(value, ind.decimals or 1) + "%"
    if ind.decimals and value != int(value):
        return format_decimal(value, ind.decimals)
    return format_number(int(round(value)))


def scope_of(unit) -> str:
    """ "toàn tỉnh", "toàn phường", "toàn Hội" (the top unit), from the unit's name."""
    if getattr(unit, "depth", 2) == 1 or unit.kind == "central":
        return _("toàn Hội")
    name = unit.name.lower()
    for place in _PLACES:
        if f" {place} " in f" {name} ":
            return _("toàn %(place)s") % {"place": place}
    return _("toàn đơn vị")


def _context(data: ReportData) -> dict[str, str]:
    scope = scope_of(data.unit)
    return {
        "scope": scope,
        "Scope": scope[:1].upper() + scope[1:],
        "period": data.period.label,
        "end": min(data.period.end, timezone.localdate()).strftime("%d/%m/%Y"),
        "fund": data.terms.get("fund") or _("quỹ Hội"),
    }


def _applies(presets: tuple[str, ...] | None, preset: str) -> bool:
    return presets is None or preset in presets


def write_sentence(s: Sentence, data: ReportData, ctx: dict, key: str) -> tuple[str, list[Link]]:
    """The sentence with its figures, or "" when one of them is missing or zero (a shorter
    sentence after it says the rest)."""
    kept = {i.code for i in data.indicators}
    if not all(c in BY_CODE and c in kept for c in s.codes):
        return "", []
    figs = [data.figures.get(c) for c in s.codes]
    if any(f is None or not f.value for f in figs):  # a missing or zero figure: not written
        return "", []
    words = dict(ctx)
    links = []
    for f in figs:
        assert f is not None and f.value is not None
        shown = narrate(f.indicator, f.value)
        words[f.code] = shown
        links.append(Link(key, f.code, f.value, shown, f.source))
    prev = data.figures.get(s.compare) if s.compare else None
    words["compare"] = ""
    if prev is not None and prev.previous:
        label = data.period.previous().label
        words["compare"] = f" ({label}: {narrate(prev.indicator, prev.previous)})"
    return str(s.text) % words, links


def write_section(section: Section, data: ReportData, ctx: dict) -> tuple[str, list[Link]]:
    """The section's sentences; one whose figures an earlier one already quoted is left out
    (the shorter of two wordings), and so is one saying the same numbers again (the year's
    gifts when they were all Tết gifts)."""
    sentences: list[str] = []
    links: list[Link] = []
    quoted: set[str] = set()
    said: set[tuple[str, ...]] = set()
    for s in section.sentences:
        if not _applies(s.presets, data.preset) or set(s.codes) <= quoted:
            continue
        text, found = write_sentence(s, data, ctx, section.key)
        numbers = tuple(lk.shown for lk in found)
        if text and numbers not in said:
            sentences.append(text)
            links += found
            quoted |= set(s.codes)
            said.add(numbers)
    return " ".join(sentences), links


def _limitations(data: ReportData) -> tuple[str, list[Link]]:
    missed = [f for f in data.figures.values() if f.met is False]
    links = []
    if missed:
        parts = []
        for f in missed:
            assert f.value is not None
            shown = narrate(f.indicator, f.value)
            links.append(Link(LIMITATIONS, f.code, f.value, shown, f.source))
            parts.append(
                _("%(name)s đạt %(value)s (chỉ tiêu %(target)s)")
                % {"name": str(f.indicator.name).lower(), "value": shown, "target": f.target_text}
            )
        first = _("Một số chỉ tiêu chưa đạt kế hoạch: %(list)s.") % {"list": "; ".join(parts)}
    elif any(f.target is not None for f in data.figures.values()):
        first = _("Các chỉ tiêu kế hoạch %(period)s đều đạt.") % {"period": data.period.label}
    else:
        first = ""
    cause = _("Nguyên nhân: [đơn vị nêu nguyên nhân của các hạn chế].")
    return " ".join(p for p in (first, cause) if p), links


def _directions(data: ReportData) -> str:
    nxt = data.period.year + 1 if data.period.whole_year else data.period.year
    label = _("năm %(year)s") % {"year": nxt} if data.period.whole_year else _("thời gian tới")
    return _(
        "Phương hướng, nhiệm vụ %(next)s: tiếp tục triển khai các hoạt động, chương trình công "
        "tác theo chức năng, nhiệm vụ của Hội; chú trọng công tác phát triển hội viên, rà soát "
        "các địa chỉ nhân đạo; vận động các nguồn lực để trợ giúp người dân có hoàn cảnh khó "
        "khăn; phấn đấu hoàn thành các chỉ tiêu kế hoạch đề ra."
    ) % {"next": label}


def build(data: ReportData) -> Draft:
    """The prefilled sections of a report from ``data`` (sections left empty are left out)."""
    ctx = _context(data)
    sections, links = [], []
    for section in RESULTS:
        if not _applies(section.presets, data.preset):
            continue
        text, found = write_section(section, data, ctx)
        if text:
            sections.append({"key": section.key, "title": str(section.title), "text": text})
            links += found
    text, found = _limitations(data)
    sections.append({"key": LIMITATIONS, "title": str(TITLES[LIMITATIONS]), "text": text})
    links += found
    sections.append(
        {"key": DIRECTIONS, "title": str(TITLES[DIRECTIONS]), "text": _directions(data)}
    )
    return Draft(sections, links)
