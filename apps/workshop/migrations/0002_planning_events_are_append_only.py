from django.db import migrations

from garage.kernel.eventstore import forbid_update_and_delete


class Migration(migrations.Migration):
    """On PostgreSQL, the database itself refuses UPDATE and DELETE on the
    planning events: the event store is append-only."""

    dependencies = [
        ("workshop", "0001_initial"),
    ]

    operations = [
        forbid_update_and_delete("workshop_planningevent"),
    ]
