"""The blood figures equal a direct recount, and reach the catalogue with their FDRS code."""

import datetime

from blood import figures, services
from blood.models import Registration
from indicators.catalogue import BY_CODE

from .conftest import donate

D = datetime.date


def test_figures_count_drives_units_donors_first_repeat_deferrals_and_honours(
    users, tree, person_factory, drive_factory
):
    an = person_factory(name="Nguyễn Văn An", birth=D(1990, 1, 1))
    binh = person_factory(name="Trần Thị Bình", sex="F", birth=D(2004, 1, 1))
    cuong = person_factory(name="Lê Văn Cường", birth=D(1980, 1, 1))
    donate(users.base_editor, drive_factory(date=D(2024, 6, 1)), an)  # before the year
    services.update_donor(actor=users.base_editor, person=cuong, opening_count=4,
                          opening_source="Sổ phường")  # fmt: skip
    d1 = drive_factory(date=D(2025, 3, 2))
    donate(users.base_editor, d1, an, volume=450)
    donate(users.base_editor, d1, binh, volume=250)
    donate(users.base_editor, d1, cuong, volume=350)
    d2 = drive_factory(date=D(2025, 9, 7), unit=tree.br1a)
    donate(users.base_editor, d2, binh, volume=250)
    dave = person_factory(name="Phạm Văn Dũng")
    reg = services.register(actor=users.base_editor, drive=d2, person=dave, weight_kg="60")
    services.record_outcomes(actor=users.base_editor, drive=d2, items=[
        {"registration": reg.pk, "outcome": "deferred", "deferral_category": "pressure",
         "deferred_until": D(2025, 10, 1)}
    ])  # fmt: skip
    cancelled = drive_factory(date=D(2025, 5, 1))
    services.cancel_drive(actor=users.base_editor, drive=cancelled, reason="Mưa bão")

    got = figures.own_figures(2025, D(2025, 12, 31), None)
    b1, br = got[tree.b1.pk], got[tree.br1a.pk]
    assert b1["bd:drives"] == 1 and br["bd:drives"] == 1
    assert (b1["bd:units"], b1["bd:ml"]) == (3, 1050)
    assert (b1["bd:vol:450"], b1["bd:vol:350"], b1["bd:vol:250"]) == (1, 1, 1)
    assert b1["bd:donors:M:30-39"] == 1 and b1["bd:donors:F:18-29"] == 1
    assert b1["bd:donors:M:40-49"] == 1
    # An gave in 2024, Cường before sohoi: repeat; Bình's first donation is this year.
    assert (b1["bd:first"], b1["bd:repeat"]) == (1, 2)
    assert (br["bd:units"], br["bd:repeat"], br["bd:first"]) == (1, 1, 0)
    assert br["bd:def:pressure"] == 1
    assert b1["bd:honour:5"] == 1  # Cường: 4 before sohoi + 1
    recount = Registration.objects.filter(date__year=2025, outcome="donated").count()
    assert sum(f.get("bd:units", 0) for f in got.values()) == recount
    assert figures.own_figures(2025, D(2025, 12, 31), [tree.br1a.pk]).keys() == {tree.br1a.pk}


def test_the_catalogue_has_the_blood_indicators_with_the_fdrs_code():
    assert BY_CODE["blood_donors"].fdrs == "KPI_DonBlood_Tot"
    assert {"blood_units", "blood_first", "blood_repeat", "blood_deferrals_haemoglobin",
            "blood_honours_100", "blood_donors_18_29"} <= set(BY_CODE)  # fmt: skip
