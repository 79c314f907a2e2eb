"""Dashboard of a unit, its table as xlsx, denominators, plans and targets, book reviews."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.access import get_unit_for_user, require_perm_on
from core.forms import bound_data, run_and_tell, run_service
from dues import selectors as dues_selectors
from funds import selectors as funds_selectors
from members.models import Membership
from members.selectors import category_names
from org.models import Unit, UnitKind
from org.selectors import unit_nav

from . import exports, html, selectors, services
from .catalogue import BY_CODE, available, format_value
from .figures import period_end
from .forms import DenominatorsForm, ImportForm, PlanForm, ReviewForm, TargetForm, YearForm
from .models import Denominator, DenominatorKind

_NEED_EDIT = gettext_lazy("Bạn cần quyền nhập liệu ở đơn vị này.")
_NEED_MANAGE = gettext_lazy("Bạn cần quyền quản lý ở đơn vị này để ban hành chỉ tiêu.")


def _chart_data(d: selectors.Dashboard, names: dict[str, str], strip: str = "") -> dict:
    stored = d.indicators
    return {
        # Titles of the top/bottom charts: "%(n)s" is the number of units shown.
        "text": {
            "top": _("%(n)s đơn vị cao nhất"),
            "bottom": _("%(n)s đơn vị thấp nhất"),
            "all": _("Các đơn vị trực thuộc, từ cao đến thấp"),
        },
        "indicators": [
            {"code": i.code, "name": names[i.code], "unit": str(i.unit)} for i in stored
        ],
        "children": [r.unit.name[len(strip) :] for r in d.children],
        "values": {i.code: [r.cells[i.code].value for r in d.children] for i in stored},
        "years": [y for y, _v in d.trend],
        "trend": {i.code: [v[i.code] for _y, v in d.trend] for i in stored},
    }


def _names(rows: list[selectors.Row]) -> str:
    """The units' names, escaped, joined by commas ("—" for none)."""
    return mark_safe(", ".join(escape(r.unit.name) for r in rows) or "—")  # noqa: S308


