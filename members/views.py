"""Register pages of a unit: the member list with filters and bulk actions, statistics, cadres."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, When
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core.formatting import format_date
from core.vn import ETHNIC_NAMES, FDRS_AGE_BANDS, RELIGIONS
from org.selectors import unit_nav

from . import selectors, services, transfers
from .forms_register import (
    ACTION_TRANSFER,
    AsOfForm,
    BulkForm,
    RegisterFilterForm,
    transfer_target_choices,
)
from .models import Cadre, CadrePosition, Membership, TransferRequest
from .selectors import RegisterFilter

PAGE_SIZE = 50
CADRE_PAGE_SIZE = 100


def _with_date(data: QueryDict) -> QueryDict:
    """A copy of the query with the as-of date set (today by default), for the date field."""
    data = data.copy()
    if not data.get("on"):
        data["on"] = timezone.localdate().isoformat()
    return data


@dataclass(frozen=True)
class RegisterRow:
    """A line of the register, its texts prepared here: fifty rows of template tags (URLs,
    translations, dates) were a measurable part of a search's time."""

    membership: Membership
    category_label: str
    person_url: str
    joined: str
    left: str  # the day the membership ended, when that is on or before the register's date
    select_label: str


def _category_labels() -> dict[str, str]:
    return {code: gettext(name) for code, name in selectors.category_names().items()}


def _register_context(
    request, unit, data: QueryDict, *, bulk=None, selected=(), rows_only=False
) -> dict:
    """Everything the register page (or, ``rows_only``, its rows partial) shows, for the
    filters in ``data``."""
    data = _with_date(data)
    page_number = data.pop("page", ["1"])[-1]
    labels = _category_labels()
    form = RegisterFilterForm(data, unit=unit, categories=labels, with_choices=not rows_only)
    f = form.to_filter()
    default = RegisterFilter(on=timezone.localdate())
    filters_open = bool(form.errors) or any(
        getattr(f, k) != getattr(default, k)
        for k in ("on", "status", "category", "sex", "age_band", "joined_year", "branch", "sort")
    )
    # (A search's matches are a short list of ids by now: its COUNT is cheap.)
    rows_found = selectors.register(request.user, unit, f, only=selectors.PAGE_COLUMNS)
    page = Paginator(rows_found, PAGE_SIZE).get_page(page_number)
    page.object_list = list(page.object_list)
    rows = [
        RegisterRow(
            m,
            labels.get(m.category, m.category),
            reverse("people:detail", args=[m.person_id]),
            format_date(m.joined_on),
            format_date(m.ended_on) if m.ended_on and m.ended_on <= f.on else "",
            gettext("Chọn %(name)s") % {"name": m.person.full_name},
        )
        for m in page.object_list
    ]
    can_edit = has_perm_on(request.user, unit, "edit")
    if can_edit and bulk is None and not rows_only:
        bulk = BulkForm(None, user=request.user)
    return {
        "form": form,
        "filter": f,
        "filters_open": filters_open,
        "on": f.on,
        "page": page,
        "rows": rows,
        "categories": labels,
        "can_edit": can_edit,
        "bulk": bulk,
        "selected": {str(i) for i in selected},
        "query": data.urlencode(),
        "here_is_subpage": _("Hội viên"),
    }


