"""Club pages: a unit's clubs (found one), a club with its people (add, leave). Access: the unit
or club must be in the user's scope (else 404); writing needs edit rights there (else 403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core.forms import bound_data, errors_text, run_service
from core.text import vn_text_key
from org.selectors import unit_nav, visible_ancestors
from people.models import Person

from . import selectors, services
from .forms import AddMemberForm, ClubForm, LeaveForm
from .services import CLUB_UNIT_KINDS

_NEED_EDIT = gettext_lazy("Chỉ người nhập liệu trở lên mới sửa được câu lạc bộ, tổ, nhóm.")


@login_required
@require_http_methods(["GET", "POST"])
def unit_clubs(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    can_add = unit.kind in CLUB_UNIT_KINDS and unit.is_current
    can_add = can_add and has_perm_on(request.user, unit, "edit")
    if request.method == "POST":
        require_perm_on(request.user, unit, "edit", _NEED_EDIT)
    form = ClubForm(bound_data(request))
    club = run_service(
        form, lambda: services.create_club(actor=request.user, unit=unit, **form.cleaned_data)
    )
    if club is not None:
        messages.success(request, _("Đã lập %(name)s.") % {"name": club.name})
        return redirect("clubs:club", pk=club.pk)
    clubs = sorted(
        selectors.clubs_of(request.user, unit),
        key=lambda c: (c.closed_on is not None, vn_text_key(c.name), c.pk),
    )
    context = unit_nav(request.user, unit, clubs=clubs, form=form, can_add=can_add)
    return render(request, "clubs/unit_clubs.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def club(request, pk: int):
    c = selectors.get_club_for_user(request.user, pk)
    can_edit = has_perm_on(request.user, c.unit, "edit") and c.closed_on is None
    q = request.GET.get("q", "")[:100]
    form = AddMemberForm(bound_data(request))
    if request.method == "POST":
        require_perm_on(request.user, c.unit, "edit", _NEED_EDIT)
        person = None
        if form.is_valid():
            allowed = selectors.candidates(request.user, c, "")
            person = Person.objects.filter(
                pk=form.cleaned_data["person"], pk__in=allowed.values("pk")
            ).first()
            if person is None:
                form.add_error("person", _("Hãy tìm và chọn người tham gia."))
        if person is not None:
            added = run_service(
                form,
                lambda: services.add_club_member(
                    actor=request.user, club=c, person=person,
                    joined_on=form.cleaned_data["joined_on"],
                ),
            )  # fmt: skip
            if added is not None:
                messages.success(
                    request,
                    _("Đã thêm %(name)s vào %(club)s.")
                    % {"name": person.full_name, "club": c.name},
                )
                return redirect("clubs:club", pk=c.pk)
    members = list(c.members.select_related("person").order_by("left_on", "person__sort_key"))
    context = {
        "club": c,
        "unit": c.unit,
        "crumbs": visible_ancestors(request.user, c.unit),
        "current": [m for m in members if m.left_on is None],
        "former": [m for m in members if m.left_on is not None],
        "can_edit": can_edit,
        "form": form,
        "leave_form": LeaveForm(),
        "q": q,
        "candidates": (
            selectors.candidates(request.user, c, q)[: selectors.CANDIDATE_LIMIT]
            if can_edit
            else []
        ),
    }
    return render(request, "clubs/club.html", context)


@login_required
@require_POST
def leave(request, pk: int):
    member = selectors.get_club_member_for_user(request.user, pk)
    require_perm_on(request.user, member.club.unit, "edit", _NEED_EDIT)
    form = LeaveForm(request.POST)
    done = run_service(
        form,
        lambda: services.remove_club_member(
            actor=request.user, member=member, on=form.cleaned_data["on"]
        ),
    )
    if done is None:
        messages.error(request, errors_text(form))
    else:
        messages.success(
            request,
            _("%(name)s đã rời %(club)s.")
            % {"name": member.person.full_name, "club": member.club.name},
        )
    return redirect("clubs:club", pk=member.club_id)
