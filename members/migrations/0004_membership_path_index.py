"""A covering prefix index on Membership.unit_path (PostgreSQL only).

``unit_path LIKE 'p%'`` can use a plain B-tree only under the C collation; varchar_pattern_ops
works under any database collation. The INCLUDE columns let a subtree's counts as of a date, and a
register's name search (a LIKE on the copied search key, returning ids), be answered from the
index alone: an index-only scan of the unit's range.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS members_membership_path_cover ON members_membership "
        "(unit_path varchar_pattern_ops) INCLUDE (id, joined_on, ended_on, category, sort_key, search_key)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS members_membership_path_cover")


class Migration(migrations.Migration):
    dependencies = [("members", "0003_membership_search_key")]
    operations = [migrations.RunPython(create, drop)]
