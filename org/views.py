from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.access import get_unit_for_user


@login_required
def unit_home(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    return render(request, "org/unit_home.html", {"unit": unit})
