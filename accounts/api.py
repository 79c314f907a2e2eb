"""API authentication (bearer token or Django session) and the ``/me`` endpoint."""

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from .models import RoleAssignment
from .services import user_for_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from ``manage.py issue_token``."""

    def authenticate(self, request, token: str):
        user = user_for_token(token) if token else None
        if user is not None:
            # Handlers and services can use request.user whichever way the caller came in.
            request.user = user
        return user


class SessionCookieAuth(SessionAuth):
    """Django's session, as in the web pages; unsafe methods need the CSRF token.

    Unlike ninja's ``django_auth``, an anonymous request is a 401 (not a CSRF 403), and the CSRF
    message is translated.
    """

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        try:
            return super()._get_key(request)
        except HttpError:
            raise HttpError(
                403, _("Kiểm tra CSRF không thành công. Hãy tải lại trang rồi thử lại.")
            ) from None


# Token first: a request carrying a token never depends on a cookie (and so on CSRF).
api_auth = [TokenAuth(), SessionCookieAuth()]

router = Router(tags=["Tài khoản"])


class RoleOut(Schema):
    unit_id: int
    unit_name: str
    role: str


class MeOut(Schema):
    username: str
    full_name: str
    is_superuser: bool
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="Người dùng hiện tại và các vai trò")
def me(request):
    user = request.auth
    assignments = (
        RoleAssignment.objects.filter(user=user, unit__valid_to__isnull=True)
        .select_related("unit")
        .order_by("unit__path")
    )
    return {
        "username": user.get_username(),
        # Vietnamese order: family and middle names (last_name) before the given name.
        "full_name": f"{user.last_name} {user.first_name}".strip(),
        "is_superuser": user.is_superuser,
        "roles": [
            {"unit_id": a.unit_id, "unit_name": a.unit.name, "role": a.role} for a in assignments
        ],
    }