@login_required
@require_http_methods(["GET"])
def dashboard(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    form = YearForm(request.GET or None)
    d = selectors.dashboard(unit, form.chosen_year())
    sort = request.GET.get("sort", "")
    desc = request.GET.get("dir") == "desc"
    if sort == "name":
        children = d.children[::-1] if desc else d.children  # already in Vietnamese order
    elif sort in BY_CODE:
        children = selectors.sort_rows(d.children, sort, desc)
    else:
        children = d.children
    with_targets = []
    for ind in d.indicators:
        if ind.code not in d.targeted:  # no child has a target for it: no lookup per row
            continue
        met = [r for r in d.children if r.cells[ind.code].status == selectors.GREEN]
        not_met = [
            r for r in d.children if r.cells[ind.code].status in (selectors.AMBER, selectors.RED)
        ]
        with_targets.append((ind, met, not_met, _names(met), _names(not_met)))
    cats = d.categories
    order = [i.code for i in d.indicators]
    names = {i.code: str(i.name) for i in d.indicators}  # translated once, not once per cell
    # The table's columns: those picked (?col=…, in the catalogue's order), else all of them.
    picked = set(request.GET.getlist("col")) & set(order)
    shown = [c for c in order if c in picked] or order
    keep_query = "".join(f"&col={c}" for c in shown) if picked else ""
    strip = html.common_prefix([r.unit.name for r in children])
    stored = d.indicators
    context = unit_nav(request.user, unit) | {
        "form": form,
        "d": d,
        "table": [(r, [r.cells[c] for c in shown]) for r in children],
        "cards_html": html.cards([d.own.cells[c] for c in order]),
        "head_html": html.table_head(
            shown, names, d.year, sort, desc, keep_query.replace("&", "&amp;")
        ),
        "rows_html": html.table_rows(children, shown, d.year, strip),
        "strip": strip.strip(),
        "total_html": html.total_row(d.own, shown),
        "columns": [(c, names[c], c in shown) for c in order],
        "columns_picked": bool(picked),
        "n_shown": len(shown),
        "sort": sort,
        "desc": desc,
        "keep_query": keep_query,
        "name_dir": "desc" if sort == "name" and not desc else "asc",
        "stored": [(i.code, names[i.code]) for i in stored],
        "trend_years": [y for y, _v in d.trend],
        "trend_html": html.trend_rows(
            [(names[i.code], [format_value(i, v[i.code]) for _y, v in d.trend]) for i in stored]
        ),
        "with_targets": with_targets,
        "chart_data": _chart_data(d, names, strip),
        "breakdown_html": [html.breakdown(cats.get(c, c), b) for c, b in d.breakdown.items()],
        "review_form": ReviewForm(categories=cats) if unit.kind == UnitKind.BASE else None,
        "here_is_subpage": _("Chỉ tiêu"),
    }
    return render(request, "indicators/dashboard.html", context)


@login_required
@require_http_methods(["GET"])
def glance(request, pk: int):
    """A unit's figures at a glance on its overview (loaded there by htmx): members by category,
    this year's dues collection rate and the humanitarian fund's balance, each linking to its
    page. Read live from the apps' selectors, not from the yearly figures: today's numbers."""
    unit = get_unit_for_user(request.user, pk)
    today = timezone.localdate()
    names = category_names()
    counts = dict(
        Membership.objects.in_subtree_on(unit, today)
        .active_on(today)
        .order_by()
        .values_list("category")
        .annotate(n=Count("pk"))
    )
    members = [(names.get(code, code), counts[code]) for code in names if counts.get(code)]
    members += [(code, n) for code, n in counts.items() if code not in names]
    has_children = funds_selectors.has_subunits(unit)
    context = {
        "unit": unit,
        "year": today.year,
        "members": members,
        "rate": dues_selectors.unit_rate(unit, today.year, today),
        "fund": funds_selectors.balance(unit, today),
        "fund_subtree": funds_selectors.balance(unit, today, subtree=True)
        if has_children
        else None,
    }
    return render(request, "indicators/_glance.html", context)


@login_required
@require_http_methods(["GET"])
def export_xlsx(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    d = selectors.dashboard(unit, YearForm(request.GET or None).chosen_year())
    response = HttpResponse(exports.table_xlsx(d), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-{unit.pk}-{d.year}.xlsx"'
    return response


def _denominator_units(unit: Unit, year: int) -> list[Unit]:
    return [unit, *selectors.children_on(unit, period_end(year))]


@login_required
@require_http_methods(["GET", "POST"])
def denominators(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    year = YearForm(request.GET or None).chosen_year()
    units = _denominator_units(unit, year)
    initial = {
        (d.unit_id, d.kind): d.value for d in Denominator.objects.filter(unit__in=units, year=year)
    }
    form = DenominatorsForm(bound_data(request), units=units, initial_values=initial)
    if request.method == "POST":
        require_perm_on(request.user, unit, "edit", _NEED_EDIT)

        def save():
            for u in units:
                services.set_denominators(
                    actor=request.user, unit=u, year=year, values=form.values_of(u)
                )
            return True

        if run_service(form, save):
            messages.success(request, _("Đã lưu mẫu số năm %(year)s.") % {"year": year})
            return redirect(f"{request.path}?year={year}")
    context = unit_nav(request.user, unit) | {
        "form": form,
        "year": year,
        "year_form": YearForm({"year": year}),
        "kinds": DenominatorKind.choices,
        "import_form": ImportForm(),
        "here_is_subpage": _("Mẫu số"),
    }
    return render(request, "indicators/denominators.html", context)


@login_required
@require_http_methods(["GET"])
def denominators_template(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    year = YearForm(request.GET or None).chosen_year()
    data = exports.denominator_template(_denominator_units(unit, year), year)
    response = HttpResponse(data, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-so-{unit.pk}-{year}.xlsx"'
    return response


@login_required
@require_http_methods(["POST"])
def denominators_import(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(request.user, unit, "edit", _NEED_EDIT)
    form = ImportForm(request.POST, request.FILES)
    back = redirect("indicators:denominators", unit.pk)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn một tệp Excel."))
        return back
    try:
        rows = exports.read_denominators(form.cleaned_data["file"].read())
    except ValueError as e:
        messages.error(
            request,
            _("Không đọc được dòng %(line)s của tệp.") % {"line": e.args[0] if e.args else "?"},
        )
        return back
    except Exception:  # not a spreadsheet at all
        messages.error(request, _("Tệp không phải là bảng tính Excel (.xlsx)."))
        return back
    units = {
        u.pk: u
        for u in Unit.objects.visible_to(request.user, "edit").filter(
            pk__in=[r["unit_id"] for r in rows], path__startswith=unit.path
        )
    }
    missing = [r["line"] for r in rows if r["unit_id"] not in units]
    if missing:
        messages.error(
            request,
            _("Dòng %(lines)s: đơn vị không thuộc phạm vi được nhập liệu.")
            % {"lines": ", ".join(map(str, missing))},
        )
        return back
    try:
        n = services.import_denominators(
            actor=request.user,
            unit=unit,
            rows=[
                {"unit": units[r["unit_id"]], "year": r["year"], "values": r["values"]}
                for r in rows
            ],
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return back
    messages.success(request, _("Đã nhập mẫu số cho %(n)s đơn vị.") % {"n": n})
    return back


@login_required
@require_http_methods(["GET", "POST"])
def plans(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    indicators = available()
    form = PlanForm(bound_data(request), indicators=indicators)
    if request.method == "POST":
        require_perm_on(request.user, unit, "manage", _NEED_MANAGE)
        plan = run_service(
            form,
            lambda: services.create_plan(
                actor=request.user,
                unit=unit,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
                title=form.cleaned_data["title"],
                start_year=form.cleaned_data["start_year"],
                end_year=form.cleaned_data["end_year"],
                note=form.cleaned_data["note"],
                targets=form.targets(),
            ),
        )
        if plan is not None:
            messages.success(request, _("Đã lưu văn bản số %(n)s.") % {"n": plan.number})
            return redirect("indicators:plans", unit.pk)
    context = unit_nav(request.user, unit) | {
        "form": form,
        "plans": selectors.plans_for(unit),
        "names": {i.code: i.name for i in indicators},
        "here_is_subpage": _("Nghị quyết, kế hoạch"),
    }
    return render(request, "indicators/plans.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_target(request, pk: int, plan_pk: int):
    """Give one unit of the plan's subtree its own target (overrides the inherited one)."""
    unit = get_unit_for_user(request.user, pk)
    plan = selectors.get_plan_for_user(request.user, unit, plan_pk)
    units = [unit, *selectors.children_on(unit, period_end(plan.end_year))]
    units = [u for u in units if u.path.startswith(plan.unit.path)]
    form = TargetForm(bound_data(request), units=units, indicators=available())
    if request.method == "POST":
        require_perm_on(request.user, plan.unit, "manage", _NEED_MANAGE)
        done = run_service(
            form,
            lambda: services.set_target(
                actor=request.user,
                plan=plan,
                indicator=form.cleaned_data["indicator"],
                low=form.cleaned_data["low"],
                high=form.cleaned_data["high"],
                unit=next(u for u in units if u.pk == form.cleaned_data["unit"]),
            ),
        )
        if done is not None:
            messages.success(request, _("Đã giao chỉ tiêu."))
            return redirect("indicators:plans", unit.pk)
    context = unit_nav(request.user, unit) | {
        "form": form,
        "plan": plan,
        "here_is_subpage": _("Giao chỉ tiêu"),
    }
    return render(request, "indicators/plan_target.html", context)


@login_required
@require_http_methods(["POST"])
def book_review(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(request.user, unit, "edit", _NEED_EDIT)
    form = ReviewForm(request.POST, categories=category_names())
    run_and_tell(
        request,
        form,
        lambda: services.record_book_review(
            actor=request.user,
            unit=unit,
            category=form.cleaned_data["category"],
            reviewed_on=form.cleaned_data["reviewed_on"],
        ),
        _("Đã ghi nhận rà soát sổ."),
    )
    return redirect("indicators:dashboard", unit.pk)
