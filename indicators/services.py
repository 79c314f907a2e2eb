"""Writes of the indicators app: change marks, denominators, plans and targets, book reviews.

Every other app tells this one that figures changed with ``core.marks.note_changed``, inside its
own transaction; IndicatorsConfig.ready registers :func:`note_changed` there: a row per unit in
DirtyUnit, and after the commit one refresh task is queued (the refresh itself is
indicators.figures.refresh_dirty). A rolled-back write leaves no mark.
"""

import datetime
import logging
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.audit import user_or_none
from core.text import nfc
from members.models import Membership
from org.models import Unit, UnitKind
from org.terms import Terms

from .catalogue import BY_CODE, profile_settings
from .models import BookReview, Denominator, DenominatorKind, DirtyUnit, Plan, Target

log = logging.getLogger(__name__)


# --- Change marks -------------------------------------------------------------------------------


def note_changed(
    *,
    unit_ids: Iterable[int | None] = (),
    unit_paths: Iterable[str] = (),
    person_ids: Iterable[int] = (),
    since: datetime.date,
) -> None:
    """Figures of these units changed from ``since`` on (imports and demo data pass the paths of
    the units they wrote to and the earliest date they wrote; a dues receipt or exemption passes
    its person, whose memberships' units count it wherever it was recorded). Call inside the
    write's transaction; the refresh runs after the commit."""
    ids = {i for i in unit_ids if i is not None}
    paths = [p for p in unit_paths if p]
    if paths:
        ids |= set(Unit.objects.filter(path__in=paths).values_list("pk", flat=True))
    persons = sorted(set(person_ids))
    if persons:
        ids |= set(
            Membership.objects.filter(person_id__in=persons)
            .order_by()
            .values_list("unit_id", flat=True)
            .distinct()
        )
    if not ids:
        return
    DirtyUnit.objects.bulk_create([DirtyUnit(unit_id=i, since=since) for i in sorted(ids)])
    transaction.on_commit(enqueue_refresh, robust=True)


def _refresh_pending(task) -> bool:
    """A refresh already queued and not yet started will see this commit's marks too."""
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend != "django_tasks_db.DatabaseBackend":
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(task_path=task.module_path).exists()


def enqueue_refresh() -> None:
    from .tasks import refresh_indicators

    if not _refresh_pending(refresh_indicators):
        refresh_indicators.enqueue()


# --- Denominators -------------------------------------------------------------------------------


def _check_year(year: int) -> None:
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError(_("Năm không hợp lệ."))


PLAN_AHEAD_YEARS = 5  # a plan may start this many years ahead (the next term's resolution)
PLAN_LONGEST_YEARS = 25  # a strategy "to 2030, with a vision to 2045"


def _check_plan_years(start_year: int, end_year: int) -> None:
    """A plan looks ahead: a term's resolution (2026–2030, 2026–2031) is issued before or in its
    first year, a strategy may reach decades further."""
    if not 2000 <= start_year <= timezone.localdate().year + PLAN_AHEAD_YEARS:
        raise ValidationError({"start_year": [_("Năm bắt đầu không hợp lệ.")]})
    if end_year < start_year:
        raise ValidationError({"end_year": [_("Năm kết thúc phải không trước năm bắt đầu.")]})
    if end_year > start_year + PLAN_LONGEST_YEARS:
        raise ValidationError(
            {"end_year": [_("Kế hoạch dài quá %(n)d năm.") % {"n": PLAN_LONGEST_YEARS}]}
        )


def _check_denominator_year(year: int, unit: Unit, terms: Terms | None = None) -> None:
    """Under a profile that fixes denominators for a term, they are entered for the first year
    of the term the year falls in (a recorded congress term of the unit's level); a year no
    recorded term covers takes its own."""
    if not profile_settings().fixed_for_term:
        return
    term = (terms or Terms()).of(year, unit.kind)
    if term is not None and year != term.start_year:
        raise ValidationError(
            _(
                "Mẫu số được giữ cố định trong nhiệm kỳ %(term)s: hãy nhập cho năm đầu nhiệm kỳ "
                "(%(start)s)."
            )
            % {"term": term.label, "start": term.start_year}
        )


