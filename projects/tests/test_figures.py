"""The projects figures equal a direct count of what the services wrote, and the catalogue lists
the indicators other apps rely on."""

from projects import services
from projects.figures import INDICATORS, own_figures

from .factories import D, households

CODES = {
    "projects_houses_started", "projects_houses_handed_over", "projects_houses_value",
    "projects_cows_given", "projects_calves_born", "projects_calves_passed_on",
    "projects_households_reached", "projects_households_owning", "projects_capital_groups",
    "projects_capital_members", "projects_capital_outstanding", "projects_checkup_events",
    "projects_checkup_visits", "projects_checkup_value", "projects_kitchen_meals",
}  # fmt: skip


def test_the_indicators_other_apps_rely_on_are_in_the_catalogue():
    from indicators.catalogue import BY_CODE

    assert {i["code"] for i in INDICATORS} >= CODES
    assert set(BY_CODE) >= CODES


def test_own_figures_count_what_was_recorded(users, tree):
    ed = users.base_editor
    h1, h2, h3 = households(ed, tree.b1, 3)
    cow = services.acquire_cow(actor=ed, unit=tree.b1, acquired_on=D(2024, 1, 2))
    services.give_cow(actor=ed, animal=cow, household=h1, on=D(2024, 1, 3))
    calf = services.record_birth(actor=ed, mother=cow, born_on=D(2024, 11, 1), sex="F")
    services.pass_on(actor=ed, calf=calf, on=D(2025, 5, 2), household=h2)
    services.record_birth(actor=ed, mother=cow, born_on=D(2025, 10, 1), sex="M")
    house = services.propose_house(actor=ed, unit=tree.b1, household=h3, kind="new", location="Tổ 1", on=D(2025, 1, 1))  # fmt: skip
    services.add_support(actor=ed, house=house, source="fund", amount=40_000_000)
    services.add_support(actor=ed, house=house, source="household", amount=10_000_000)
    for to, on in (
        ("approved", D(2025, 1, 2)),
        ("building", D(2025, 2, 1)),
        ("handed", D(2025, 6, 1)),
    ):
        services.advance_house(actor=ed, house=house, to=to, on=on)
    g = services.create_group(actor=ed, unit=tree.b1, name="Tổ vốn", founded_on=D(2025, 1, 1))
    m = services.add_member(actor=ed, group=g, person=h1.person, joined_on=D(2025, 1, 1))
    services.contribute(actor=ed, group=g, on=D(2025, 1, 2), amount=5_000_000)
    loan = services.lend(actor=ed, group=g, member=m, on=D(2025, 2, 1), amount=4_000_000, due=D(2025, 8, 1))  # fmt: skip
    services.repay(actor=ed, loan=loan, on=D(2025, 7, 1), amount=1_000_000)
    services.record_event(actor=ed, unit=tree.b1, kind="checkup", on=D(2025, 4, 1), place="Trạm y tế", count=500, values=[("partner", "", 150_000_000)])  # fmt: skip
    services.record_event(actor=ed, unit=tree.b1, kind="kitchen", on=D(2025, 4, 2), place="Bệnh viện", count=300)  # fmt: skip
    services.record_event(actor=ed, unit=tree.b1, kind="kitchen", on=D(2024, 4, 2), place="Bệnh viện", count=99)  # fmt: skip
    f = own_figures(2025, D(2025, 12, 31), None)[tree.b1.pk]
    assert f == {
        "projects:house:started": 1, "projects:house:handed": 1, "projects:house:value": 50_000_000,
        "projects:cow:born": 1, "projects:cow:passed": 1, "projects:cow:reached": 2,
        "projects:cow:owning": 1, "projects:cap:groups": 1, "projects:cap:members": 1,
        "projects:cap:outstanding": 3_000_000, "projects:chk:events": 1, "projects:chk:visits": 500,
        "projects:chk:value": 150_000_000, "projects:kit:events": 1, "projects:kit:meals": 300,
    }  # fmt: skip
    f24 = own_figures(2024, D(2024, 12, 31), [tree.b1.pk])[tree.b1.pk]
    assert (f24["projects:cow:given"], f24["projects:cow:born"], f24["projects:cow:reached"]) == (
        1,
        1,
        1,
    )
    assert "projects:cow:owning" not in f24 and f24["projects:kit:meals"] == 99
    # Outstanding as of mid-year: before the repayment.
    assert (
        own_figures(2025, D(2025, 6, 30), None)[tree.b1.pk]["projects:cap:outstanding"] == 4_000_000
    )
