from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from org.selectors import unit_nav

from . import services
from .access import get_unit_for_user, require_perm_on, role_level_on
from .forms import RoleAssignForm, TokenCreateForm, UserCreateForm
from .models import ROLE_LEVEL, RoleAssignment

ASSIGNMENTS_PAGE_SIZE = 50


def _managed_unit(user, pk):
    """The unit ``pk`` if ``user`` may manage its accounts: 404 outside scope, 403 below manage."""
    unit = get_unit_for_user(user, pk)
    require_perm_on(user, unit, "manage", _("Chỉ người quản lý đơn vị mới quản lý được tài khoản."))
    return unit


def _form_kwargs(request, unit):
    return {"unit": unit, "max_level": role_level_on(request.user, unit)}


def _users_page(request, unit, *, create_form=None, assign_form=None):
    assignments = (
        RoleAssignment.objects.filter(unit__path__startswith=unit.path)
        .select_related("user", "unit")
        .order_by("unit__path", "user__username")
    )
    page = Paginator(assignments, ASSIGNMENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    for a in page:
        # Not one's own role: a manager must not lock themselves out by a stray click.
        a.can_revoke = a.user_id != request.user.pk and a.level <= role_level_on(
            request.user, a.unit
        )
    context = unit_nav(request.user, unit) | {
        "page": page,
        "can_manage": True,
        "create_form": create_form or UserCreateForm(**_form_kwargs(request, unit)),
        "assign_form": assign_form or RoleAssignForm(**_form_kwargs(request, unit)),
    }
    return render(request, "accounts/unit_users.html", context)


def _add_service_error(form, error):
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
    elif hasattr(error, "error_dict"):
        form.add_error(None, error)
    else:
        # A bare ValidationError from create_user comes from the password validators.
        form.add_error("password1" if "password1" in form.fields else None, error)


@login_required
@require_http_methods(["GET"])
def unit_users(request, pk: int):
    return _users_page(request, _managed_unit(request.user, pk))


@login_required
@require_http_methods(["POST"])
def unit_user_create(request, pk: int):
    unit = _managed_unit(request.user, pk)
    form = UserCreateForm(request.POST, **_form_kwargs(request, unit))
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                actor=request.user,
                unit=data["unit"],
                username=data["username"],
                password=data["password1"],
                role=data["role"],
                full_name=data["full_name"],
                email=data["email"],
            )
        except (PermissionDenied, ValidationError) as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Đã tạo tài khoản %(username)s.") % {"username": user})
            return redirect("accounts:unit_users", pk=unit.pk)
    return _users_page(request, unit, create_form=form)


@login_required
@require_http_methods(["POST"])
def unit_role_assign(request, pk: int):
    unit = _managed_unit(request.user, pk)
    form = RoleAssignForm(request.POST, **_form_kwargs(request, unit))
    if form.is_valid():
        data = form.cleaned_data
        # An account out of the manager's reach reads like a name that does not exist.
        user = services.grantable_user(actor=request.user, username=data["username"])
        if user is None:
            form.add_error("username", str(services.NO_SUCH_ACCOUNT))
        else:
            try:
                services.assign_role(
                    actor=request.user, user=user, unit=data["unit"], role=data["role"]
                )
            except (PermissionDenied, ValidationError) as error:
                _add_service_error(form, error)
            else:
                messages.success(request, _("Đã phân quyền cho %(username)s.") % {"username": user})
                return redirect("accounts:unit_users", pk=unit.pk)
    return _users_page(request, unit, assign_form=form)


@login_required
@require_http_methods(["POST"])
def unit_role_revoke(request, pk: int, assignment_pk: int):
    unit = _managed_unit(request.user, pk)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("user", "unit").filter(
            unit__path__startswith=unit.path
        ),
        pk=assignment_pk,
    )
    try:
        services.revoke_role(actor=request.user, assignment=assignment)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Đã thu hồi quyền của %(username)s.") % {"username": assignment.user}
        )
    return redirect("accounts:unit_users", pk=unit.pk)


def _me_page(request, *, form=None, raw_token=""):
    context = {
        "roles": request.user.role_assignments.select_related("unit").order_by("unit__path"),
        "tokens": request.user.api_tokens.order_by("-created_at"),
        "form": form or TokenCreateForm(),
        "raw_token": raw_token,
        "role_levels": ROLE_LEVEL,
    }
    return render(request, "accounts/me.html", context)


@login_required
@require_http_methods(["GET"])
def me(request):
    return _me_page(request)


@never_cache
@login_required
@require_http_methods(["POST"])
def token_create(request):
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _me_page(request, form=form)
    _token, raw = services.issue_api_token(
        actor=request.user, user=request.user, name=form.cleaned_data["name"]
    )
    # The raw token is shown in this response only; only its hash is stored.
    return _me_page(request, raw_token=raw)


@login_required
@require_http_methods(["POST"])
def token_revoke(request, token_pk: int):
    token = get_object_or_404(request.user.api_tokens, pk=token_pk, revoked_at__isnull=True)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("Đã thu hồi mã truy cập %(prefix)s….") % {"prefix": token.prefix})
    return redirect("accounts:me")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(
            actor=request.user, user=request.user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        return redirect("password_change_done")
    return render(request, "registration/password_change_form.html", {"form": form})


def _account_in(unit, user_pk):
    """A user holding a role somewhere in ``unit``'s subtree (404 otherwise)."""
    users = get_user_model().objects.filter(role_assignments__unit__path__startswith=unit.path)
    return get_object_or_404(users.distinct(), pk=user_pk)


@never_cache
@login_required
@require_http_methods(["POST"])
def account_reset_password(request, pk: int, user_pk: int):
    unit = _managed_unit(request.user, pk)
    account = _account_in(unit, user_pk)
    try:
        temporary = services.reset_password(actor=request.user, user=account, unit=unit)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("accounts:unit_users", pk=unit.pk)
    context = unit_nav(request.user, unit) | {"account": account, "temporary": temporary}
    return render(request, "accounts/password_reset.html", context)


@login_required
@require_http_methods(["POST"])
def account_set_active(request, pk: int, user_pk: int, active: bool):
    unit = _managed_unit(request.user, pk)
    account = _account_in(unit, user_pk)
    try:
        services.set_account_active(actor=request.user, user=account, unit=unit, active=active)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        done = _("Đã mở khoá %(username)s.") if active else _("Đã khoá %(username)s.")
        messages.success(request, done % {"username": account.username})
    return redirect("accounts:unit_users", pk=unit.pk)
