"""The REST API at /api/v1/: OpenAPI at openapi.json, Swagger UI at docs.

Every endpoint takes a bearer token or the web session (see accounts.api). Errors are JSON
``{"detail": ...}`` in the request's language. The Swagger page is served from ninja's own static
files ("ninja" must be in INSTALLED_APPS, else ninja falls back to a CDN template) and needs no
inline script, so the site-wide CSP (script-src 'self') holds on it too.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as InputError

from accounts.api import api_auth
from accounts.api import router as accounts_router
from aid.api import router as aid_router
from blood.api import router as blood_router
from clubs.api import router as clubs_router
from core.inputs import translate_errors
from core.middleware import busy_response, is_database_busy
from dues.api import router as dues_router
from funds.api import router as funds_router
from imports.api import router as imports_router
from indicators.api import router as indicators_router
from members.api import router as members_router
from org.api import router as org_router
from org.api_reorg import router as org_reorg_router
from oversight.api import router as oversight_router
from people.api import router as people_router
from projects.api import router as projects_router
from reporting.api import router as reporting_router
from reports.api import router as reports_router
from training.api import router as training_router

from .api_audit import router as core_router

api = NinjaAPI(
    title="sohoi API",
    version="1",
    description="API của sổ Hội. Xác thực bằng mã truy cập (Authorization: Bearer …) "
    "tạo bằng `manage.py issue_token`, hoặc bằng phiên đăng nhập trên web.",
    urls_namespace="api",
    auth=api_auth,
)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = api.create_response(
        request,
        {"detail": _("Chưa xác thực: hãy đăng nhập hoặc gửi mã truy cập API hợp lệ.")},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="sohoi"'
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Không tìm thấy.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    message = str(exc) or _("Bạn không có quyền thực hiện thao tác này.")
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(InputError)
def invalid_input(request, exc):
    # The request's own values did not validate (pydantic): the same list, in Vietnamese.
    return api.create_response(request, {"detail": translate_errors(exc.errors)}, status=422)


@api.exception_handler(ValidationError)
def refused(request, exc):
    # A service refused the write (tree shape, dates, duplicates): the reason, in Vietnamese.
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=422)


@api.exception_handler(OperationalError)
def database_error(request, exc):
    # SQLite's write lock held past the busy timeout (a large import committing): 503, try again.
    if is_database_busy(exc):
        return busy_response(request)
    raise exc


api.add_router("", accounts_router)
api.add_router("", org_router)
api.add_router("", org_reorg_router)
api.add_router("", core_router)
api.add_router("", people_router)
api.add_router("", members_router)
api.add_router("", imports_router)
api.add_router("", dues_router)
api.add_router("", funds_router)
api.add_router("", indicators_router)
api.add_router("", clubs_router)
api.add_router("", aid_router)
api.add_router("", blood_router)
api.add_router("", training_router)
api.add_router("", reporting_router)
api.add_router("", projects_router)
api.add_router("", oversight_router)
api.add_router("", reports_router)
