"""Indexes for the collection rates and amounts of a subtree (PostgreSQL only).

- ``dues_payment_year_path_live``: a subtree's live receipts of a year are one range of it
  (``unit_path LIKE 'p%'`` needs varchar_pattern_ops under a non-C collation), with the person,
  date and amount included: the rates join them by person and ``amount_collected`` sums them
  from the index alone.
- ``dues_membership_path_person``: the rates read a subtree's memberships who must pay as of a
  date with their person; members' own covering path index has no person, which made a
  province's read visit most pages of the table. With this one it is an index-only scan.
- ``dues_fund_entry_dues_year``: ``amount_remitted`` and the remittance statement read the fund
  entries that move a year's dues, a few per unit among all of a ledger's entries.

They live here because dues' reads need them. SQLite needs none (the tests' data is small).
"""

from django.db import migrations

INDEXES = {
    "dues_payment_year_path_live": (
        "CREATE INDEX IF NOT EXISTS dues_payment_year_path_live ON dues_duespayment "
        "(year, unit_path varchar_pattern_ops) INCLUDE (person_id, paid_on, amount) "
        "WHERE cancelled_at IS NULL"
    ),
    "dues_membership_path_person": (
        "CREATE INDEX IF NOT EXISTS dues_membership_path_person ON members_membership "
        "(unit_path varchar_pattern_ops) INCLUDE (category, joined_on, ended_on, person_id)"
    ),
    "dues_fund_entry_dues_year": (
        'CREATE INDEX IF NOT EXISTS dues_fund_entry_dues_year ON funds_entry (dues_year, "on") '
        "WHERE dues_year IS NOT NULL"
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in INDEXES.values():
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("dues", "0001_initial"),
        ("members", "0004_membership_path_index"),
        ("funds", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
