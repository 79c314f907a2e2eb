"""Pages of the aid app for a unit: its humanitarian work at a glance, beneficiaries (the
sensitive part for editors only, every view logged), humanitarian addresses with their lifecycle,
reviews, case files and sponsors, assistance records, the province's hardship categories.
Campaigns and recipient lists are in :mod:`aid.views_campaigns`.

Access: the unit or record must be in the user's scope (else 404); writing needs edit rights
there (else 403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_unit_for_user, has_perm_on, require_perm_on
from core.forms import bound_data, errors_text, run_and_tell, run_service
from funds.selectors import donors_for
from org.models import UnitKind
from org.selectors import unit_nav, visible_ancestors
from people.models import Person
from people.services import DuplicateWarning, create_person

from . import selectors, services
from .forms import (
    AdvanceForm,
    AssistanceForm,
    BeneficiaryForm,
    CategoryForm,
    CloseForm,
    EndForm,
    FileForm,
    MemberOfHouseholdForm,
    ProposeForm,
    ReviewForm,
    SensitiveForm,
    SponsorForm,
    WithdrawForm,
)
from .models import NEXT_STATUS, AddressFile, AddressStatus
from .services.beneficiaries import categories_for

_NEED_EDIT = gettext_lazy("Chỉ người nhập liệu trở lên mới ghi được công tác nhân đạo.")


def _nav(request, unit, **extra):
    return unit_nav(request.user, unit, tab="aid", section=extra.pop("section", ""), **extra)


@login_required
@require_GET
def home(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    year = timezone.localdate().year
    counts = selectors.status_counts(request.user, unit)
    context = _nav(
        request, unit, year=year,
        overdue=selectors.overdue_reviews(request.user, unit).count(),
        beneficiaries=selectors.beneficiaries_of(request.user, unit).count(),
        totals=selectors.unit_totals(request.user, unit, year),
        campaigns=list(selectors.campaigns_for(request.user, unit)[:5]),
        lapsed=len(selectors.lapsed_sponsorships(request.user, unit)),
        statuses=[(code, label, counts.get(code, 0)) for code, label in AddressStatus.choices],
    )  # fmt: skip
    return render(request, "aid/home.html", context)


def _person_from(form, actor, unit, confirm: bool) -> Person:
    """The person typed: who holds the CCCD in the user's scope, else a new person (people's
    dedupe and neutral refusal apply)."""
    d = form.cleaned_data
    if d["cccd"]:
        found = Person.objects.visible_to(actor, "edit").filter(cccd=d["cccd"]).first()
        if found is not None:
            return found
    return create_person(
        actor=actor, unit=unit, confirm_duplicate=confirm, full_name=d["full_name"],
        birth_year=d["birth_year"], sex=d["sex"], cccd=d["cccd"], address_detail=d["address"],
        phone=d["phone"],
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def beneficiaries(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    can_add = has_perm_on(request.user, unit, "edit") and unit.kind in (
        UnitKind.BASE,
        UnitKind.BRANCH,
    )
    if request.method == "POST":
        require_perm_on(request.user, unit, "edit", _NEED_EDIT)
    form = BeneficiaryForm(bound_data(request), categories=categories_for(unit))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                person = _person_from(form, request.user, unit, d["confirm"])
                b = services.register_beneficiary(
                    actor=request.user, unit=unit, person=person, since=d["since"],
                    categories=d["categories"], health=d["health"], income=d["income"],
                )  # fmt: skip
        except DuplicateWarning as e:
            form.add_error(None, e)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request, _("Đã đưa %(name)s vào danh sách.") % {"name": person.full_name}
            )
            return redirect("aid:beneficiary", pk=b.pk)
    rows = selectors.beneficiaries_of(request.user, unit)[:500]
    return render(request, "aid/beneficiaries.html", _nav(request, unit, rows=rows, form=form, can_add=can_add))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def beneficiary(request, pk: int):
    b = selectors.get_beneficiary_for_user(request.user, pk)
    can_edit = has_perm_on(request.user, b.unit, "edit")
    cats = categories_for(b.unit)
    form = SensitiveForm(bound_data(request), categories=cats, initial={
        "categories": b.categories.all(), "health": b.health, "income": b.income,
    } if can_edit else None)  # fmt: skip
    if request.method == "POST":
        require_perm_on(request.user, b.unit, "edit", _NEED_EDIT)
        done = run_service(form, lambda: services.update_beneficiary(
            actor=request.user, beneficiary=b, **form.cleaned_data))  # fmt: skip
        if done is not None:
            messages.success(request, _("Đã lưu."))
            return redirect("aid:beneficiary", pk=b.pk)
    context = {
        "b": b, "unit": b.unit, "crumbs": visible_ancestors(request.user, b.unit),
        "can_edit": can_edit, "sensitive": selectors.reveal(request.user, b), "form": form,
        "household": b.household.filter(ended_on__isnull=True).select_related("person"),
        "addresses": b.addresses.order_by("-pk"),
        "assistance": b.assistance.order_by("-on", "-pk")[:50],
        "propose_form": ProposeForm(auto_id="prop_%s"),
        "member_form": MemberOfHouseholdForm(auto_id="hh_%s"),
        "assistance_form": AssistanceForm(auto_id="as_%s"),
    }  # fmt: skip
    return render(request, "aid/beneficiary.html", context)


@login_required
@require_POST
def household_add(request, pk: int):
    b = selectors.get_beneficiary_for_user(request.user, pk)
    require_perm_on(request.user, b.unit, "edit", _NEED_EDIT)
    form = MemberOfHouseholdForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                person = _person_from(form, request.user, b.unit, True)
                services.register_beneficiary(
                    actor=request.user, unit=b.unit, person=person, head=b,
                    relation=form.cleaned_data["relation"], since=form.cleaned_data["since"],
                )  # fmt: skip
            messages.success(request, _("Đã thêm %(name)s vào hộ.") % {"name": person.full_name})
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
    else:
        messages.error(request, _("Hãy nhập đủ họ tên, năm sinh, giới tính và quan hệ."))
    return redirect("aid:beneficiary", pk=b.pk)


@login_required
@require_POST
def propose(request, pk: int):
    b = selectors.get_beneficiary_for_user(request.user, pk)
    require_perm_on(request.user, b.unit, "edit", _NEED_EDIT)
    form = ProposeForm(request.POST)
    a = run_service(form, lambda: services.propose_address(actor=request.user, beneficiary=b, **form.cleaned_data))  # fmt: skip
    if a is None:
        messages.error(request, errors_text(form))
        return redirect("aid:beneficiary", pk=b.pk)
    return redirect("aid:address", pk=a.pk)


@login_required
@require_POST
def assistance_add(request, pk: int):
    b = selectors.get_beneficiary_for_user(request.user, pk)
    require_perm_on(request.user, b.unit, "edit", _NEED_EDIT)
    form = AssistanceForm(request.POST)
    run_and_tell(request, form, lambda: services.record_assistance(
        actor=request.user, unit=b.unit, person=b.person, beneficiary=b,
        on=form.cleaned_data["on"], cash=form.cleaned_data["cash"] or 0,
        goods=form.cleaned_data["goods"] or 0, description=form.cleaned_data["description"],
        source=form.cleaned_data["source"], partner=form.cleaned_data["partner"],
    ), _("Đã ghi lần trợ giúp."))  # fmt: skip
    return redirect("aid:beneficiary", pk=b.pk)


@login_required
@require_POST
def assistance_withdraw(request, pk: int):
    a = selectors.get_assistance_for_user(request.user, pk)
    require_perm_on(request.user, a.unit, "edit", _NEED_EDIT)
    form = WithdrawForm(request.POST)
    run_and_tell(request, form, lambda: services.withdraw_assistance(actor=request.user, assistance=a, **form.cleaned_data), _("Đã rút bản ghi; khoản chi quỹ (nếu có) đã được đảo."))  # fmt: skip
    target = a.beneficiary_id
    return redirect("aid:beneficiary", pk=target) if target else redirect("aid:home", pk=a.unit_id)


@login_required
@require_GET
def addresses(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    status = request.GET.get("status", "")[:12]
    overdue = request.GET.get("overdue") == "1"
    rows = (
        selectors.overdue_reviews(request.user, unit) if overdue
        else selectors.addresses_of(request.user, unit, status)
    )[:500]  # fmt: skip
    context = _nav(
        request, unit, rows=rows, status=status, overdue=overdue, statuses=AddressStatus.choices,
        today=timezone.localdate(), lapsed=selectors.lapsed_sponsorships(request.user, unit),
    )  # fmt: skip
    return render(request, "aid/addresses.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def address(request, pk: int):
    a = selectors.get_address_for_user(request.user, pk)
    can_edit = has_perm_on(request.user, a.unit, "edit")
    if request.method == "POST":
        require_perm_on(request.user, a.unit, "edit", _NEED_EDIT)
        action = request.POST.get("action", "")
        forms = {"advance": AdvanceForm, "close": CloseForm, "review": ReviewForm}
        if action not in forms:
            raise Http404
        form = forms[action](request.POST)
        calls = {
            "advance": lambda: services.advance_address(actor=request.user, address=a, **form.cleaned_data),
            "close": lambda: services.close_address(actor=request.user, address=a, **form.cleaned_data),
            "review": lambda: services.review_address(actor=request.user, address=a, **form.cleaned_data),
        }  # fmt: skip
        if run_service(form, calls[action]) is not None:
            messages.success(request, _("Đã lưu."))
        else:
            messages.error(request, errors_text(form))
        return redirect("aid:address", pk=a.pk)
    donors = donors_for(a.unit) if can_edit else None
    context = {
        "a": a, "unit": a.unit, "crumbs": visible_ancestors(request.user, a.unit),
        "can_edit": can_edit and a.is_open, "steps": a.steps.select_related("by"),
        "reviews": a.reviews.select_related("by"),
        "files": a.files.filter(removed_at__isnull=True),
        "sponsorships": a.sponsorships.select_related("donor__person", "pledge"),
        "next": NEXT_STATUS.get(AddressStatus(a.status)),
        "close_form": CloseForm(auto_id="close_%s"), "review_form": ReviewForm(auto_id="rev_%s"),
        "file_form": FileForm(auto_id="file_%s"),
        "sponsor_form": SponsorForm(donors=donors, auto_id="sp_%s") if donors is not None else None,
        "overdue": a.review_due is not None and a.review_due < timezone.localdate(),
    }  # fmt: skip
    return render(request, "aid/address.html", context)


@login_required
@require_POST
def file_add(request, pk: int):
    a = selectors.get_address_for_user(request.user, pk)
    require_perm_on(request.user, a.unit, "edit", _NEED_EDIT)
    form = FileForm(request.POST, request.FILES)
    if run_service(form, lambda: services.add_file(actor=request.user, address=a, **form.cleaned_data)) is None:  # fmt: skip
        messages.error(request, errors_text(form))
    return redirect("aid:address", pk=a.pk)


def _file_for_user(user, pk) -> AddressFile:
    f = AddressFile.objects.filter(pk=pk, removed_at__isnull=True).select_related("address").first()
    if f is None:
        raise Http404
    selectors.get_address_for_user(user, f.address_id)  # 404 outside the scope
    return f


@login_required
@require_GET
def file_download(request, pk: int):
    f = _file_for_user(request.user, pk)
    # The case file is sensitive: for those who edit the address's unit.
    require_perm_on(request.user, f.address.unit, "edit", _NEED_EDIT)
    return FileResponse(f.file.open("rb"), as_attachment=True)


@login_required
@require_POST
def file_remove(request, pk: int):
    f = _file_for_user(request.user, pk)
    require_perm_on(request.user, f.address.unit, "edit", _NEED_EDIT)
    services.remove_file(actor=request.user, file=f)
    return redirect("aid:address", pk=f.address_id)


@login_required
@require_POST
def sponsor_add(request, pk: int):
    a = selectors.get_address_for_user(request.user, pk)
    require_perm_on(request.user, a.unit, "edit", _NEED_EDIT)
    form = SponsorForm(request.POST, donors=donors_for(a.unit))
    done = run_service(form, lambda: services.add_sponsorship(
        actor=request.user, address=a, donor=form.cleaned_data["donor"],
        monthly=form.cleaned_data["monthly"] or 0, in_kind=form.cleaned_data["in_kind"],
        start=form.cleaned_data["start"], end=form.cleaned_data["end"],
    ))  # fmt: skip
    if done is None:
        messages.error(request, errors_text(form))
    return redirect("aid:address", pk=a.pk)


@login_required
@require_POST
def sponsor_end(request, pk: int):
    s = selectors.get_sponsorship_for_user(request.user, pk)
    require_perm_on(request.user, s.address.unit, "edit", _NEED_EDIT)
    form = EndForm(request.POST)
    if run_service(form, lambda: services.end_sponsorship(actor=request.user, sponsorship=s, **form.cleaned_data)) is None:  # fmt: skip
        messages.error(request, errors_text(form))
    return redirect("aid:address", pk=s.address_id)


@login_required
@require_http_methods(["GET", "POST"])
def categories(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    form = CategoryForm(bound_data(request))
    if request.method == "POST":
        require_perm_on(request.user, unit, "manage", gettext_lazy("Chỉ người quản lý cấp tỉnh bổ sung được diện khó khăn."))  # fmt: skip
        if run_service(form, lambda: services.add_category(actor=request.user, unit=unit, **form.cleaned_data)):  # fmt: skip
            messages.success(request, _("Đã thêm diện khó khăn."))
            return redirect("aid:categories", pk=unit.pk)
    rows = categories_for(unit).select_related("unit")
    can_add = has_perm_on(request.user, unit, "manage") and unit.kind in (UnitKind.PROVINCE, UnitKind.CENTRAL)  # fmt: skip
    return render(request, "aid/categories.html", _nav(request, unit, rows=rows, form=form, can_add=can_add))  # fmt: skip
