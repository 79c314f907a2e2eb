from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import top_units


@login_required
@require_http_methods(["GET"])
def home(request):
    units = list(top_units(request.user)[:50])
    if len(units) == 1:
        return redirect("org:unit", pk=units[0].pk)
    return render(request, "core/home.html", {"units": units})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"}) if request else HttpResponse()


def api_not_found(request):
    return JsonResponse({"detail": _("Không có địa chỉ API này.")}, status=404)
