import pytest
from django.core.management import CommandError, call_command

from org.models import AssociationProfile, Unit, UnitKind


def test_it_sets_up_an_association_with_a_province(db, capsys):
    call_command("setup_association", "--preset", "women_union", "--province", "48")
    profile = AssociationProfile.current()
    assert profile.preset == "women_union" and profile.short_name == "LHPN"
    central = Unit.objects.get(kind=UnitKind.CENTRAL)
    assert central.name == "Trung ương Hội Liên hiệp Phụ nữ Việt Nam"
    province = Unit.objects.get(kind=UnitKind.PROVINCE)
    assert province.name == "Hội Liên hiệp Phụ nữ thành phố Đà Nẵng"
    assert Unit.objects.filter(kind=UnitKind.BASE).count() == 94
    assert "94 Hội cơ sở" in capsys.readouterr().out


def test_it_can_run_again_without_duplicates(db):
    call_command("setup_association", "--province", "48")
    count = Unit.objects.count()
    call_command("setup_association", "--province", "48")
    assert Unit.objects.count() == count
    assert Unit.objects.filter(kind=UnitKind.CENTRAL).count() == 1


@pytest.mark.parametrize("code", ["99", "4x"])
def test_it_refuses_an_unknown_province_cleanly(db, code):
    with pytest.raises(CommandError):
        call_command("setup_association", "--province", code)
    assert not Unit.objects.filter(kind=UnitKind.PROVINCE).exists()
