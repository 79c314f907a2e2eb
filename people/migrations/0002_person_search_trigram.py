"""Search indexes on Person.search_key (PostgreSQL only; SQLite scans, fine at its scale).

- full text over the key's words ('simple' configuration, no stemming or stop words): serves the
  word-prefix lookup ``search_key__words`` (core.fields.Words) for common names at national scale;
- trigram: serves ``search_key__contains`` (substring) where that is used.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS people_person_search_key_trgm "
        "ON people_person USING gin (search_key gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS people_person_search_fts "
        "ON people_person USING gin (to_tsvector('simple'::regconfig, search_key))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS people_person_search_key_trgm")
        schema_editor.execute("DROP INDEX IF EXISTS people_person_search_fts")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
