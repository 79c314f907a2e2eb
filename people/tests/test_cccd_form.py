"""A CCCD typed with a digit missing is told it needs 12 digits, not that the sex does not match
(a number read from a spreadsheet, which lost its leading zero, still gets the zero back)."""

from django.urls import reverse

from people.models import Person

from .test_person_views import new_data


def test_it_says_an_eleven_digit_cccd_needs_twelve_digits(users, tree, login):
    typed = "04818565432"  # 048185654321 (a woman born 1985) with a digit missed
    response = login(users.base_editor).post(
        reverse("people:new", args=[tree.b1.pk]), new_data(tree.br1a, cccd=typed)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["cccd"]
    assert errors == ["Số CCCD phải có 12 chữ số (đã nhập 11)."]
    assert "giới tính" not in response.content.decode().split('id="id_cccd"')[1][:600]
    assert f'value="{typed}"' in response.content.decode()
    assert not Person.objects.exists()


def test_it_says_an_eleven_digit_cccd_needs_twelve_digits_in_the_api(users, tree, client):
    import pytest
    from django.core.exceptions import ValidationError

    from people.services import create_person

    with pytest.raises(ValidationError) as e:
        create_person(
            actor=users.base_editor, unit=tree.br1a, full_name="Lê Thị Hồng", sex="F",
            birth_year=1985, cccd="04818565432",
        )  # fmt: skip
    assert e.value.message_dict["cccd"] == ["Số CCCD phải có 12 chữ số (đã nhập 11)."]
