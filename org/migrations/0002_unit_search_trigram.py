"""Trigram index on Unit.search_key for accent-insensitive "contains" search (PostgreSQL only).

"search_key LIKE '%hoa vang%'" cannot use a B-tree; a GIN trigram index serves it at national scale.
SQLite has no such index and scans, which is fine at its scale.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS org_unit_search_key_trgm "
        "ON org_unit USING gin (search_key gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS org_unit_search_key_trgm")


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
