"""Trigram indexes for the customer search on PostgreSQL.

The search is ``UPPER(column::text) LIKE UPPER('%term%')`` (Django's icontains),
which no B-tree can serve; a GIN trigram index on the same expression can.
SQLite has no such index and scans its few thousand rows instead, so this
migration does nothing there (and the indexes stay out of the model state).
"""

from django.db import migrations

COLUMNS = ["name", "city", "email_address"]


def index_name(column: str) -> str:
    return f"customer_{column}_trgm"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(column)} ON customers_customer "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(column)}")


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
