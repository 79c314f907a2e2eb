"""Writes of the summary reports: start one (its first version prefilled from the data), save a
draft as a new version, accept the differences a later correction of the data made. Each write
is one transaction with one audit event; the caller checked "edit" on the unit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from org.models import Unit

from .builder import Draft, Link, build, narrate
from .data import ReportData, collect
from .models import FigureLink, Report, ReportVersion
from .periods import Period

MAX_TEXT = 20_000  # characters of one section


@dataclass(frozen=True)
class Difference:
    """A quoted figure whose indicator now says something else."""

    section: str
    code: str
    old: float | None
    new: float | None
    old_shown: str
    new_shown: str
    source: str


def _store(version: ReportVersion, links: list[Link]) -> None:
    FigureLink.objects.bulk_create(
        FigureLink(
            version=version,
            section=lk.section,
            code=lk.code,
            value=lk.value,
            shown=lk.shown[:64],
            source=lk.source,
        )
        for lk in links
    )


def _new_version(report, actor, sections, links, note) -> ReportVersion:
    last = report.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ReportVersion.objects.create(
        report=report, number=last + 1, sections=sections, note=note[:255], author=actor
    )
    _store(version, links)
    return version


def start_report(*, actor, unit: Unit, period: Period, data: ReportData | None = None) -> Report:
    """The unit's report for ``period`` (the existing one, or a new one whose version 1 is the
    text prefilled from the data)."""
    found = Report.objects.filter(unit=unit, period_key=period.key).first()
    if found is not None:
        return found
    draft: Draft = build(data or collect(unit, period))
    with transaction.atomic():
        report, created = Report.objects.get_or_create(
            unit=unit,
            period_key=period.key,
            defaults={"start": period.start, "end": period.end, "created_by": actor},
        )
        if created:
            _new_version(report, actor, draft.sections, draft.links, _("Bản soạn sẵn từ số liệu"))
            audit.record(
                actor=actor,
                action="reports.create",
                unit=unit,
                obj=report,
                data={"period": period.key},
            )
    return report


def latest(report: Report) -> ReportVersion:
    return report.versions.order_by("-number").first()  # type: ignore[return-value]


def save_version(*, actor, report: Report, texts: dict[str, str], note: str = "") -> ReportVersion:
    """A new version with the sections' edited ``texts`` ({key: text}; a section not given
    keeps its text). A quoted figure whose words are no longer in its section's text is no
    longer linked (the author wrote another number there)."""
    if any(len(text) > MAX_TEXT for text in texts.values()):
        raise ValidationError(_("Mỗi mục tối đa %(n)s ký tự.") % {"n": MAX_TEXT})
    with transaction.atomic():
        Report.objects.select_for_update().filter(pk=report.pk).first()
        last = latest(report)
        sections = [{**s, "text": texts.get(s["key"], s["text"]).strip()} for s in last.sections]
        by_key = {s["key"]: s["text"] for s in sections}
        kept = [
            Link(lk.section, lk.code, lk.value, lk.shown, lk.source)
            for lk in last.links.all()
            if lk.shown in by_key.get(lk.section, "")
        ]
        version = _new_version(report, actor, sections, kept, note)
        audit.record(
            actor=actor,
            action="reports.version",
            unit=report.unit,
            obj=report,
            data={"version": version.number},
        )
    return version


def replace_figure(text: str, old: str, new: str, nth: int = 0) -> str:
    """``text`` with the ``nth`` occurrence of the figure ``old`` (a whole number: not the "2"
    of "2025" or of "1.285") read ``new``; the last one when there are fewer."""
    found = list(re.finditer(rf"(?<![\d.,]){re.escape(old)}(?![\d]|[.,]\d)", text))
    if not found:
        return text
    m = found[min(nth, len(found) - 1)]
    return text[: m.start()] + new + text[m.end() :]


def differences(version: ReportVersion, data: ReportData) -> list[Difference]:
    """The quoted figures of ``version`` whose indicator's value changed since."""
    out = []
    for lk in version.links.all():
        fig = data.figures.get(lk.code)
        if fig is None:
            continue
        if fig.value == lk.value:
            continue
        new_shown = "—" if fig.value is None else narrate(fig.indicator, fig.value)
        out.append(
            Difference(lk.section, lk.code, lk.value, fig.value, lk.shown, new_shown, fig.source)
        )
    return out


def accept_differences(
    *, actor, report: Report, data: ReportData, codes: set[str] | None = None
) -> ReportVersion | None:
    """A new version where the quoted figures of ``codes`` (None: all that changed) read their
    indicator's value now; None when nothing changed."""
    with transaction.atomic():
        Report.objects.select_for_update().filter(pk=report.pk).first()
        last = latest(report)
        diffs = [d for d in differences(last, data) if codes is None or d.code in codes]
        if not diffs:
            return None
        texts = {s["key"]: s["text"] for s in last.sections}
        changed = {(d.section, d.code): d for d in diffs}
        links = []
        seen: dict[tuple[str, str], int] = {}  # (section, words): links met so far
        for lk in last.links.order_by("pk"):
            nth = seen.get((lk.section, lk.shown), 0)
            seen[(lk.section, lk.shown)] = nth + 1
            d = changed.get((lk.section, lk.code))
            if d is None:
                links.append(Link(lk.section, lk.code, lk.value, lk.shown, lk.source))
                continue
            if d.new is None:
                continue  # no value any more: the words stay, no longer linked
            texts[lk.section] = replace_figure(texts[lk.section], d.old_shown, d.new_shown, nth)
            links.append(Link(lk.section, lk.code, d.new, d.new_shown, d.source))
        sections = [{**s, "text": texts[s["key"]]} for s in last.sections]
        note = _("Cập nhật số liệu: %(codes)s") % {
            "codes": ", ".join(sorted({d.code for d in diffs}))
        }
        version = _new_version(report, actor, sections, links, note)
        audit.record(
            actor=actor,
            action="reports.accept",
            unit=report.unit,
            obj=report,
            data={"version": version.number, "codes": sorted({d.code for d in diffs})},
        )
    return version


def set_header(*, actor, report: Report, number: str, signer_title: str, signer_name: str) -> None:
    """The document's number and signer (printed in the header and the signature block)."""
    with transaction.atomic():
        report.number = number[:16]
        report.signer_title = signer_title[:64]
        report.signer_name = signer_name[:128]
        report.save(update_fields=["number", "signer_title", "signer_name"])
        audit.record(actor=actor, action="reports.header", unit=report.unit, obj=report)
