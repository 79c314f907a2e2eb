import datetime
import unicodedata

from members.selectors import RegisterFilter, register
from members.tests.factories import make_member

D = datetime.date


def _names(user, unit, **f):
    return [m.person.full_name for m in register(user, unit, RegisterFilter(on=D(2026, 1, 1), **f))]


def test_it_searches_names_without_accents_in_both_unicode_forms(tree, users):
    a = users.base_editor
    make_member(a, tree.br1a, "Nguyễn Thị Hoà")
    make_member(a, tree.br1a, unicodedata.normalize("NFD", "Nguyễn Thị Hòa"))
    make_member(a, tree.br1b, "Nguyễn Thị Hoa Lan", year=1990)
    make_member(a, tree.br1b, "Trần Văn Hùng", sex="M")
    assert len(_names(a, tree.b1, q="nguyen thi hoa")) == 3
    assert len(_names(a, tree.b1, q="NGUYỄN THỊ HÒA")) == 3
    assert _names(a, tree.b1, q="hung") == ["Trần Văn Hùng"]
    assert _names(users.sibling, tree.b2, q="nguyen") == []
    # Whole words in order, from any word: the given name alone, or the middle and given names.
    assert len(_names(a, tree.b1, q="thi hoa")) == 3
    assert _names(a, tree.b1, q="nguyen thi ho") == []  # "ho" is not a word of these names
    assert _names(a, tree.b1, q="hoa nguyen") == []  # order matters


def test_only_users_who_may_see_cccd_can_search_by_it(tree, users):
    make_member(users.base_editor, tree.br1a, "Lê Thị Mai", cccd="048185000123", phone="0912345678")
    assert _names(users.base_editor, tree.b1, q="048185") == ["Lê Thị Mai"]
    assert _names(users.base_viewer, tree.b1, q="048185") == []
    # A phone number is not sensitive: both find it.
    assert _names(users.base_viewer, tree.b1, q="+84 912 345") == ["Lê Thị Mai"]


def test_it_sorts_by_given_name_the_vietnamese_way(tree, users):
    a = users.base_editor
    for name in ["Trần Văn Đức", "Lê Thị Dung", "Phạm Ăn", "Ngô An", "Bùi Ân"]:
        make_member(a, tree.br1a, name)
    assert _names(a, tree.b1) == ["Ngô An", "Phạm Ăn", "Bùi Ân", "Lê Thị Dung", "Trần Văn Đức"]
    assert _names(a, tree.b1, sort="-name")[0] == "Trần Văn Đức"


def test_a_renamed_person_is_found_and_sorted_by_the_new_name(tree, users):
    from people.services import update_person

    a = users.base_editor
    m = make_member(a, tree.br1a, "Lê Thị Mai")
    make_member(a, tree.br1a, "Trần Văn Bình")
    update_person(actor=a, person=m.person, full_name="Lê Thị Yến")
    assert _names(a, tree.b1, q="le thi yen") == ["Lê Thị Yến"]
    assert _names(a, tree.b1, q="le thi mai") == []
    assert _names(a, tree.b1) == ["Trần Văn Bình", "Lê Thị Yến"]


def test_a_search_is_sorted_and_paged_like_the_full_list(tree, users):
    from django.core.paginator import Paginator

    a = users.base_editor
    for i, name in enumerate(["Nguyễn Thị Yến", "Nguyễn Thị An", "Nguyễn Thị Bình"]):
        make_member(a, tree.br1a, name, joined=D(2020 + i, 1, 1))
    make_member(a, tree.br1a, "Trần Văn An")
    assert _names(a, tree.b1, q="nguyen thi") == [
        "Nguyễn Thị An",
        "Nguyễn Thị Bình",
        "Nguyễn Thị Yến",
    ]
    assert _names(a, tree.b1, q="nguyen thi", sort="-name")[0] == "Nguyễn Thị Yến"
    assert _names(a, tree.b1, q="nguyen thi", sort="-joined") == [
        "Nguyễn Thị Bình",
        "Nguyễn Thị An",
        "Nguyễn Thị Yến",
    ]
    assert _names(a, tree.b1, q="nguyen thi", sort="card") != []  # sorted by the database
    rows = register(a, tree.b1, RegisterFilter(on=D(2026, 1, 1), q="nguyen thi"))
    page = Paginator(rows, 2).get_page(2)
    assert page.paginator.count == 3
    assert [m.person.full_name for m in page.object_list] == ["Nguyễn Thị Yến"]
