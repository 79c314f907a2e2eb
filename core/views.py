from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"}) if request else HttpResponse()


def api_not_found(request):
    return JsonResponse({"detail": _("Không có địa chỉ API này.")}, status=404)
