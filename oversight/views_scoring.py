"""Emulation scoring pages: a unit's sheets, a base's assessment (self-assessment on a phone,
then the review and the final recognition by the level above), the ranking tables."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core.forms import bound_data, run_service
from org.models import Unit, UnitKind

from . import selectors, services
from .forms import ReturnForm, ReviewForm
from .models import AssessmentStatus, Method, Score
from .presets import create_seed000_sheet
from .scoring import leaves, score_sheet
from .views import _NEED_EDIT, nav


@login_required
@require_POST
def preset_sheet(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(request.user, unit, "edit", _NEED_EDIT)
    try:
        year = int(request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    sheet = create_seed000_sheet(actor=request.user, unit=unit, year=year)
    score_sheet(sheet)
    messages.success(request, _("Đã ban hành bảng điểm và chấm tự động các tiêu chí từ số liệu."))
    return redirect("oversight:ranking", unit.pk, sheet.pk)


@login_required
@require_POST
def rescore(request, pk: int, sheet: int):
    unit = get_unit_for_user(request.user, pk)
    s = selectors.get_sheet_for_user(request.user, sheet)
    if s.unit_id != unit.pk:
        raise_404()
    require_perm_on(request.user, unit, "edit", _NEED_EDIT)
    n = score_sheet(s)
    messages.success(request, _("Đã chấm tự động %(n)d bản chấm điểm.") % {"n": n})
    return redirect("oversight:ranking", unit.pk, s.pk)


def raise_404():
    from django.http import Http404

    raise Http404


@login_required
@require_GET
def ranking(request, pk: int, sheet: int):
    """The bases of ``pk`` (a province, a district) assessed on the sheet, best first."""
    unit = get_unit_for_user(request.user, pk)
    s = selectors.get_sheet_for_user(request.user, sheet)
    if not unit.path.startswith(s.unit.path) and not s.unit.path.startswith(unit.path):
        raise_404()
    rows = selectors.ranking(s, unit)
    names = selectors.class_names(s)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.classification] = counts.get(r.classification, 0) + 1
    context = nav(
        request, unit, section="scoring", sheet=s, rows=rows, names=names,
        counts=[(names[c], counts.get(c, 0)) for c in names], can_score=s.unit_id == unit.pk and has_perm_on(request.user, unit, "edit"),
        statuses=dict(AssessmentStatus.choices),
    )  # fmt: skip
    return render(request, "oversight/ranking.html", context)


def _tree(a, post=None) -> list[tuple]:
    """(criterion, depth, score or None, leaf, points typed, evidence typed) in the sheet's
    order; what was typed comes back from ``post`` when a save was refused."""
    crits = list(a.sheet.criteria.all())
    scores = {
        s.criterion_id: s for s in Score.objects.filter(assessment=a).prefetch_related("changes")
    }
    kids: dict = {}
    for c in crits:
        kids.setdefault(c.parent_id, []).append(c)
    out: list[tuple] = []

    def walk(parent, depth):
        for c in kids.get(parent, []):
            s = scores.get(c.pk)
            pts = post.get(f"points_{c.pk}", "") if post else (str(s.points) if s else "")
            ev = post.get(f"evidence_{c.pk}", "") if post else (s.evidence if s else "")
            out.append((c, depth, s, c.pk not in kids, pts, ev))
            walk(c.pk, depth + 1)

    walk(None, 0)
    return out


def _self_scores(request, a) -> list[str]:
    """Save every manual criterion posted (points_<id>, evidence_<id>); the errors by criterion."""
    errors = []
    for c in leaves(a.sheet):
        if c.method != Method.MANUAL or f"points_{c.pk}" not in request.POST:
            continue
        raw = request.POST.get(f"points_{c.pk}", "").strip().replace(",", ".")
        if raw == "":
            continue
        try:
            pts = Decimal(raw)
        except InvalidOperation:
            errors.append(f"{c}: " + _("Điểm phải là một số."))
            continue
        try:
            services.set_self_score(actor=request.user, assessment=a, criterion=c, points=pts,
                                    evidence=request.POST.get(f"evidence_{c.pk}", "")[:2000])  # fmt: skip
        except ValidationError as exc:
            errors.append(f"{c}: " + " ".join(exc.messages))
    return errors


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request, assessment: int):
    a = selectors.get_assessment_for_user(request.user, assessment)
    parent = Unit.objects.get_parent(a.unit)
    can_self = has_perm_on(request.user, a.unit, "edit") and a.status == AssessmentStatus.DRAFT
    can_review = parent is not None and has_perm_on(request.user, parent, "edit") and a.status in (AssessmentStatus.SUBMITTED, AssessmentStatus.REVIEWED)  # fmt: skip
    errors: list[str] = []
    review = ReviewForm(request.POST if request.POST.get("action") == "review" else None)
    send_back = ReturnForm(request.POST if request.POST.get("action") == "return" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("save", "submit"):
            require_perm_on(request.user, a.unit, "edit", _NEED_EDIT)
            with transaction.atomic():
                errors = _self_scores(request, a)
            if not errors and action == "submit":
                try:
                    services.submit_assessment(actor=request.user, assessment=a)
                except ValidationError as exc:
                    errors = exc.messages
            if not errors:
                messages.success(request, _("Đã gửi bản tự chấm lên cấp trên.") if action == "submit" else _("Đã lưu điểm tự chấm."))  # fmt: skip
                return redirect("oversight:assessment", a.pk)
        elif action == "return":
            if run_service(send_back, lambda: services.return_assessment(actor=request.user, assessment=a, reason=send_back.cleaned_data["reason"])) is not None:  # fmt: skip
                messages.success(request, _("Đã trả lại bản tự chấm để cơ sở chấm lại."))
                return redirect("oversight:assessment", a.pk)
        elif action in ("review", "final"):
            if action == "final":
                try:
                    services.finalise(actor=request.user, assessment=a)
                    messages.success(request, _("Đã công nhận kết quả."))
                    return redirect("oversight:assessment", a.pk)
                except ValidationError as exc:
                    errors = exc.messages
            else:
                crit = next((c for c in leaves(a.sheet) if review.is_valid() and c.pk == review.cleaned_data["criterion"]), None)  # fmt: skip
                if crit is not None and run_service(review, lambda: services.review_score(
                    actor=request.user, assessment=a, criterion=crit,
                    points=review.cleaned_data["points"], comment=review.cleaned_data["comment"])) is not None:  # fmt: skip
                    messages.success(request, _("Đã ghi điểm thẩm định."))
                    return redirect("oversight:assessment", a.pk)
        a.refresh_from_db()
    names = selectors.class_names(a.sheet)
    context = nav(
        request, a.unit, section="scoring", a=a, rows=_tree(a, request.POST if errors else None), can_self=can_self,
        can_review=can_review, errors=errors, review=review, send_back=send_back, class_name=names.get(a.classification, ""),
        statuses=dict(AssessmentStatus.choices), methods=dict(Method.choices),
        parent=parent, is_above=parent is not None and parent.kind != UnitKind.CENTRAL,
    )  # fmt: skip
    return render(request, "oversight/assessment.html", context)


@login_required
@require_GET
def scoring(request, pk: int):
    """The unit's sheets (issued by it or above), its own assessments and the ranking links."""
    unit = get_unit_for_user(request.user, pk)
    sheets = list(selectors.sheets_for(unit)[:20])
    own = {a.sheet_id: a for a in selectors.Assessment.objects.filter(unit=unit, sheet__in=sheets)}
    context = nav(request, unit, section="scoring", sheets=[(s, own.get(s.pk)) for s in sheets],
                  year=timezone.localdate().year, statuses=dict(AssessmentStatus.choices),
                  is_base=unit.kind == UnitKind.BASE, bound=bound_data(request))  # fmt: skip
    return render(request, "oversight/scoring.html", context)
