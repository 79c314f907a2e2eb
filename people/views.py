"""Person pages: add a person with their membership, the person's history, edit, consent,
anonymise. Sensitive data (CCCD, ethnicity, religion) is shown to editors only, and logged."""

import datetime
from dataclasses import dataclass
from typing import Required, TypedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core.forms import bound_data, run_service
from members import services as member_services
from members.forms import member_units
from members.models import Cadre, EndReason, Membership
from org.selectors import visible_ancestors

from . import services
from .forms import ConsentForm, NewPersonForm, PersonForm
from .models import Consent, Person
from .selectors import (
    MembershipRow,
    get_person_for_user,
    has_perm_on_person,
    person_audit_events,
    person_history,
)

AUDIT_LIMIT = 50
ACTION_LABELS = {
    "people.person.create": gettext_lazy("Tạo hồ sơ"),
    "people.person.update": gettext_lazy("Sửa hồ sơ"),
    "people.person.anonymise": gettext_lazy("Ẩn danh hồ sơ"),
    "people.person.view_sensitive": gettext_lazy("Xem dữ liệu nhạy cảm"),
    "people.consent.record": gettext_lazy("Ghi nhận sự đồng ý"),
    "people.consent.withdraw": gettext_lazy("Rút lại sự đồng ý"),
    "members.membership.admit": gettext_lazy("Kết nạp"),
    "members.membership.transfer": gettext_lazy("Chuyển sinh hoạt đi"),
    "members.membership.transfer_in": gettext_lazy("Chuyển sinh hoạt đến"),
    "members.membership.end": gettext_lazy("Thôi sinh hoạt"),
    "members.cadre.appoint": gettext_lazy("Bầu/bổ nhiệm cán bộ"),
    "members.cadre.update": gettext_lazy("Cập nhật cán bộ"),
}


def mask_cccd(cccd: str | None) -> str:
    """'048•••••••23': enough to tell two cards apart, not enough to use one."""
    if not cccd:
        return ""
    return cccd[:3] + "•" * (len(cccd) - 5) + cccd[-2:]


def _crumbs(user, person: Person, unit=None) -> dict:
    """Breadcrumbs to a person: the unit they belong to now (or registered them), if visible."""
    if unit is None:
        current = [m.unit for m in person.memberships.current().select_related("unit")]
        unit = next((u for u in current if has_perm_on(user, u)), person.unit)
    if not has_perm_on(user, unit):
        return {"crumbs": [], "unit": None, "here_is_subpage": person.full_name}
    return {
        "unit": unit,
        "crumbs": visible_ancestors(user, unit),
        "here_is_subpage": person.full_name,
    }


@transaction.atomic
def register_person(
    *, actor, person_fields: dict, membership_fields: dict, consent_fields: dict, confirm_duplicate
) -> Person:
    """The person, their consent and their membership, all or nothing."""
    person = services.create_person(
        actor=actor,
        unit=membership_fields["unit"],
        confirm_duplicate=confirm_duplicate,
        **person_fields,
    )
    services.record_consent(actor=actor, person=person, **consent_fields)
    member_services.admit_member(actor=actor, person=person, **membership_fields)
    return person


def _catching_duplicates(action, found: list):
    """Run ``action``; on a DuplicateWarning remember the people it names, then let it through."""

    def run():
        try:
            return action()
        except services.DuplicateWarning as warning:
            found.extend(warning.people)
            raise

    return run


def _duplicates_context(user, found: list[Person]) -> list[dict]:
    visible = set(
        Person.objects.visible_to(user)
        .filter(pk__in=[p.pk for p in found])
        .values_list("pk", flat=True)
    )
    units = {
        m.person_id: m.unit
        for m in Membership.objects.current()
        .filter(person_id__in=visible)
        .select_related("unit")
        .order_by("joined_on")
    }
    return [
        {"person": p, "visible": p.pk in visible, "unit": units.get(p.pk) or p.unit} for p in found
    ]


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    require_perm_on(
        request.user, unit, "edit", _("Chỉ người nhập liệu trở lên mới thêm được người.")
    )
    units = member_units(request.user, within=unit)
    initial = {"member_unit": unit.pk} if unit.kind in member_services.MEMBER_UNIT_KINDS else {}
    form = NewPersonForm(bound_data(request), units=units, initial=initial)
    found: list[Person] = []
    person = run_service(
        form,
        _catching_duplicates(
            lambda: register_person(
                actor=request.user,
                person_fields=form.person_fields(),
                membership_fields=form.membership_fields(),
                consent_fields=form.consent_fields(),
                confirm_duplicate=form.cleaned_data["confirm_duplicate"],
            ),
            found,
        ),
    )
    if person is not None:
        messages.success(request, _("Đã thêm %(name)s.") % {"name": person.full_name})
        return redirect("people:detail", pk=person.pk)
    context = {
        "unit": unit,
        "crumbs": visible_ancestors(request.user, unit),
        "here_is_subpage": _("Kết nạp / thêm người"),
        "form": form,
        "duplicates": _duplicates_context(request.user, found),
        "no_units": not units.exists(),
    }
    return render(request, "people/person_new.html", context)


@dataclass(frozen=True)
class AuditRow:
    at: datetime.datetime
    action: str
    actor: User | None
    label: str


class TimelineEvent(TypedDict, total=False):
    on: Required[datetime.date]
    kind: Required[str]
    membership: MembershipRow
    cadre: Cadre
    consent: Consent


