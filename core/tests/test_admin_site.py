"""The admin site reads the project's models but never writes them (writes go through services)."""

import pytest
from django.contrib import admin
from django.urls import reverse

# Congress terms are configuration the administrator records in the admin; its form saves them
# through org.services.save_congress_term (checks, audit): org/tests/test_terms.py.
THROUGH_SERVICES = {"org.CongressTerm"}
OURS = [
    m
    for m in admin.site._registry
    if m._meta.app_label in {"core", "org", "accounts"} and m._meta.label not in THROUGH_SERVICES
]


def test_it_registers_the_projects_models():
    names = {m._meta.model_name for m in OURS}
    assert {"auditevent", "unit", "roleassignment", "apitoken", "associationprofile"} <= names


@pytest.mark.parametrize("model", OURS, ids=lambda m: m._meta.label)
def test_it_lists_but_never_adds(model, tree, users, login):
    client = login(users.superuser)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    assert client.get(add).status_code == 403
