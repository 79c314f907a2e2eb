"""Writes of the reporting cycle: open a report, type its numbers, submit, approve (which locks
the period for the unit's subtree), return, reopen. Keyword-only arguments, ``actor``, one
transaction, one audit event each.

A yearly report's typed numbers reach the figures (indicators.ReportedValue, through
``indicators.services.replace_reported_values``) when it is submitted: from then on the
dashboards read them in place of the computed values of that unit (and roll them up).
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import has_perm_on
from core import audit
from core.audit import user_or_none
from indicators.services import replace_reported_values
from org.locks import ensure_open
from org.models import PeriodLock, Unit, UnitKind

from . import rules as rules_
from . import values as values_
from .models import (
    Action,
    FormItem,
    Report,
    ReportEvent,
    ReportForm,
    ReportValue,
    Status,
    ValueType,
)
from .periods import Period

MAX_VALUE = 10**15  # đồng: a thousand thousand billion, beyond any report
ON_TIME_CODE = "reports_on_time"  # indicators.catalogue's bases_reporting_on_time_pct reads it
SOURCE = "reporting"


# --- Who approves -------------------------------------------------------------------------------


def approver_units(report: Report) -> list[Unit]:
    """The units that approve ``report``, bottom up: the nearest unit above of each kind the form
    names (a base's report: its province, then the central level)."""
    return _chains([report])[report.pk]


def next_approver(report: Report) -> Unit | None:
    if report.status != Status.SUBMITTED:
        return None
    chain = approver_units(report)
    return chain[report.step] if report.step < len(chain) else None


def can_approve(user, report: Report) -> bool:
    unit = next_approver(report)
    return unit is not None and has_perm_on(user, unit, "manage")


def approvable(user, reports: Sequence[Report]) -> set[int]:
    """The ids of ``reports`` that wait for ``user``'s approval (one query for all)."""
    waiting = [r for r in reports if r.status == Status.SUBMITTED]
    chains = _chains(waiting)
    return {
        r.pk
        for r in waiting
        if r.step < len(chains[r.pk]) and has_perm_on(user, chains[r.pk][r.step], "manage")
    }


def can_reopen(user, report: Report) -> bool:
    """An approver of the report (any level that approved it) may reopen it."""
    if report.step == 0:
        return False
    return any(has_perm_on(user, u, "manage") for u in approver_units(report)[: report.step])


# --- Opening and typing -------------------------------------------------------------------------


def items_for(form: ReportForm, unit: Unit):
    """The form's items for ``unit``: the association's and those a unit above it added."""
    paths = [unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    return [i for i in form.items.select_related("unit") if i.unit is None or i.unit.path in paths]


@transaction.atomic
def open_report(
    *, actor, form: ReportForm, unit: Unit, period: Period, on_behalf: bool = False
) -> Report:
    """The unit's report for the period, created (a draft) when there is none."""
    if unit.kind not in (form.levels or []):
        raise ValidationError(_("Cấp đơn vị này không lập biểu mẫu “%(form)s”.") % {"form": form})
    if period.type != form.period_type:
        raise ValidationError(_("Kỳ báo cáo không đúng loại kỳ của biểu mẫu."))
    found = Report.objects.filter(form=form, unit=unit, start=period.start).first()
    if found is not None:
        return found
    report = Report.objects.create(
        form=form,
        unit=unit,
        start=period.start,
        end=period.end,
        due_on=period.end + datetime.timedelta(days=form.deadline_days),
        on_behalf=on_behalf,
        created_by=user_or_none(actor),
    )
    audit.record(
        actor=actor,
        action="reporting.open",
        unit=unit,
        obj=report,
        data={"form": form.code, "period": period.key, "on_behalf": on_behalf},
    )
    return report


def _check_editable(report: Report) -> None:
    if not report.editable:
        raise ValidationError(
            _("Báo cáo đang ở trạng thái “%(status)s”: không sửa được.")
            % {"status": report.get_status_display()}
        )
    ensure_open(unit=report.unit, on=report.end)


@transaction.atomic
def save_value(
    *, actor, report: Report, code: str, value: int | None, note: str = ""
) -> ReportValue:
    """Type (or clear: None) the number of an item, with its note. A number typed for an item
    of the catalogue replaces the computed one for this unit."""
    report = Report.objects.select_for_update().select_related("form", "unit").get(pk=report.pk)
    _check_editable(report)
    item = next((i for i in items_for(report.form, report.unit) if i.code == code), None)
    if item is None:
        raise ValidationError(_("Biểu mẫu không có chỉ tiêu này."))
    ind = values_.indicator_of(item)
    if value is not None:
        if ind is not None and ind.rollup != "sum":
            raise ValidationError(_("Chỉ tiêu này là tỷ lệ tính từ các số khác: không nhập được."))
        if value < 0:
            raise ValidationError(_("Số liệu không được âm."))
        if value > MAX_VALUE or (
            item.value_type == ValueType.PERCENT and ind is None and value > 100
        ):
            raise ValidationError(_("Số liệu quá lớn."))
    row, _created = ReportValue.objects.update_or_create(
        report=report,
        code=code,
        defaults={"value": value, "note": note.strip(), "updated_by": user_or_none(actor)},
    )
    audit.record(
        actor=actor,
        action="reporting.value",
        unit=report.unit,
        obj=report,
        data={"code": code, "value": value, "note": note.strip()[:200]},
    )
    return row


# --- Checking and submitting --------------------------------------------------------------------


def report_lines(report: Report) -> list[values_.Line]:
    items = items_for(report.form, report.unit)
    period = Period(report.form.period_type, report.start, report.end, "")
    figs = values_.figures(items, [report.unit], period).get(report.unit.pk, {})
    return values_.lines(report, items, figs)


def problems(report: Report, lines: Sequence[values_.Line] | None = None) -> list[rules_.Problem]:
    """The rules the report breaks now (the previous period's report for the jump rules)."""
    lines = report_lines(report) if lines is None else lines
    period = Period(report.form.period_type, report.start, report.end, "")
    previous: dict[str, float | None] = {}
    if any(r.op == "jump" for r in report.form.rules.all()):
        before = Report.objects.filter(
            form=report.form, unit=report.unit, start=period.previous().start
        ).first()
        if before is not None:
            previous = values_.effective(report_lines(before))
    notes = {line.item.code: line.note for line in lines}
    return rules_.check(list(report.form.rules.all()), values_.effective(lines), notes, previous)


def _publish(reports: Sequence[Report]) -> None:
    """A yearly report's typed numbers to the figures (indicators.ReportedValue)."""
    by_year: dict[int, dict[int, dict[str, int]]] = {}
    wanted = [r for r in reports if r.form.period_type == "year"]
    if not wanted:
        return
    typed: dict[int, dict[str, int]] = {r.pk: {} for r in wanted}
    for report_id, code, value in ReportValue.objects.filter(
        report__in=wanted, value__isnull=False
    ).values_list("report_id", "code", "value"):
        if value is not None:
            typed[report_id][code] = value
    for r in wanted:
        mine = typed[r.pk]
        if r.unit.kind == UnitKind.BASE and r.submitted_at is not None:
            # For the indicator "bases reporting on time" (a number only reported, summed up).
            mine[ON_TIME_CODE] = int(timezone.localtime(r.submitted_at).date() <= r.due_on)
        by_year.setdefault(r.start.year, {})[r.unit_id] = mine
    for year, units_values in by_year.items():
        replace_reported_values(units_values=units_values, year=year, source=SOURCE)


def _event(report: Report, action: str, actor, level: Unit | None = None, comment: str = ""):
    return ReportEvent(
        report=report, action=action, level=level, actor=user_or_none(actor), comment=comment
    )


@transaction.atomic
def submit_report(*, actor, report: Report) -> Report:
    """Submit to the level above: refused while a rule gives an error or a warning has no note."""
    report = Report.objects.select_for_update().select_related("form", "unit").get(pk=report.pk)
    _check_editable(report)
    blocking = [p for p in problems(report) if p.blocks]
    if blocking:
        messages = [
            (
                p.message
                if p.error
                else _("%(message)s — cần ghi chú giải thích") % {"message": p.message}
            )
            for p in blocking
        ]
        raise ValidationError(messages)
    report.status = Status.SUBMITTED
    report.step = 0
    report.submitted_at = timezone.now()
    report.submitted_by = user_or_none(actor)
    report.comment = ""
    report.save(update_fields=["status", "step", "submitted_at", "submitted_by", "comment"])
    _event(report, Action.SUBMIT, actor, report.unit).save()
    _publish([report])
    if not approver_units(report):  # nobody above approves this form: final at once
        _finish([report], actor, timezone.now())
    audit.record(actor=actor, action="reporting.submit", unit=report.unit, obj=report)
    return report


# --- Approving ----------------------------------------------------------------------------------


def _lock(report: Report, actor, now) -> PeriodLock:
    return PeriodLock(
        unit_id=report.unit_id,
        start=report.start,
        end=report.end,
        label=Period(report.form.period_type, report.start, report.end, "").label,
        source=f"reporting.report:{report.pk}",
        locked_by=user_or_none(actor),
        locked_at=now,
    )


def _finish(reports: Sequence[Report], actor, now) -> None:
    for r in reports:
        r.status = Status.APPROVED
        r.approved_at = now
    Report.objects.bulk_update(reports, ["status", "approved_at"])


@transaction.atomic
def approve_reports(*, actor, reports: Sequence[Report], comment: str = "") -> int:
    """Approve submitted reports at their next level (the actor manages that level's unit). The
    first approval locks the period for the unit's subtree (org.PeriodLock); the last makes the
    report approved. Returns the number approved."""
    ids = [r.pk for r in reports]
    todo = list(
        Report.objects.select_for_update()
        .filter(pk__in=ids)
        .select_related("form", "unit")
        .order_by("pk")
    )
    now = timezone.now()
    locks, events, done, finished = [], [], [], []
    chains = _chains(todo)
    for r in todo:
        chain = chains[r.pk]
        if r.status != Status.SUBMITTED or r.step >= len(chain):
            raise ValidationError(
                _("Báo cáo %(unit)s không ở trạng thái chờ duyệt.") % {"unit": r.unit.name}
            )
        level = chain[r.step]
        if not has_perm_on(actor, level, "manage"):
            raise PermissionDenied(
                _("Bạn cần quyền quản lý ở %(unit)s để duyệt báo cáo này.") % {"unit": level.name}
            )
        if r.step == 0:
            locks.append(_lock(r, actor, now))
        r.step += 1
        events.append(_event(r, Action.APPROVE, actor, level, comment))
        done.append(r)
        if r.step >= len(chain):
            finished.append(r)
    Report.objects.bulk_update(done, ["step"])
    _finish(finished, actor, now)
    PeriodLock.objects.bulk_create(locks)
    ReportEvent.objects.bulk_create(events)
    _publish(done)  # the dashboards read what was approved (their refresh follows the marks)
    audit.record(
        actor=actor,
        action="reporting.approve",
        unit=done[0].unit if len(done) == 1 else None,
        obj=done[0] if len(done) == 1 else None,
        data={"reports": [r.pk for r in done], "locked": len(locks), "comment": comment[:200]},
    )
    return len(done)


def approve_report(*, actor, report: Report, comment: str = "") -> Report:
    approve_reports(actor=actor, reports=[report], comment=comment)
    report.refresh_from_db()
    return report


def _chains(reports: Sequence[Report]) -> dict[int, list[Unit]]:
    """The approver units of every report, with the ancestors read once for all."""
    paths = {
        r.unit.path[:i]
        for r in reports
        for i in range(Unit.steplen, len(r.unit.path), Unit.steplen)
    }
    by_path = {u.path: u for u in Unit.objects.filter(path__in=paths)}
    out = {}
    for r in reports:
        p = r.unit.path
        above = [
            by_path[p[:i]] for i in range(Unit.steplen, len(p), Unit.steplen) if p[:i] in by_path
        ]
        chain = []
        for kind in r.form.approvers or []:
            found = [a for a in above if a.kind == kind]
            if found:
                chain.append(found[-1])  # the nearest unit of that kind above
        out[r.pk] = chain
    return out


def _end_locks(report: Report, actor, reason: str) -> int:
    return PeriodLock.objects.filter(
        source=f"reporting.report:{report.pk}", reopened_at__isnull=True
    ).update(reopened_at=timezone.now(), reopened_by=user_or_none(actor), reopen_reason=reason)


@transaction.atomic
def return_report(*, actor, report: Report, comment: str) -> Report:
    """Send a submitted report back to its unit with a comment (the level due to approve it)."""
    report = Report.objects.select_for_update().select_related("form", "unit").get(pk=report.pk)
    if not comment.strip():
        raise ValidationError(_("Ghi rõ lý do trả lại."))
    level = next_approver(report)
    if level is None:
        raise ValidationError(_("Báo cáo không ở trạng thái chờ duyệt."))
    if not has_perm_on(actor, level, "manage"):
        raise PermissionDenied(
            _("Bạn cần quyền quản lý ở %(unit)s để trả lại báo cáo này.") % {"unit": level.name}
        )
    _end_locks(report, actor, comment.strip())
    report.status = Status.RETURNED
    report.step = 0
    report.comment = comment.strip()
    report.save(update_fields=["status", "step", "comment"])
    _event(report, Action.RETURN, actor, level, comment.strip()).save()
    audit.record(
        actor=actor, action="reporting.return", unit=report.unit, obj=report,
        data={"comment": comment.strip()[:200]},
    )  # fmt: skip
    return report


@transaction.atomic
def reopen_report(*, actor, report: Report, reason: str) -> Report:
    """An approver reopens an approved period: its locks end, the unit may correct and submit
    again. Audited with the reason."""
    report = Report.objects.select_for_update().select_related("form", "unit").get(pk=report.pk)
    if not reason.strip():
        raise ValidationError(_("Ghi rõ lý do mở lại."))
    if report.step == 0 or report.status not in (Status.APPROVED, Status.SUBMITTED):
        raise ValidationError(_("Chỉ mở lại được báo cáo đã duyệt."))
    if not can_reopen(actor, report):
        raise PermissionDenied(_("Chỉ cấp đã duyệt báo cáo mới mở lại được."))
    ended = _end_locks(report, actor, reason.strip())
    report.status = Status.REOPENED
    report.step = 0
    report.approved_at = None
    report.comment = reason.strip()
    report.save(update_fields=["status", "step", "approved_at", "comment"])
    _event(report, Action.REOPEN, actor, None, reason.strip()).save()
    audit.record(
        actor=actor, action="reporting.reopen", unit=report.unit, obj=report,
        data={"reason": reason.strip()[:200], "locks_ended": ended},
    )  # fmt: skip
    return report


# --- A province's own items ---------------------------------------------------------------------


@transaction.atomic
def add_item(
    *, actor, form: ReportForm, unit: Unit, name: str, value_type: str, section: str = ""
) -> FormItem:
    """An item ``unit`` (an approving level: a province) adds to ``form`` for its own subtree: a
    number only reported, shown to its units and to it, to nobody else."""
    from core.text import nfc

    if not has_perm_on(actor, unit, "manage"):
        raise PermissionDenied(_("Bạn cần quyền quản lý ở đơn vị này để thêm chỉ tiêu."))
    if unit.kind not in (form.approvers or []):
        raise ValidationError(_("Chỉ cấp duyệt biểu mẫu này mới thêm được chỉ tiêu riêng."))
    name = nfc(name).strip()
    if not name:
        raise ValidationError(_("Hãy ghi tên chỉ tiêu."))
    if value_type not in ValueType.values:
        raise ValidationError(_("Kiểu số không hợp lệ."))
    n = FormItem.objects.filter(form=form, unit=unit).count() + 1
    last = form.items.order_by("-position").values_list("position", flat=True).first() or 0
    item = FormItem.objects.create(
        form=form, unit=unit, code=f"u{unit.pk}-{n}", name=name[:255],
        section=nfc(section).strip()[:120], value_type=value_type, position=last + 1,
    )  # fmt: skip
    audit.record(
        actor=actor, action="reporting.item", unit=unit, obj=form,
        data={"code": item.code, "name": item.name, "value_type": value_type},
    )  # fmt: skip
    return item