def _timeline(
    person: Person, memberships: list[MembershipRow], cadres: list[Cadre], consents: list[Consent]
) -> list[TimelineEvent]:
    """Dated events of a person's history, oldest first."""
    ids = {r.membership.pk for r in memberships}
    continued = {EndReason.TRANSFERRED, EndReason.REORGANISED}
    events: list[TimelineEvent] = []
    for r in memberships:
        m = r.membership
        prev = m.previous
        if prev is not None and prev.end_reason in continued:
            kind = "transfer_in" if prev.end_reason == EndReason.TRANSFERRED else "reorganised"
            if prev.pk in ids:
                kind = "continued_" + kind
        else:
            kind = "readmit" if prev is not None else "join"
        events.append({"on": m.joined_on, "kind": kind, "membership": r})
        if m.ended_on:
            events.append({"on": m.ended_on, "kind": "end", "membership": r})
    for c in cadres:
        events.append({"on": c.started_on, "kind": "cadre_start", "cadre": c})
        if c.ended_on:
            events.append({"on": c.ended_on, "kind": "cadre_end", "cadre": c})
    for consent in consents:
        events.append({"on": consent.given_on, "kind": "consent", "consent": consent})
        if consent.withdrawn_on:
            events.append(
                {"on": consent.withdrawn_on, "kind": "consent_withdrawn", "consent": consent}
            )
    order = {"end": 0, "cadre_end": 0, "consent_withdrawn": 0}
    events.sort(key=lambda e: (e["on"], order.get(e["kind"], 1)))
    return events


@login_required
@require_http_methods(["GET"])
def person_detail(request, pk: int):
    user = request.user
    person = get_person_for_user(user, pk)
    history = person_history(user, person)
    consents = list(person.consents.all())
    can_edit = has_perm_on_person(user, person, "edit")
    sensitive = services.reveal_sensitive(actor=user, person=person) if can_edit else {}
    audit_rows = [
        AuditRow(
            at=e.at,
            action=e.action,
            actor=e.actor,
            label=str(ACTION_LABELS.get(e.action, e.action)),
        )
        for e in person_audit_events(user, person, history, AUDIT_LIMIT)
    ]
    context = _crumbs(user, person) | {
        "person": person,
        "memberships": history.memberships,
        "hidden_memberships": history.hidden_memberships,
        "timeline": _timeline(person, history.memberships, history.cadres, consents),
        "cadres": history.cadre_rows,
        "consents": consents,
        "can_edit": can_edit and not person.anonymised_on,
        "can_manage": has_perm_on_person(user, person, "manage") and not person.anonymised_on,
        "sensitive": sensitive,
        "masked_cccd": mask_cccd(person.cccd),
        "audit_rows": audit_rows,
    }
    return render(request, "people/person_detail.html", context)


def _person_to_edit(request, pk: int, perm: str = "edit") -> Person:
    """A person the user can see, and may change (403 with a reason otherwise)."""
    person = get_person_for_user(request.user, pk)
    if not has_perm_on_person(request.user, person, perm):
        if perm == "manage":
            raise PermissionDenied(_("Chỉ người quản lý đơn vị mới ẩn danh được hồ sơ."))
        raise PermissionDenied(_("Chỉ người nhập liệu trở lên mới sửa được hồ sơ."))
    if person.anonymised_on:
        raise PermissionDenied(_("Hồ sơ này đã được ẩn danh, không thể sửa."))
    return person


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    person = _person_to_edit(request, pk)
    form = PersonForm(bound_data(request), initial=PersonForm.initial_for(person))
    found: list[Person] = []
    updated = run_service(
        form,
        _catching_duplicates(
            lambda: services.update_person(
                actor=request.user,
                person=person,
                confirm_duplicate=form.cleaned_data["confirm_duplicate"],
                **form.person_fields(),
            ),
            found,
        ),
    )
    if updated is not None:
        messages.success(request, _("Đã lưu hồ sơ %(name)s.") % {"name": updated.full_name})
        return redirect("people:detail", pk=person.pk)
    if request.method == "GET":
        services.reveal_sensitive(actor=request.user, person=person)  # the form shows them
    context = _crumbs(request.user, person) | {
        "person": person,
        "form": form,
        "duplicates": _duplicates_context(request.user, found),
    }
    return render(request, "people/person_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consent_new(request, pk: int):
    person = _person_to_edit(request, pk)
    form = ConsentForm(bound_data(request), initial={"purpose": _("Quản lý hội viên")})
    consent = run_service(
        form,
        lambda: services.record_consent(actor=request.user, person=person, **form.consent_fields()),
    )
    if consent is not None:
        messages.success(request, _("Đã ghi nhận sự đồng ý."))
        return redirect("people:detail", pk=person.pk)
    context = _crumbs(request.user, person) | {"person": person, "form": form}
    return render(request, "people/consent_form.html", context)


@login_required
@require_http_methods(["POST"])
def person_anonymise(request, pk: int):
    person = _person_to_edit(request, pk, perm="manage")
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Hãy đánh dấu xác nhận trước khi ẩn danh hồ sơ."))
        return redirect("people:detail", pk=person.pk)
    services.anonymise_person(actor=request.user, person=person)
    messages.success(request, _("Đã ẩn danh hồ sơ. Số liệu thống kê vẫn được giữ."))
    return redirect("people:detail", pk=person.pk)
