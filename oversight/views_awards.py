"""Commendation pages: a unit's commendations (proposals and decisions), the decision with the
amount paid from the fund, withdrawal, the ceremony list (xlsx)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core.forms import bound_data, run_service
from people.models import Person
from people.selectors import search_people

from . import selectors, services
from .exports import ceremony_xlsx
from .forms import DecideForm, ProposeForm, WithdrawForm
from .models import Commendation, CommendationLevel
from .views import _NEED_EDIT, nav


def _person_named(user, text: str) -> Person:
    """The one person ``text`` names among those ``user`` may see: a person's id, or a name,
    phone or CCCD that matches exactly one of them. Someone outside the user's scope is never
    found nor named (the same message as nobody)."""
    if text.isdigit() and len(text) < 9:
        found = list(Person.objects.visible_to(user).filter(pk=int(text))[:1])
    else:
        found = list(search_people(user, text)[:6])
    if not found:
        raise ValidationError(_("Không tìm thấy người này trong các đơn vị bạn quản lý."))
    if len(found) > 1:
        id_word = pgettext("person id", "mã")
        names = "; ".join(
            f"{p.full_name} ({p.birth_year or '?'}, {id_word} {p.pk})" for p in found[:5]
        )
        raise ValidationError(
            _("Có nhiều người khớp: %(names)s. Hãy ghi mã người hoặc thêm số điện thoại.")
            % {"names": names}
        )
    return found[0]


@login_required
@require_http_methods(["GET", "POST"])
def awards(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    named = None
    if request.GET.get("person", "").isdigit():  # from a person's page
        named = Person.objects.visible_to(request.user).filter(pk=request.GET["person"]).first()
    form = ProposeForm(bound_data(request), initial={"person": named.pk} if named else None)
    if request.method == "POST":
        require_perm_on(request.user, unit, "edit", _NEED_EDIT)

        def propose():
            d = form.cleaned_data
            person = (
                _person_named(request.user, d["person"].strip()) if d["person"].strip() else None
            )
            return services.propose_commendation(
                actor=request.user, unit=unit, person=person, year=d["year"], field=d["field"],
                level=d["level"], form=d["form"], achievement=d["achievement"],
                proposed_on=d["proposed_on"], amount=d["amount"],
            )  # fmt: skip

        if run_service(form, propose) is not None:
            messages.success(request, _("Đã ghi đề nghị khen thưởng."))
            return redirect("oversight:awards", unit.pk)
    year = timezone.localdate().year
    context = nav(
        request, unit, section="awards", form=form, year=year,
        named=named, rows=list(selectors.commendations_for(unit=unit, subtree=True)[:200]),
        years=sorted({year, *selectors.commendations_for(unit=unit, subtree=True).filter(status="decided").values_list("year", flat=True).distinct()}, reverse=True)[:4],
        levels=CommendationLevel.choices,
    )  # fmt: skip
    return render(request, "oversight/awards.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, award: int):
    c = selectors.get_commendation_for_user(request.user, award)
    require_perm_on(request.user, c.unit, "edit", _NEED_EDIT)
    form = DecideForm(bound_data(request), initial={"amount": c.amount})
    payer = selectors.Unit.objects.get_parent(c.unit) if c.person_id is None else c.unit
    if request.method == "POST":
        d = form.cleaned_data if form.is_valid() else {}
        pay_from = payer if d.get("pay") and payer is not None and has_perm_on(request.user, payer, "edit") else None  # fmt: skip
        done = run_service(form, lambda: services.decide_commendation(
            actor=request.user, commendation=c, number=d["number"], on=d["on"],
            issuer=d["issuer"], amount=d["amount"], pay_from=pay_from))  # fmt: skip
        if done is not None:
            messages.success(request, _("Đã ghi quyết định khen thưởng."))
            return redirect("oversight:awards", c.unit_id)
    context = nav(request, c.unit, section="awards", c=c, form=form, payer=payer, withdraw=WithdrawForm())  # fmt: skip
    return render(request, "oversight/decide.html", context)


@login_required
@require_POST
def withdraw(request, award: int):
    c = selectors.get_commendation_for_user(request.user, award)
    require_perm_on(request.user, c.unit, "edit", _NEED_EDIT)
    form = WithdrawForm(request.POST)
    if run_service(form, lambda: services.withdraw_commendation(actor=request.user, commendation=c, reason=form.cleaned_data["reason"])):  # fmt: skip
        messages.success(request, _("Đã rút khen thưởng."))
    else:
        messages.error(
            request, " ".join(str(e) for e in form.non_field_errors()) or _("Hãy ghi lý do.")
        )
    return redirect("oversight:awards", c.unit_id)


@login_required
@require_GET
def ceremony(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    level = request.GET.get("level", "")
    level = level if level in CommendationLevel.values else ""
    data = ceremony_xlsx(unit, year, level=level, decision=request.GET.get("decision", "")[:40])
    resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
    resp["Content-Disposition"] = f'attachment; filename="khen-thuong-{year}.xlsx"'
    return resp


__all__ = ["Commendation", "awards", "ceremony", "decide", "withdraw"]
