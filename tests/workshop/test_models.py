import pytest
from django.db import DatabaseError, connection, transaction

from apps.workshop.models import PlanningEvent

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the database refuses UPDATE and DELETE on PostgreSQL only",
    ),
]


@pytest.fixture
def event(db) -> PlanningEvent:
    return PlanningEvent.objects.create(
        stream_id="2030-05-06", version=1, event_type="T", payload={}
    )


def test_the_database_refuses_to_update_a_planning_event(event):
    refused = pytest.raises(DatabaseError, match="UPDATE on workshop_planningevent")
    with refused, transaction.atomic():
        PlanningEvent.objects.filter(pk=event.pk).update(payload={"x": 1})

    event.refresh_from_db()
    assert event.payload == {}


def test_the_database_refuses_to_delete_a_planning_event(event):
    refused = pytest.raises(DatabaseError, match="DELETE on workshop_planningevent")
    with refused, transaction.atomic():
        PlanningEvent.objects.filter(pk=event.pk).delete()

    assert PlanningEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_cannot_rewrite_history_either(event):
    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE workshop_planningevent SET version = 7")
