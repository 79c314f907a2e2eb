"""Pages of the site itself, above every app: the home page picks where a user starts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.access import top_units


@login_required
@require_http_methods(["GET"])
def home(request):
    units = list(top_units(request.user)[:50])
    if len(units) == 1:
        return redirect("org:unit", pk=units[0].pk)
    return render(request, "core/home.html", {"units": units})
