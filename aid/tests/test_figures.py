"""The aid figures equal a direct count of what was recorded, and reach the catalogue."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from aid import figures, services
from indicators.catalogue import BY_CODE

from .factories import D, beneficiary, campaign, line


def _figures(unit_ids=None):
    return figures.own_figures(2025, D(2025, 12, 31), unit_ids)


def test_figures_count_what_was_recorded(users, tree):
    ed = users.base_editor
    hoa = beneficiary(ed, tree.b1, "Nguyễn Thị Hoa", categories=("poor", "lonely_elderly"))
    tam = beneficiary(ed, tree.br1a, "Lê Văn Tám", categories=("poor",), sex="M")
    a = services.propose_address(actor=ed, beneficiary=hoa, on=D(2024, 3, 1))
    services.advance_address(actor=ed, address=a, to="surveyed", on=D(2024, 3, 2), survey="x")
    services.advance_address(actor=ed, address=a, to="approved", on=D(2024, 3, 3))
    services.review_address(actor=ed, address=a, reviewed_on=D(2025, 3, 1), outcome="eligible")
    b = services.propose_address(actor=ed, beneficiary=tam, on=D(2024, 1, 1))
    services.advance_address(actor=ed, address=b, to="surveyed", on=D(2024, 1, 2), survey="x")
    services.advance_address(
        actor=ed, address=b, to="approved", on=D(2024, 1, 3)
    )  # due 3/1/2025, never reviewed
    services.advance_address(actor=ed, address=b, to="supported", on=D(2025, 2, 1))
    services.record_assistance(
        actor=ed, unit=tree.b1, person=hoa.person, on=D(2025, 1, 20), cash=500_000, goods=100_000,
        description="Tiền, gạo", source="fund",
    )  # fmt: skip
    tet = campaign(users.province_manager, tree.p1, [(tree.b1, 10)])
    rl = services.create_list(actor=ed, campaign=tet, unit=tree.b1)
    services.add_recipients(actor=ed, rlist=rl, lines=[line(1), line(2, "Lê Thị Cúc", 1960, "F")])
    services.approve_list(actor=ed, rlist=rl, on=D(2025, 1, 25))
    first = rl.lines.order_by("pk").first()
    services.record_deliveries(actor=ed, rlist=rl, marks={first.pk: "delivered"})
    with CaptureQueriesContext(connection) as q:
        f = _figures()
    assert len(q.captured_queries) <= 10  # a fixed number, whatever the size
    b1, br = f[tree.b1.pk], f[tree.br1a.pk]
    assert b1["aid:ben:F"] == 1 and br["aid:ben:M"] == 1
    assert (
        b1["aid:cat:poor:F"] == 1
        and b1["aid:cat:lonely_elderly:F"] == 1
        and br["aid:cat:poor:M"] == 1
    )
    assert b1["aid:rev:due"] == 1 and b1["aid:rev:ok"] == 1  # done 1 March, due 3 March 2025
    assert br["aid:rev:due"] == 1 and "aid:rev:ok" not in br  # due 3 January 2025, not done
    assert br["aid:addr:supported"] == 1 and "aid:addr:approved" not in br  # approved in 2024
    assert (b1["aid:as:cash"], b1["aid:as:goods"]) == (500_000, 100_000)
    assert (b1["aid:gift:n:tet"], b1["aid:gift:v:tet"]) == (2, 1_000_000)
    assert (b1["aid:gift:cash"], b1["aid:gift:goods"]) == (600_000, 400_000)
    assert b1["aid:reach:ltspd"] == 2  # Hoa (assistance) and the one parcel delivered
    # Asked for one unit only: only that unit.
    assert set(_figures([tree.br1a.pk])) == {tree.br1a.pk}
    assert BY_CODE["aid_reached_drer"].fdrs == "KPI_ReachDRER_D_Tot"
    assert BY_CODE["aid_reviews_on_time"].value is not None
