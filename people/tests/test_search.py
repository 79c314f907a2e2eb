"""GET /api/v1/people?q=: the search starts from the user's scope (a base's own rows), a large
scope is scanned, many matches are sorted by the database; every path gives the same answer."""

import datetime

import pytest

from members.tests import factories
from people import selectors

CCCD = "048085000456"  # a man born in 1985


@pytest.fixture
def people(tree):
    """Who a b1 user may see and who not, with names that sort differently from their ids."""
    make = factories.make_person
    return {
        # registered by b1's branch, no membership
        "registered": make(None, tree.br1a, "Nguyễn Thị Xuân", "F", 1990, phone="0905111222"),
        # a member of b1's branch, registered by the sibling base
        "member": make(None, tree.b2, "Nguyễn Văn An", "M", 1985, cccd=CCCD),
        # a member of b1 once, left since
        "former": make(None, tree.b1, "Nguyễn Thị Bình", "F", 1970),
        # the sibling base's, never in b1
        "outsider": make(None, tree.b2, "Nguyễn Văn Nam", "M", 1985, phone="0905111333"),
        "other_name": make(None, tree.br1b, "Trần Văn Hùng", "M", 1975),
    }


@pytest.fixture
def memberships(people, tree):
    factories.make_member(None, tree.br1a, person=people["member"])
    m = factories.make_member(
        None, tree.b1, person=people["former"], joined=datetime.date(2010, 1, 1)
    )
    m.ended_on, m.end_reason = datetime.date(2015, 1, 1), "resigned"
    m.save()


PATHS = {
    "small scope": {},
    "many matches": {"MATCHES_MAX": 1},
    "large scope": {"SMALL_SCOPE_UNITS": 1},
    "many people": {"SMALL_SCOPE_PEOPLE": 1},
}


@pytest.fixture(params=PATHS)
def path(request, monkeypatch):
    for name, value in PATHS[request.param].items():
        monkeypatch.setattr(selectors, name, value)


def names(client, headers, q, **params):
    r = client.get("/api/v1/people", {"q": q, **params}, **headers)
    assert r.status_code == 200, r.content
    return r.json()["count"], [item["full_name"] for item in r.json()["items"]]


def test_it_finds_by_name_within_scope_sorted_by_given_name(
    client, users, people, memberships, bearer, path
):
    headers = bearer(users.base_viewer)
    expected = ["Nguyễn Văn An", "Nguyễn Thị Bình", "Nguyễn Thị Xuân"]
    assert names(client, headers, "nguyen") == (3, expected)
    assert names(client, headers, "nguyen", limit=2, offset=1) == (3, expected[1:])
    assert names(client, headers, "") == (4, ["Nguyễn Văn An", "Nguyễn Thị Bình", "Trần Văn Hùng",
                                              "Nguyễn Thị Xuân"])  # fmt: skip
    assert names(client, headers, "nam") == (0, [])  # the sibling base's


def test_it_finds_by_phone_and_cccd_within_scope(client, users, people, memberships, bearer, path):
    assert names(client, bearer(users.base_viewer), "0905111") == (1, ["Nguyễn Thị Xuân"])
    # A viewer never finds a person by CCCD; an editor of the unit does.
    assert names(client, bearer(users.base_viewer), CCCD[:9]) == (0, [])
    assert names(client, bearer(users.base_editor), CCCD[:9]) == (1, ["Nguyễn Văn An"])
    # The sibling base registered them but their membership is b1's: b2 sees the person, and
    # may find them by CCCD (b2 registered them).
    assert names(client, bearer(users.sibling), CCCD[:9]) == (1, ["Nguyễn Văn An"])


def test_it_finds_everyone_for_a_superuser(client, users, people, memberships, bearer):
    count, found = names(client, bearer(users.superuser), "nguyen")
    assert count == 4 and "Nguyễn Văn Nam" in found
