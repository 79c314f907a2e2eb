"""Every entry into one of its unit's funds: dues money (an entry carrying a dues year or of the
"dues share" category) into the dues fund, everything else into the humanitarian fund; then the
dues collected before funds existed (live receipts) booked into the collecting unit's dues fund,
one entry per receipt, on the day it was paid. Closed periods are not checked: this records what
already happened, it does not change what the books said was received before."""

from django.db import migrations
from django.db.models import Q

BATCH = 5000


def forwards(apps, schema_editor):
    Fund = apps.get_model("funds", "Fund")
    Entry = apps.get_model("funds", "Entry")
    DuesPayment = apps.get_model("dues", "DuesPayment")
    dues_q = Q(dues_year__isnull=False) | Q(category="dues_share")
    funds: dict[tuple[int, str], int] = {}

    def fund_id(unit_id: int, kind: str) -> int:
        key = (unit_id, kind)
        if key not in funds:
            funds[key] = Fund.objects.get_or_create(unit_id=unit_id, kind=kind)[0].pk
        return funds[key]

    for kind, q in (("dues", dues_q), ("humanitarian", ~dues_q)):
        units = Entry.objects.filter(q, fund__isnull=True).values_list("unit_id", flat=True)
        for unit_id in sorted(set(units)):
            Entry.objects.filter(q, fund__isnull=True, unit_id=unit_id).update(
                fund_id=fund_id(unit_id, kind)
            )

    booked = Entry.objects.filter(dues_payment__isnull=False).values("dues_payment_id")
    receipts = (
        DuesPayment.objects.filter(cancelled_at__isnull=True)
        .exclude(pk__in=booked)
        .order_by("pk")
        .values_list("pk", "unit_id", "year", "receipt_no", "amount", "paid_on", "created_by_id")
    )
    rows = []
    for pk, unit_id, year, number, amount, paid_on, by in receipts.iterator(chunk_size=BATCH):
        rows.append(
            Entry(
                unit_id=unit_id,
                fund_id=fund_id(unit_id, "dues"),
                on=paid_on,
                amount=amount,
                direction="in",
                category="dues",
                dues_year=year,
                dues_payment_id=pk,
                document_number=f"{year}-{number:05d}",
                created_by_id=by,
            )
        )
        if len(rows) >= BATCH:
            Entry.objects.bulk_create(rows)
            rows = []
    Entry.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0002_funds_per_unit"),
        ("dues", "0002_rate_indexes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