@login_required
@require_http_methods(["GET"])
def register(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    rows_only = bool(request.htmx and not request.htmx.history_restore_request)
    context = _register_context(request, unit, request.GET, rows_only=rows_only)
    if rows_only:
        response = render(request, "members/_register_rows.html", context | {"unit": unit})
    else:
        waiting = (
            transfers.incoming(request.user, unit)
            .filter(status=TransferRequest.Status.PENDING)
            .count()
        )
        context |= {"transfers_waiting": waiting}
        response = render(request, "members/register.html", unit_nav(request.user, unit) | context)
    # The same URL answers a page or its rows: caches must keep them apart (pushed URLs).
    patch_vary_headers(response, ["HX-Request"])
    return response


def _run_bulk(form: BulkForm, user, memberships: list[Membership]) -> int | None:
    if not form.is_valid():
        return None
    if not memberships:
        form.add_error(None, _("Chưa chọn người nào trong danh sách."))
        return None
    c = dict(form.cleaned_data)  # add_error() below drops fields from cleaned_data
    try:
        if c["action"] == ACTION_TRANSFER:
            return services.transfer_memberships(
                actor=user, memberships=memberships, to_unit=c["to_unit"], on=c["on"]
            )
        return services.end_memberships(
            actor=user, memberships=memberships, on=c["on"], reason=c["reason"], note=c["note"]
        )
    except ValidationError as exc:
        # A service names fields this form may not have ("unit"): those go above the form.
        by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
        for field, errors in by_field.items():
            form.add_error(field if field in form.fields else None, errors)
        early = [m.person.full_name for m in memberships if m.joined_on >= c["on"]]
        if early:
            form.add_error(
                None,
                _("Những người sau vào đơn vị từ ngày này trở về sau: %(names)s.")
                % {"names": ", ".join(early)},
            )
        return None


@login_required
@require_http_methods(["POST"])
def bulk(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(
        request.user,
        unit,
        "edit",
        _("Chỉ người nhập liệu hoặc quản lý đơn vị mới chuyển sinh hoạt hay cho thôi được."),
    )
    raw_ids = request.POST.getlist("ids")
    memberships = selectors.selected_memberships(request.user, unit, raw_ids, open_only=True)
    form = BulkForm(request.POST, user=request.user)
    filters = QueryDict(request.POST.get("filters", ""), mutable=True)
    done = _run_bulk(form, request.user, memberships)
    if done is not None:
        if form.cleaned_data["action"] == ACTION_TRANSFER:
            text = ngettext(
                "Đã chuyển sinh hoạt %(n)d người.", "Đã chuyển sinh hoạt %(n)d người.", done
            )
        else:
            text = ngettext("Đã cho thôi sinh hoạt %(n)d người.", "Đã cho thôi sinh hoạt %(n)d người.", done)  # fmt: skip
        messages.success(request, text % {"n": done})
        filters.pop("page", None)
        query = filters.urlencode()
        return redirect(
            reverse("members:register", args=[unit.pk]) + (f"?{query}" if query else "")
        )
    context = _register_context(request, unit, filters, bulk=form, selected=raw_ids)
    return render(request, "members/register.html", unit_nav(request.user, unit) | context)


@login_required
@require_http_methods(["GET"])
def transfer_targets(request, pk: int):
    """The <option>s of the bulk form's "move to" select, loaded when it is first shown."""
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(request.user, unit, "edit", _("Cần quyền nhập liệu."))
    return render(
        request,
        "members/_transfer_targets.html",
        {"choices": transfer_target_choices(request.user), "chosen": request.GET.get("chosen", "")},
    )


def _named_counts(counts: dict, names: dict, total: int) -> list[dict]:
    rows = [
        {"name": names.get(code) or code if code else _("Chưa rõ"), "n": n, "blank": not code}
        for code, n in counts.items()
    ]
    rows.sort(key=lambda r: (r["blank"], -r["n"], r["name"]))
    for r in rows:
        r["pct"] = round(r["n"] * 100 / total, 1) if total else 0
    return rows


@login_required
@require_http_methods(["GET"])
def stats(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    form = AsOfForm(_with_date(request.GET))
    on = form.on_date()
    s = selectors.statistics(unit, on)
    labels = _category_labels()
    bands = [code for code, _lo, _hi in FDRS_AGE_BANDS] + ["unknown"]
    categories = [
        {
            "code": code,
            "name": labels.get(code, code),
            **row,
            "bands": [s["age_bands"].get(code, {}).get(b, 0) for b in bands],
        }
        for code, row in s["by_category"].items()
    ]
    years = [
        {"year": y, "joined": n, "left": s["left_per_year"][y], "net": n - s["left_per_year"][y]}
        for y, n in s["joined_per_year"].items()
    ]
    context = unit_nav(request.user, unit) | {
        "form": form,
        "s": s,
        "categories": categories,
        "band_labels": [b if b != "unknown" else _("Chưa rõ") for b in bands],
        "band_totals": [sum(c["bands"][i] for c in categories) for i in range(len(bands))],
        "male": sum(c["male"] for c in categories),
        "female": sum(c["female"] for c in categories),
        "ethnicities": _named_counts(s["by_ethnicity"], ETHNIC_NAMES, s["total"]),
        "religions": _named_counts(
            s["by_religion"], {c: gettext(n) for c, n in RELIGIONS}, s["total"]
        ),
        "years": years,
        "here_is_subpage": _("Thống kê"),
    }
    return render(request, "members/stats.html", context)


@login_required
@require_http_methods(["GET"])
def cadres(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    form = AsOfForm(_with_date(request.GET))
    on = form.on_date()
    qs = (
        Cadre.objects.visible_to(request.user)
        .filter(unit__path__startswith=unit.path)
        .active_on(on)
    )
    issued = Q(uniform_issued_on__lte=on, badge_issued_on__lte=on)
    summary = qs.aggregate(total=Count("pk"), equipped=Count("pk", filter=issued))
    rank = Case(
        *[When(position=p, then=i) for i, p in enumerate(CadrePosition.values)],
        output_field=IntegerField(),
    )
    rows = (
        qs.select_related("person", "unit")
        .annotate(rank=rank)
        .order_by("unit__path", "rank", "person__sort_key", "pk")
    )
    page = Paginator(rows, CADRE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = unit_nav(request.user, unit) | {
        "form": form,
        "on": on,
        "page": page,
        "summary": summary,
        "can_edit": has_perm_on(request.user, unit, "edit"),
        "here_is_subpage": _("Cán bộ"),
    }
    return render(request, "members/cadres.html", context)
