"""Users, roles and API tokens. Managers act only within their own subtree, without escalation."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit
from core.text import nfc

from .access import has_perm_on, role_level_on
from .models import ROLE_LEVEL, ApiToken, Role, RoleAssignment, hash_token

User = get_user_model()
# The one answer for a name a manager may not give a role to, whether or not it exists.
NO_SUCH_ACCOUNT = gettext_lazy("Không tìm thấy tài khoản đang hoạt động với tên này.")


def can_reach_account(actor, user) -> bool:
    """Whether ``actor`` may give ``user`` a role: an active account that already holds a role
    in a unit ``actor`` manages, or one holding no role yet (a new account). Accounts elsewhere
    stay unknown to the manager, like names that do not exist."""
    if actor.is_superuser:
        return user.is_active
    if not user.is_active or user.is_superuser:
        return False
    units = [a.unit for a in user.role_assignments.select_related("unit")]
    return not units or any(has_perm_on(actor, u, "manage") for u in units)


def grantable_user(*, actor, username: str):
    """The account named ``username`` if ``actor`` may give it a role (see can_reach_account),
    else None."""
    user = User.objects.filter(username__iexact=username.strip(), is_active=True).first()
    if user is None or not can_reach_account(actor, user):
        return None
    return user


def _check_can_grant(actor, unit, role: str) -> None:
    if not has_perm_on(actor, unit, "manage"):
        raise PermissionDenied(_("Bạn không có quyền quản lý tài khoản của đơn vị này."))
    if ROLE_LEVEL[Role(role)] > role_level_on(actor, unit):
        raise PermissionDenied(_("Không thể cấp vai trò cao hơn vai trò của chính bạn."))


@transaction.atomic
def assign_role(*, actor, user, unit, role: str) -> RoleAssignment:
    _check_can_grant(actor, unit, role)
    if not can_reach_account(actor, user):
        raise ValidationError({"username": [str(NO_SUCH_ACCOUNT)]}, code="no_such_account")
    existing = RoleAssignment.objects.filter(user=user, unit=unit).first()
    if existing is not None and existing.level > role_level_on(actor, unit):
        raise PermissionDenied(_("Không thể thay đổi vai trò cao hơn vai trò của chính bạn."))
    assignment, _created = RoleAssignment.objects.update_or_create(
        user=user, unit=unit, defaults={"role": role, "granted_by": actor}
    )
    audit.record(
        actor=actor,
        action="accounts.role.assign",
        unit=unit,
        obj=assignment,
        data={"user": user.username, "role": role, "previous": existing.role if existing else None},
    )
    return assignment


@transaction.atomic
def revoke_role(*, actor, assignment: RoleAssignment) -> None:
    _check_can_grant(actor, assignment.unit, assignment.role)
    audit.record(
        actor=actor,
        action="accounts.role.revoke",
        unit=assignment.unit,
        obj=assignment,
        data={"user": assignment.user.username, "role": assignment.role},
    )
    assignment.delete()


@transaction.atomic
def create_user(
    *,
    actor,
    unit,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    email: str = "",
):
    _check_can_grant(actor, unit, role)
    username = User.normalize_username(username.strip())
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Tên đăng nhập này đã được dùng.")})
    # Vietnamese order: family and middle names first, the given name last.
    family, _sep, given = nfc(full_name).rpartition(" ")
    user = User(username=username, email=email.strip(), last_name=family, first_name=given)
    validate_password(password, user)
    user.set_password(password)
    # Blank or malformed usernames and e-mail addresses are refused like in the admin.
    user.full_clean(validate_unique=False)
    user.save()
    audit.record(
        actor=actor, action="accounts.user.create", unit=unit, obj=user, data={"username": username}
    )
    assign_role(actor=actor, user=user, unit=unit, role=role)
    return user


@transaction.atomic
def issue_api_token(*, actor, user, name: str = "") -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the raw token (shown once)."""
    if actor != user and not actor.is_superuser:
        raise PermissionDenied(_("Chỉ chủ tài khoản mới tạo được mã truy cập của mình."))
    raw = "shi_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], key_hash=hash_token(raw))
    audit.record(
        actor=actor, action="accounts.token.issue", obj=token, data={"user": user.username}
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor, token: ApiToken) -> None:
    if actor != token.user and not actor.is_superuser:
        raise PermissionDenied(_("Chỉ chủ tài khoản mới thu hồi được mã truy cập của mình."))
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action="accounts.token.revoke", obj=token, data={})


def user_for_token(raw: str):
    """The active user behind a bearer token, or None. Marks the token used (at most per minute)."""
    if not raw:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def change_password(*, actor, user, new_password: str) -> None:
    """Set a new password (already validated by the form) for one's own account."""
    if actor != user:
        raise PermissionDenied(_("Chỉ chủ tài khoản mới đổi được mật khẩu của mình."))
    validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit.record(actor=actor, action="accounts.password.change", obj=user, data={})


def _check_can_manage_account(actor, user) -> None:
    """A manager acts on another account only if every role it holds is within the manager's
    reach (scope and level): a base manager cannot lock out a province admin who also has a
    role in the base."""
    if user.pk == actor.pk:
        raise PermissionDenied(_("Không thể thực hiện thao tác này trên chính tài khoản của bạn."))
    if actor.is_superuser:
        return
    if user.is_superuser:
        raise PermissionDenied(_("Chỉ quản trị hệ thống mới thao tác được trên tài khoản này."))
    assignments = list(user.role_assignments.select_related("unit"))
    if not assignments or any(
        not has_perm_on(actor, a.unit, "manage") or a.level > role_level_on(actor, a.unit)
        for a in assignments
    ):
        raise PermissionDenied(
            _("Tài khoản này có vai trò ngoài phạm vi hoặc cao hơn vai trò của bạn.")
        )


@transaction.atomic
def reset_password(*, actor, user, unit) -> str:
    """Give ``user`` a new temporary password, returned once to be passed on in person."""
    _check_can_manage_account(actor, user)
    temporary = secrets.token_urlsafe(9)
    user.set_password(temporary)
    user.save(update_fields=["password"])
    audit.record(
        actor=actor,
        action="accounts.password.reset",
        unit=unit,
        obj=user,
        data={"username": user.username},
    )
    return temporary


@transaction.atomic
def set_account_active(*, actor, user, unit, active: bool) -> None:
    """Lock (or unlock) an account: a locked user can neither sign in nor use API tokens."""
    _check_can_manage_account(actor, user)
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        action="accounts.user.unlock" if active else "accounts.user.lock",
        unit=unit,
        obj=user,
        data={"username": user.username},
    )
