"""Pages of the membership movements (transfer, end, re-admit) and of cadre terms.

Access: the membership (or cadre, or unit) must be in the user's scope, else 404; inside it, a
viewer gets 403 with the reason. The services do every check; the views only sequence them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import get_unit_for_user, require_perm_on
from core.forms import bound_data, run_service
from org.ordering import unit_full_name
from org.selectors import visible_ancestors
from people.models import Person

from . import services, transfers
from .forms import (
    CadreEditForm,
    CadreForm,
    EndForm,
    PersonSearchForm,
    ReadmitForm,
    TransferForm,
    member_units,
)
from .models import Membership, TransferRequest
from .selectors import category_names, get_cadre_for_user, get_membership_for_user, search_q

PEOPLE_LIMIT = 200


def _membership_to_change(request, pk: int) -> Membership:
    m = get_membership_for_user(request.user, pk, "view")
    require_perm_on(
        request.user,
        m.unit,
        "edit",
        _("Chỉ người nhập liệu trở lên mới thay đổi được quá trình sinh hoạt."),
    )
    return m


def _page(request, m: Membership, template: str, form, title: str):
    context = {
        "membership": m,
        "person": m.person,
        "unit": m.unit,
        "crumbs": visible_ancestors(request.user, m.unit),
        "title": title,
        "form": form,
        "category_name": _(category_names().get(m.category, m.category)),
    }
    return render(request, template, context)


def _back_to_person(request, m: Membership, level: int, text: str):
    """Leave ``text`` as a message of ``level`` and go back to the person's page."""
    messages.add_message(request, level, text)
    return redirect("people:detail", pk=m.person_id)


@login_required
@require_http_methods(["GET", "POST"])
def transfer(request, pk: int):
    """Move a member: to a unit the user may edit at once, to another base by a request that
    base accepts or refuses. The destination is found by an accent-insensitive search."""
    m = _membership_to_change(request, pk)
    if m.ended_on is not None:
        return _back_to_person(
            request, m, messages.ERROR, _("Quá trình sinh hoạt này đã kết thúc.")
        )
    pending = m.transfer_requests.filter(status=TransferRequest.Status.PENDING).first()
    form = TransferForm(bound_data(request))
    chosen = None
    if form.is_valid():
        chosen = transfers.resolve_target(request.user, m, form.cleaned_data["to_unit"])
        if chosen is None:
            form.add_error("to_unit", _("Hãy tìm và chọn đơn vị chuyển đến."))
    done: object = None
    if chosen is not None and pending is None:
        data = form.cleaned_data
        if chosen.direct:
            done = run_service(
                form,
                lambda: services.transfer_membership(
                    actor=request.user, membership=m, to_unit=chosen.unit, on=data["on"],
                    note=data["note"],
                ),
            )  # fmt: skip
        else:
            done = run_service(
                form,
                lambda: transfers.request_transfer(
                    actor=request.user, membership=m, to_base=chosen.unit, on=data["on"],
                    note=data["note"],
                ),
            )  # fmt: skip
    if done is not None and chosen is not None:
        if chosen.direct:
            text = _("Đã chuyển %(name)s đến %(unit)s.")
        else:
            text = _(
                "Đã gửi đề nghị chuyển %(name)s đến %(unit)s. Sinh hoạt chuyển khi %(unit)s "
                "đồng ý nhận; kết quả hiện ở trang Đề nghị chuyển sinh hoạt."
            )
        return _back_to_person(
            request, m, messages.SUCCESS, text % {"name": m.person.full_name, "unit": chosen.label}
        )
    q = request.GET.get("q", "")[:100]
    targets, more = transfers.transfer_targets(request.user, m, q)
    if chosen is not None and all(t.unit.pk != chosen.unit.pk for t in targets):
        targets.insert(0, chosen)  # the choice stays on the form shown again with its error
    context = {
        "membership": m,
        "person": m.person,
        "unit": m.unit,
        "unit_label": unit_full_name(m.unit),
        "crumbs": visible_ancestors(request.user, m.unit),
        "title": _("Chuyển sinh hoạt"),
        "form": form,
        "category_name": _(category_names().get(m.category, m.category)),
        "q": q,
        "targets": targets,
        "more": more,
        "chosen": chosen,
        "pending": pending,
    }
    return render(request, "members/movement_transfer.html", context)


