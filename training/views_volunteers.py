"""Volunteer work pages: record an activity on a phone (tick the team's list, hours prefilled;
one POST, one audit event), an activity, the volunteers of a unit active or not."""

import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from clubs.selectors import get_club_for_user
from core.formatting import format_date
from core.forms import bound_data, run_and_tell, run_service
from core.inputs import parse_ids
from org.selectors import can_edit_profile, unit_nav, visible_ancestors

from . import selectors, services
from .forms import ActivityForm, ReasonForm, VolunteerRuleForm
from .importing import read_hours

MAX_UPLOAD = 5 * 1024 * 1024

NEED_EDIT = gettext_lazy("Chỉ người nhập liệu trở lên mới ghi được hoạt động tình nguyện.")


def _ticked_hours(request, roster, default) -> dict:
    """{person: hours} of the ticked people; a person's own box overrides the default."""
    by_pk = {p.pk: p for p in roster}
    out = {}
    for pk in parse_ids(request.POST.getlist("ids")):
        person = by_pk.get(pk)
        if person is None:
            raise ValidationError(_("Có người không thuộc danh sách của đơn vị."))
        raw = (request.POST.get(f"hours-{pk}") or "").strip().replace(",", ".")
        try:
            out[person] = Decimal(raw) if raw else default
        except InvalidOperation:
            raise ValidationError(
                _("%(name)s: số giờ không hợp lệ.") % {"name": person.full_name}
            ) from None
    return out


def _file_hours(upload, roster) -> dict:
    """{person: hours} from an uploaded sheet; every bad line refuses the whole file."""
    if upload.size > MAX_UPLOAD:
        raise ValidationError(_("Tệp quá lớn (tối đa 5 MB)."))
    suffix = Path(upload.name).suffix.lower()[:6]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        hours, errors = read_hours(path, roster)
    if errors:
        raise ValidationError(errors)
    return hours


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(request.user, unit, "edit", NEED_EDIT)
    return _activity_page(request, unit, selectors.roster(request.user, unit, timezone.localdate()))


@login_required
@require_http_methods(["GET", "POST"])
def club_activity_new(request, pk: int):
    """A club's activity: the club's people on the tick-list (clubs.Club, beside the units)."""
    club = get_club_for_user(request.user, pk)
    require_perm_on(request.user, club.unit, "edit", NEED_EDIT)
    roster = selectors.club_roster(club, timezone.localdate())
    return _activity_page(request, club.unit, roster, club=club)


def _activity_page(request, unit, roster, club=None):
    cut = len(roster) > selectors.ROSTER_MAX
    roster = roster[: selectors.ROSTER_MAX]
    form = ActivityForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            upload = request.FILES.get("file")
            if upload is not None:
                hours, source = _file_hours(upload, roster), "import"
            else:
                hours, source = (
                    _ticked_hours(request, roster, form.cleaned_data["hours"]),
                    "ticklist",
                )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k != "hours"}
            activity = run_service(
                form,
                lambda: services.record_activity(
                    actor=request.user, unit=unit, hours=hours, source=source, club=club, **data
                ),
            )
            if activity is not None:
                messages.success(
                    request,
                    ngettext(
                        "Đã ghi hoạt động với %(n)d tình nguyện viên.",
                        "Đã ghi hoạt động với %(n)d tình nguyện viên.",
                        len(hours),
                    )
                    % {"n": len(hours)},
                )
                return redirect("training:activity", pk=activity.pk)
    chosen = {str(i) for i in parse_ids(request.POST.getlist("ids"))}
    typed = {k[6:]: v for k, v in request.POST.items() if k.startswith("hours-")}
    context = unit_nav(
        request.user, unit, form=form, roster=roster, chosen=chosen, typed=typed, cut=cut,
        default_hours=form["hours"].value(), club=club,
    )  # fmt: skip
    return render(request, "training/activity_new.html", context)


@login_required
@require_GET
def activity_detail(request, pk: int):
    activity = selectors.get_activity_for_user(request.user, pk)
    rows = list(activity.hours.select_related("person").order_by("person__sort_key"))
    context = {
        "activity": activity, "unit": activity.unit, "rows": rows,
        "crumbs": visible_ancestors(request.user, activity.unit),
        "total": sum(r.hours for r in rows), "cancel_form": ReasonForm(),
        "can_edit": has_perm_on(request.user, activity.unit, "edit")
        and activity.cancelled_on is None,
    }  # fmt: skip
    return render(request, "training/activity.html", context)


@login_required
@require_POST
def activity_cancel(request, pk: int):
    activity = selectors.get_activity_for_user(request.user, pk)
    require_perm_on(request.user, activity.unit, "edit", NEED_EDIT)
    form = ReasonForm(request.POST)
    run_and_tell(
        request,
        form,
        lambda: services.cancel_activity(
            actor=request.user, activity=activity, on=form.cleaned_data["on"],
            reason=form.cleaned_data["reason"],
        ),
        _("Đã huỷ hoạt động."),
    )  # fmt: skip
    return redirect("training:activity", pk=activity.pk)


@login_required
@require_GET
def volunteers(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    today = timezone.localdate()
    rule, rows = selectors.volunteers_status(request.user, unit, today)
    first, last = rule.window(today)
    context = unit_nav(
        request.user, unit, rule=rule, rows=rows, first=first, last=last,
        active=sum(1 for r in rows if r.active),
    )  # fmt: skip
    return render(request, "training/volunteers.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_rule(request):
    """The "active volunteer" rule and its history; the association's level (who edits its
    profile) sets a new one from a date."""
    can_set = can_edit_profile(request.user)
    if request.method == "POST" and not can_set:
        raise PermissionDenied(
            _("Chỉ cấp Trung ương Hội đặt được tiêu chí tình nguyện viên tích cực.")
        )
    form = VolunteerRuleForm(bound_data(request))
    rule = run_service(
        form, lambda: services.set_volunteer_rule(actor=request.user, **form.cleaned_data)
    )
    if rule is not None:
        messages.success(
            request, _("Đã lưu tiêu chí áp dụng từ %(d)s.") % {"d": format_date(rule.valid_from)}
        )
        return redirect("training:volunteer_rule")
    context = {"form": form, "can_set": can_set, "rules": selectors.volunteer_rules()}
    return render(request, "training/volunteer_rule.html", context)
