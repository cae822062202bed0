"""A trigram index for the customer search on PostgreSQL.

The search is ``search_text LIKE '%TERM%'``, which no B-tree can serve; a GIN
trigram index can. SQLite has no such index and scans its rows instead, so
this migration does nothing there (and the index stays out of the model state).
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS customer_search_trgm "
            "ON customers_customer USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS customer_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
