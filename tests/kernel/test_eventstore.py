"""The generic event store, on the workshop's table (any StoredEvent would do)."""

import json

import pytest
from django.db import connection, transaction

from apps.workshop.models import PlanningEvent
from garage.kernel import eventstore
from garage.kernel.errors import ConcurrencyError
from garage.kernel.eventstore import NewEvent, RecordedEvent

pytestmark = pytest.mark.django_db


def new(event_type: str, n: int = 0) -> NewEvent:
    return NewEvent(event_type, json.dumps({"n": n}), {"by": "test"})


def test_load_gives_a_streams_events_in_version_order():
    eventstore.append(PlanningEvent, "s1", 0, [new("A", 1), new("B", 2)])
    eventstore.append(PlanningEvent, "s2", 0, [new("X")])
    eventstore.append(PlanningEvent, "s1", 2, [new("C", 3)])

    loaded = eventstore.load(PlanningEvent, "s1")

    assert [(e.version, e.event_type) for e in loaded] == [(1, "A"), (2, "B"), (3, "C")]
    assert all(isinstance(e, RecordedEvent) for e in loaded)
    assert [json.loads(e.payload) for e in loaded] == [{"n": 1}, {"n": 2}, {"n": 3}]
    assert eventstore.load(PlanningEvent, "unknown") == []


def test_append_returns_the_new_version_and_keeps_the_metadata():
    assert eventstore.append(PlanningEvent, "s1", 0, [new("A"), new("B")]) == 2

    row = PlanningEvent.objects.get(stream_id="s1", version=2)
    assert row.payload == {"n": 0}
    assert row.metadata == {"by": "test"}
    assert row.recorded_at is not None


def test_appending_on_a_version_already_written_is_a_concurrency_error():
    eventstore.append(PlanningEvent, "s1", 0, [new("A")])

    with pytest.raises(ConcurrencyError), transaction.atomic():
        eventstore.append(PlanningEvent, "s1", 0, [new("B")])

    assert [e.event_type for e in eventstore.load(PlanningEvent, "s1")] == ["A"]


def test_retrying_runs_the_attempt_again_after_a_conflict():
    eventstore.append(PlanningEvent, "s1", 0, [new("A")])
    expected_versions = iter([0, 1])

    def attempt() -> int:
        return eventstore.append(
            PlanningEvent, "s1", next(expected_versions), [new("B")]
        )

    assert eventstore.retrying(attempt) == 2
    # The failed attempt left the transaction usable.
    assert [e.version for e in eventstore.load(PlanningEvent, "s1")] == [1, 2]


def test_retrying_gives_up_with_a_concurrency_error():
    eventstore.append(PlanningEvent, "s1", 0, [new("A")])
    attempts = []

    def attempt() -> int:
        attempts.append(1)
        return eventstore.append(PlanningEvent, "s1", 0, [new("B")])

    with pytest.raises(ConcurrencyError):
        eventstore.retrying(attempt, attempts=3)

    assert len(attempts) == 3
    assert PlanningEvent.objects.count() == 1


def test_retrying_lets_other_errors_through_at_once():
    attempts = []

    def attempt() -> None:
        attempts.append(1)
        raise ValueError("no")

    with pytest.raises(ValueError):
        eventstore.retrying(attempt)

    assert len(attempts) == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger exists on PostgreSQL only",
)
def test_forbid_update_and_delete_installs_a_trigger_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass",
            [PlanningEvent._meta.db_table],
        )
        triggers = [name for (name,) in cursor.fetchall()]

    assert "workshop_planningevent_append_only" in triggers