def _set(unit: Unit, year: int, values: dict[str, int | None], actor) -> dict[str, int | None]:
    changed: dict[str, int | None] = {}
    existing = {
        d.kind: d for d in Denominator.objects.select_for_update().filter(unit=unit, year=year)
    }
    for kind, value in values.items():
        if kind not in DenominatorKind.values:
            raise ValidationError(_("Loại mẫu số không hợp lệ."))
        if value is not None and value < 0:
            raise ValidationError(_("Mẫu số không được âm."))
        old = existing.get(kind)
        if value is None:
            if old is not None:
                old.delete()  # a blank cell clears a mistaken entry; the audit keeps the value
                changed[kind] = None
        elif old is None or old.value != value:
            Denominator.objects.update_or_create(
                unit=unit,
                year=year,
                kind=kind,
                defaults={
                    "value": value,
                    "updated_by": user_or_none(actor),
                },
            )
            changed[kind] = value
    return changed


@transaction.atomic
def set_denominators(*, actor, unit: Unit, year: int, values: dict[str, int | None]) -> dict:
    """Enter the denominators of ``unit`` for ``year`` (None clears one). Returns what changed."""
    _check_year(year)
    _check_denominator_year(year, unit)
    changed = _set(unit, year, values, actor)
    if changed:
        audit.record(
            actor=actor,
            action="indicators.denominators.set",
            unit=unit,
            data={"year": year, "values": changed},
        )
        note_changed(unit_ids=[unit.pk], since=datetime.date(year, 1, 1))
    return changed


@transaction.atomic
def import_denominators(*, actor, unit: Unit, rows: list[dict]) -> int:
    """Rows ``{"unit": Unit, "year": int, "values": {...}}`` read from a spreadsheet, all units in
    ``unit``'s subtree (the caller checks the user's rights): all or nothing."""
    changed_units = []
    terms = Terms()
    for row in rows:
        _check_year(row["year"])
        _check_denominator_year(row["year"], row["unit"], terms)
        if not row["unit"].path.startswith(unit.path):
            raise ValidationError(_("Có đơn vị không thuộc %(unit)s.") % {"unit": unit.name})
        if _set(row["unit"], row["year"], row["values"], actor):
            changed_units.append(row["unit"].pk)
    if changed_units:
        audit.record(
            actor=actor,
            action="indicators.denominators.import",
            unit=unit,
            data={"rows": len(rows), "units": sorted(set(changed_units))},
        )
        note_changed(
            unit_ids=changed_units, since=datetime.date(min(r["year"] for r in rows), 1, 1)
        )
    return len(changed_units)


# --- Plans and targets --------------------------------------------------------------------------


def _clean_target(indicator: str, low, high) -> tuple[Decimal, Decimal | None]:
    if indicator not in BY_CODE:
        raise ValidationError(
            _("Chỉ tiêu “%(code)s” không có trong danh mục.") % {"code": indicator}
        )
    low = Decimal(str(low))
    high = None if high in (None, "") else Decimal(str(high))
    if high is not None and high < low:
        raise ValidationError(_("Mức tối đa phải không nhỏ hơn mức tối thiểu."))
    return low, high


@transaction.atomic
def create_plan(
    *,
    actor,
    unit: Unit,
    number: str,
    issued_on: datetime.date,
    title: str,
    start_year: int,
    end_year: int,
    note: str = "",
    targets: Iterable[dict] = (),
) -> Plan:
    """A plan or resolution of ``unit`` for a year (start = end) or a term, with its targets
    (``{"indicator", "low", "high"?, "unit"?}``; a target's unit defaults to the plan's)."""
    number, title = nfc(number), nfc(title)
    if not number or not title:
        raise ValidationError(_("Cần ghi số và trích yếu của văn bản."))
    _check_plan_years(start_year, end_year)
    if issued_on > timezone.localdate():
        raise ValidationError(_("Ngày ban hành không được sau ngày hôm nay."))
    plan = Plan.objects.create(
        unit=unit,
        number=number,
        issued_on=issued_on,
        title=title,
        start_year=start_year,
        end_year=end_year,
        note=nfc(note),
        created_by=user_or_none(actor),
    )
    written = [_put_target(plan, t) for t in targets]
    audit.record(
        actor=actor,
        action="indicators.plan.create",
        unit=unit,
        obj=plan,
        data={
            "number": number,
            "period": [start_year, end_year],
            "targets": [_target_data(t) for t in written],
        },
    )
    return plan