@login_required
@require_http_methods(["GET"])
def transfer_targets(request, pk: int):
    """The search results of the transfer page (htmx): units to pick, matching ``q``."""
    m = _membership_to_change(request, pk)
    q = request.GET.get("q", "")[:100]
    targets, more = transfers.transfer_targets(request.user, m, q)
    context = {"targets": targets, "more": more, "q": q, "membership": m}
    return render(request, "members/_transfer_choices.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def end(request, pk: int):
    m = _membership_to_change(request, pk)
    if m.ended_on is not None:
        return _back_to_person(
            request, m, messages.ERROR, _("Quá trình sinh hoạt này đã kết thúc.")
        )
    form = EndForm(bound_data(request))
    ended = run_service(
        form,
        lambda: services.end_membership(actor=request.user, membership=m, **form.cleaned_data),
    )
    if ended is None:
        return _page(request, m, "members/movement_end.html", form, _("Thôi sinh hoạt"))
    text = _("Đã ghi nhận %(name)s thôi sinh hoạt (%(reason)s).") % {
        "name": m.person.full_name,
        "reason": ended.get_end_reason_display().lower(),
    }
    return _back_to_person(request, m, messages.SUCCESS, text)


@login_required
@require_http_methods(["GET", "POST"])
def readmit(request, pk: int):
    m = _membership_to_change(request, pk)
    if m.ended_on is None:
        return _back_to_person(request, m, messages.ERROR, _("Người này vẫn đang sinh hoạt."))
    units = member_units(request.user)
    initial: dict[str, str | int] = {"card_number": m.card_number}
    if units.filter(pk=m.unit_id).exists():
        initial["member_unit"] = m.unit_id
    form = ReadmitForm(bound_data(request), units=units, initial=initial)
    new = run_service(
        form,
        lambda: services.readmit_member(
            actor=request.user,
            membership=m,
            joined_on=form.cleaned_data["joined_on"],
            unit=form.cleaned_data["member_unit"],
            card_number=form.cleaned_data["card_number"],
        ),
    )
    if new is None:
        return _page(request, m, "members/movement_readmit.html", form, _("Kết nạp lại"))
    text = _("Đã kết nạp lại %(name)s.") % {"name": m.person.full_name}
    return _back_to_person(request, m, messages.SUCCESS, text)


def _cadre_candidates(user, unit, q: str):
    """People with an open membership in ``unit``'s subtree that ``user`` can see."""
    memberships = (
        Membership.objects.visible_to(user).current().filter(unit__path__startswith=unit.path)
    )
    if q:
        memberships = memberships.filter(search_q(q))
    return Person.objects.filter(pk__in=memberships.values("person_id")).order_by("sort_key", "pk")


@login_required
@require_http_methods(["GET", "POST"])
def cadre_new(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(
        request.user, unit, "edit", _("Chỉ người nhập liệu trở lên mới ghi được cán bộ Hội.")
    )
    search = PersonSearchForm(request.GET)
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    people = _cadre_candidates(request.user, unit, q)
    if request.method == "GET":
        # A select stays usable on a phone: the first ones, and a search box to narrow them.
        people = people.filter(pk__in=list(people.values_list("pk", flat=True)[:PEOPLE_LIMIT]))
    form = CadreForm(bound_data(request), people=people)
    cadre = run_service(
        form,
        lambda: services.appoint_cadre(actor=request.user, unit=unit, **form.cleaned_data),
    )
    if cadre is not None:
        messages.success(
            request,
            _("Đã ghi %(name)s là %(position)s.")
            % {"name": cadre.person.full_name, "position": cadre.get_position_display()},
        )
        return redirect("people:detail", pk=cadre.person_id)
    context = {
        "unit": unit,
        "crumbs": visible_ancestors(request.user, unit),
        "title": _("Ghi cán bộ Hội"),
        "form": form,
        "search": search,
        "q": q,
        "limited": request.method == "GET" and people.count() >= PEOPLE_LIMIT,
    }
    return render(request, "members/cadre_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cadre_edit(request, pk: int):
    cadre = get_cadre_for_user(request.user, pk, "view")
    require_perm_on(
        request.user, cadre.unit, "edit", _("Chỉ người nhập liệu trở lên mới sửa được cán bộ Hội.")
    )
    initial = {
        "ended_on": cadre.ended_on,
        "uniform_issued_on": cadre.uniform_issued_on,
        "badge_issued_on": cadre.badge_issued_on,
    }
    form = CadreEditForm(bound_data(request), initial=initial)
    updated = run_service(
        form,
        lambda: services.update_cadre(actor=request.user, cadre=cadre, **form.cleaned_data),
    )
    if updated is not None:
        messages.success(
            request, _("Đã lưu thông tin cán bộ %(name)s.") % {"name": cadre.person.full_name}
        )
        return redirect("people:detail", pk=cadre.person_id)
    context = {
        "unit": cadre.unit,
        "crumbs": visible_ancestors(request.user, cadre.unit),
        "person": cadre.person,
        "cadre": cadre,
        "title": _("Sửa thông tin cán bộ"),
        "form": form,
    }
    return render(request, "members/cadre_form.html", context)
