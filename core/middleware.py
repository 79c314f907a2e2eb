import logging

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks_db.utils import is_locked_database_exception

logger = logging.getLogger(__name__)


class LanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many Vietnamese
    staff run browsers set to English; the product speaks Vietnamese first, so only the language
    cookie (set by the switch) changes it.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


BUSY_MESSAGE = _("Hệ thống đang nhập dữ liệu, thử lại sau ít phút.")
# Seconds a client is told to wait (Retry-After) before trying a refused write again.
BUSY_RETRY_AFTER = 30


def is_database_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked": another process (an import's commit) held the write lock
    for longer than the busy timeout."""
    return isinstance(exc, OperationalError) and is_locked_database_exception(exc)


def busy_response(request) -> HttpResponse:
    """503 with a Vietnamese "try again": JSON for the API, a page (no database read) otherwise."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": str(BUSY_MESSAGE)}, status=503)
    else:
        response = HttpResponse(
            render_to_string("busy.html", {"message": BUSY_MESSAGE}), status=503
        )
    response["Retry-After"] = str(BUSY_RETRY_AFTER)
    return response


class DatabaseBusyMiddleware:
    """A write that waited the whole busy timeout for SQLite's write lock (e.g. behind a large
    import's commit) answers 503 "try again later" instead of a 500 error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_busy(exception):
            logger.warning("database is locked: 503 for %s %s", request.method, request.path)
            return busy_response(request)
        return None
