import threading

import pytest
from django.db import connection

from dues import services
from dues.models import DuesPayment

from .factories import PAID_ON, YEAR, members

THREADS, EACH = 8, 5


@pytest.mark.django_db(transaction=True)
def test_it_never_gives_two_receipts_the_same_number_under_concurrent_collection(tree):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, there is no race to test")
    groups = [members(tree.br1a if i % 2 else tree.br1b, EACH) for i in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def collect(group):
        from django.db import connection as conn

        try:
            barrier.wait()
            unit = group[0].unit
            services.record_payments(
                actor=None, unit=unit, year=YEAR, paid_on=PAID_ON, memberships=group
            )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=collect, args=(g,)) for g in groups]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(
        DuesPayment.objects.filter(base=tree.b1, year=YEAR).values_list("receipt_no", flat=True)
    )
    assert numbers == list(range(1, THREADS * EACH + 1))
    # Each tick-list got a consecutive block of numbers.
    for g in groups:
        got = sorted(
            DuesPayment.objects.filter(membership__in=g).values_list("receipt_no", flat=True)
        )
        assert got == list(range(got[0], got[0] + EACH))


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_exemption_cap_under_concurrent_decisions(tree):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, there is no race to test")
    ms = members(tree.br1a, 20)  # cap 2
    barrier = threading.Barrier(6)
    done: list[int] = []

    def decide(m):
        from django.core.exceptions import ValidationError
        from django.db import connection as conn

        try:
            barrier.wait()
            services.grant_exemption(
                actor=None, membership=m, year=YEAR, decision_ref="QĐ", decided_on=PAID_ON
            )
            done.append(m.pk)
        except ValidationError:
            pass
        finally:
            conn.close()

    threads = [threading.Thread(target=decide, args=(m,)) for m in ms[:6]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(done) == 2
