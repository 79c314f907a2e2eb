"""Pages of this app. A unit page's context starts from ``org.selectors.unit_nav``."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import get_unit_for_user
from org.selectors import unit_nav


@login_required
@require_GET
def home(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    return render(request, "reports/home.html", unit_nav(request.user, unit, tab="reports"))