def _put_target(plan: Plan, t: dict) -> Target:
    target_unit = t.get("unit") or plan.unit
    if not target_unit.path.startswith(plan.unit.path):
        raise ValidationError(
            _("Chỉ tiêu chỉ giao được cho %(unit)s và đơn vị cấp dưới.") % {"unit": plan.unit.name}
        )
    low, high = _clean_target(t["indicator"], t["low"], t.get("high"))
    target, _created = Target.objects.update_or_create(
        plan=plan, unit=target_unit, indicator=t["indicator"], defaults={"low": low, "high": high}
    )
    return target


def _target_data(t: Target) -> dict:
    return {
        "indicator": t.indicator,
        "unit": t.unit_id,
        "low": str(t.low),
        "high": None if t.high is None else str(t.high),
    }


@transaction.atomic
def set_target(
    *, actor, plan: Plan, indicator: str, low, high=None, unit: Unit | None = None
) -> Target:
    """Add or change a target of ``plan``, for its unit or (overriding) one unit below it."""
    plan = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    target = _put_target(plan, {"indicator": indicator, "low": low, "high": high, "unit": unit})
    audit.record(
        actor=actor,
        action="indicators.target.set",
        unit=target.unit,
        obj=target,
        data={"plan": plan.pk, **_target_data(target)},
    )
    return target


# --- Book reviews -------------------------------------------------------------------------------


@transaction.atomic
def record_book_review(
    *, actor, unit: Unit, category: str, reviewed_on: datetime.date, note: str = ""
) -> BookReview:
    """A base confirms its book of ``category`` is up to date (counts for the review's year)."""
    from members.selectors import category_names

    if unit.kind != UnitKind.BASE:
        raise ValidationError(_("Chỉ Hội cơ sở xác nhận rà soát sổ."))
    if category not in category_names():
        raise ValidationError(_("Loại sổ không hợp lệ."))
    if reviewed_on > timezone.localdate():
        raise ValidationError(_("Ngày rà soát không được sau ngày hôm nay."))
    review = BookReview.objects.create(
        unit=unit,
        category=category,
        reviewed_on=reviewed_on,
        note=nfc(note),
        created_by=user_or_none(actor),
    )
    audit.record(
        actor=actor,
        action="indicators.book.review",
        unit=unit,
        obj=review,
        data={"category": category, "on": str(reviewed_on)},
    )
    note_changed(unit_ids=[unit.pk], since=reviewed_on)
    return review


# --- Reported values (written by the reporting app) ---------------------------------------------


def replace_reported_values(
    *, units_values: dict[int, dict[str, int]], year: int, source: str
) -> None:
    """The numbers units reported for ``year`` (``{unit id: {code: value}}``), replacing those
    ``source`` wrote before for these units; marks the units dirty. The caller (a reporting
    service) audits the write; call inside its transaction."""
    from .models import ReportedValue

    ids = list(units_values)
    # Derived from the reports (kept there): rewritten whole, not edited.
    ReportedValue.objects.filter(unit_id__in=ids, year=year, source=source).delete()
    ReportedValue.objects.bulk_create(
        [
            ReportedValue(unit_id=u, year=year, code=code, value=value, source=source)
            for u, vs in units_values.items()
            for code, value in vs.items()
        ],
        update_conflicts=True,
        unique_fields=["unit", "year", "code"],
        update_fields=["value", "source", "updated_at"],
        batch_size=2000,
    )
    note_changed(unit_ids=ids, since=datetime.date(year, 1, 1))
