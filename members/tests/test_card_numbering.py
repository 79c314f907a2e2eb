"""The association's card numbering: the admission form offers the next number instead of an
empty box, and a number offered is never one already given."""

import datetime
import re

from django.urls import reverse

from members.cards import next_card_number, numbering_for
from members.models import CardNumbering, Membership
from members.services import end_membership
from members.tests.factories import make_member
from people.tests.test_person_views import new_data

D = datetime.date


def _offered(client, unit) -> str:
    html = client.get(reverse("people:new", args=[unit.pk])).content.decode()
    box = re.search(r'<input[^>]*name="card_number"[^>]*>', html)
    assert box is not None
    value = re.search(r'value="([^"]*)"', box.group(0))
    return value.group(1) if value else ""


def test_it_numbers_by_the_province_code_by_default(tree):
    assert next_card_number(tree.br1a) == "48-0000001"  # Đà Nẵng
    assert next_card_number(tree.b3) == "51-0000001"  # Quảng Ngãi: its own sequence
    assert next_card_number(tree.central) == ""  # above the provinces: nothing to offer
    make_member(None, tree.br1a, card_number="48-0000041")
    make_member(None, tree.br2a, card_number="48-0000007")  # another base, the same province
    make_member(None, tree.br1a, card_number="48-00000999")  # not of the form: ignored
    make_member(None, tree.br1a, card_number="HV-900")
    assert next_card_number(tree.br1b) == "48-0000042"
    assert next_card_number(tree.b3) == "51-0000001"


def test_it_never_offers_a_number_of_an_ended_membership(tree):
    m = make_member(None, tree.br1a, card_number="48-0000050")
    end_membership(actor=None, membership=m, on=D(2024, 6, 1), reason="deceased")
    assert next_card_number(tree.br1a) == "48-0000051"


def test_it_follows_the_nearest_configured_numbering(tree):
    CardNumbering.objects.create(unit=tree.p1, prefix="CTĐ-DN-", digits=6)
    CardNumbering.objects.create(unit=tree.b1, prefix="HC-", digits=5)
    assert numbering_for(tree.br1a).prefix == "HC-"
    assert next_card_number(tree.br1a) == "HC-00001"
    assert next_card_number(tree.br2a) == "CTĐ-DN-000001"
    make_member(None, tree.br1b, card_number="HC-00012")
    assert next_card_number(tree.b1) == "HC-00013"


def test_the_admission_form_offers_the_next_number_and_admits_with_it(tree, users, login):
    make_member(None, tree.br1a, card_number="48-0000041")
    client = login(users.base_editor)
    assert _offered(client, tree.br1a) == "48-0000042"
    page = client.get(reverse("people:new", args=[tree.br1a.pk])).content.decode()
    assert "Số tiếp theo theo cách đánh số thẻ của Hội; có thể sửa." in page
    data = new_data(tree.br1a, card_number="48-0000042")
    assert client.post(reverse("people:new", args=[tree.br1a.pk]), data).status_code == 302
    assert Membership.objects.filter(card_number="48-0000042").count() == 1
    assert _offered(client, tree.br1a) == "48-0000043"  # the next one, never a taken one
    assert _offered(client, tree.b1) == "48-0000043"  # the base shares the province's sequence


def test_the_admission_form_keeps_what_the_user_typed(tree, users, login):
    client = login(users.base_editor)
    data = new_data(tree.br1a, card_number="", full_name="")  # refused: no name
    r = client.post(reverse("people:new", args=[tree.br1a.pk]), data)
    assert r.status_code == 200
    box = re.search(r'<input[^>]*name="card_number"[^>]*>', r.content.decode()).group(0)
    assert 'value="48-' not in box  # an emptied box stays empty
