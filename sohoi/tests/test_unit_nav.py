"""Every unit page shares one navigation context (org.selectors.unit_nav): the same tabs for the
same user, whichever page of the unit is open."""

import pytest
from django.urls import reverse

# Unit pages that show the unit's tabs (templates/org/_unit_tabs.html).
PAGES = [
    "org:unit",
    "org:history",
    "members:register",
    "members:stats",
    "members:cadres",
    "dues:home",
    "funds:ledger",
    "indicators:dashboard",
    "clubs:unit_clubs",
    "membership:transfer_requests",
]


@pytest.mark.parametrize("name", PAGES)
def test_an_editor_sees_the_import_tab_on_every_unit_page(name, tree, users, login):
    client = login(users.base_editor)
    response = client.get(reverse(name, args=[tree.b1.pk]))
    assert response.status_code == 200
    assert reverse("imports:list", args=[tree.b1.pk]) in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_a_viewer_sees_no_import_tab(name, tree, users, login):
    client = login(users.base_viewer)
    response = client.get(reverse(name, args=[tree.b1.pk]))
    assert response.status_code == 200
    assert reverse("imports:list", args=[tree.b1.pk]) not in response.content.decode()


def test_the_import_pages_show_the_units_breadcrumbs(tree, users, login):
    client = login(users.province_manager)
    response = client.get(reverse("imports:list", args=[tree.b1.pk]))
    html = response.content.decode()
    assert 'data-testid="breadcrumbs"' in html
    assert reverse("org:unit", args=[tree.p1.pk]) in html  # the province above, a link


@pytest.mark.parametrize("name", PAGES)
def test_a_manager_sees_the_accounts_and_audit_tabs_on_every_unit_page(name, tree, users, login):
    html = login(users.base_manager).get(reverse(name, args=[tree.b1.pk])).content.decode()
    assert reverse("accounts:unit_users", args=[tree.b1.pk]) in html
    assert reverse("org:audit", args=[tree.b1.pk]) in html
