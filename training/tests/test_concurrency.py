"""Certificate numbers under concurrent issuing: no duplicate, no gap (PostgreSQL)."""

import datetime
import threading

import pytest
from django.db import connection

from members.tests.factories import make_person
from training import services
from training.models import Certificate

from .factories import passed_class

THREADS, EACH = 8, 4
D = datetime.date


@pytest.mark.django_db(transaction=True)
def test_it_never_gives_two_certificates_the_same_number_under_concurrent_issuing(tree, users):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, there is no race to test")
    classes = []
    for i in range(THREADS):
        people = [make_person(users.base_editor, tree.b1, f"Hồ Văn Lớp{i} Người{j}", sex="M")
                  for j in range(EACH)]  # fmt: skip
        classes.append(passed_class(users.base_editor, tree.b1, people)[0])
    # A renewal competes for the same counter too.
    first = services.issue_certificates(actor=None, cls=classes.pop(), issued_on=D(2025, 5, 12))
    barrier = threading.Barrier(len(classes) + 1)
    errors: list[BaseException] = []

    def run(action):
        from django.db import connection as conn

        try:
            barrier.wait()
            action()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            conn.close()

    actions = [
        (lambda c=c: services.issue_certificates(actor=None, cls=c, issued_on=D(2025, 5, 12)))
        for c in classes
    ] + [
        lambda: services.renew_certificate(
            actor=None, certificate=first[0], issued_on=D(2025, 6, 1)
        )
    ]
    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = sorted(Certificate.objects.filter(unit=tree.b1, year=2025).values_list("seq", flat=True))
    assert seqs == list(range(1, THREADS * EACH + 2))
    numbers = list(Certificate.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)
    for c in classes:  # each class got a consecutive block
        got = sorted(
            Certificate.objects.filter(participant__training_class=c).values_list("seq", flat=True)
        )
        assert got == list(range(got[0], got[0] + EACH))
