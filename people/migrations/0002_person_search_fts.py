"""Search indexes on people, PostgreSQL only (SQLite scans, fine at its scale).

The 'simple' configuration (no stemming, no stop words) over the accent-free key, stored in a
generated column ``search_tsv`` that Django does not know about, serves the phrase lookup
``search_key__words`` (core.fields.Words): "nguyen thi hoa" among a million people.
A trigram index was measured and dropped: for common names ("nguyen", "thi") its posting lists
are huge and a search took 100+ ms at a million people against ~20 ms here.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # A stored copy of the key's words: a phrase query must re-check the candidate rows, and
    # reading a stored vector is several times cheaper than running to_tsvector on each.
    schema_editor.execute(
        "ALTER TABLE people_person ADD COLUMN IF NOT EXISTS search_tsv tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_key)) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS people_person_search_fts ON people_person USING gin (search_tsv)"
    )
    # Prefix search by phone or CCCD ("0912…") under any database collation.
    for column in ("phone", "cccd"):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS people_person_{column}_prefix "
            f"ON people_person ({column} varchar_pattern_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS people_person_search_fts")
        schema_editor.execute("ALTER TABLE people_person DROP COLUMN IF EXISTS search_tsv")
        for column in ("phone", "cccd"):
            schema_editor.execute(f"DROP INDEX IF EXISTS people_person_{column}_prefix")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
