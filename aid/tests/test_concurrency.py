"""Two units adding the same person to the same campaign at the same moment: both pass the
check, the database's unique index lets one through and the other line is refused, naming the
unit that listed the person. Needs PostgreSQL (SQLite serialises every write):
``PG_FAST=1 scripts/with-postgres.sh .venv/bin/python -m pytest aid``."""

import threading
import time

import pytest
from django.db import connection, transaction

from aid import services
from aid.models import Recipient

from .factories import campaign, line, person


def _race(first, second):
    """Run ``first`` in a transaction held open until ``second`` (in another thread) is waiting
    on it; then commit ``first``. Returns what each raised (or None)."""
    inserted, release = threading.Event(), threading.Event()
    out: dict[str, BaseException | None] = {"first": None, "second": None}

    def run_first():
        from django.db import connection as conn

        try:
            with transaction.atomic():
                first()
                inserted.set()
                release.wait(10)
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            out["first"] = exc
        finally:
            inserted.set()
            conn.close()

    def run_second():
        from django.db import connection as conn

        inserted.wait(10)
        try:
            second()
        except BaseException as exc:  # noqa: BLE001
            out["second"] = exc
        finally:
            conn.close()

    a, b = threading.Thread(target=run_first), threading.Thread(target=run_second)
    a.start()
    b.start()
    time.sleep(1.0)  # the second is now blocked on the first's uncommitted index entry
    release.set()
    a.join(15)
    b.join(15)
    return out


@pytest.fixture
def setup(users, tree):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, there is no race to test")
    tet = campaign(users.province_manager, tree.p1, [(tree.b1, 10), (tree.b2, 10)])
    l1 = services.create_list(actor=users.province_manager, campaign=tet, unit=tree.b1)
    l2 = services.create_list(actor=users.province_manager, campaign=tet, unit=tree.b2)
    return tet, l1, l2


@pytest.mark.django_db(transaction=True)
def test_the_same_person_picked_by_two_units_at_once_gets_one_parcel(users, tree, setup):
    tet, l1, l2 = setup
    p = person(users.province_manager, tree.p1, "Trần Văn Bình", 1948, "M")
    pick = [services.RecipientLine(line=1, person_id=p.pk)]
    out = _race(
        lambda: services.add_recipients(actor=users.province_manager, rlist=l1, lines=pick),
        lambda: services.add_recipients(actor=users.province_manager, rlist=l2, lines=pick),
    )
    assert out["first"] is None
    refused = out["second"]
    assert isinstance(refused, services.LinesRefused)
    [(n, why)] = refused.lines
    assert n == 1 and "tại Hội Chữ thập đỏ phường Hải Châu" in why
    assert list(Recipient.objects.values_list("unit_id", flat=True)) == [tree.b1.pk]


@pytest.mark.django_db(transaction=True)
def test_the_same_new_cccd_typed_by_two_units_at_once_gets_one_parcel(users, tree, setup):
    tet, l1, l2 = setup
    typed = [line(1, cccd="048048123456"), line(2, "Lê Thị Cúc", 1960, "F")]
    out = _race(
        lambda: services.add_recipients(actor=users.base_editor, rlist=l1, lines=typed[:1]),
        lambda: services.add_recipients(actor=users.sibling, rlist=l2, lines=typed),
    )
    assert out["first"] is None
    refused = out["second"]
    assert isinstance(refused, services.LinesRefused)
    assert [n for n, _why in refused.lines] == [1]
    # Nothing of the refused list was written, not even its other line.
    assert Recipient.objects.count() == 1 and not l2.lines.exists()
