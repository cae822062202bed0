from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from garage.kernel.messages import Envelope, Event, UnknownEventError

from .conftest import Pinged


def test_envelope_carries_identity_type_version_time_source_and_data():
    at = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    envelope = Envelope.wrap(Pinged(n=3), occurred_at=at)

    assert envelope.event_type == "Pinged"
    assert envelope.schema_version == 1
    assert envelope.occurred_at == at
    assert envelope.source == "tests"
    assert envelope.data == {"n": 3}
    assert envelope.event_id != Envelope.wrap(Pinged(n=3), occurred_at=at).event_id


def test_envelope_round_trips_through_json():
    envelope = Envelope.wrap(Pinged(n=3), datetime(2026, 1, 1, tzinfo=UTC))
    again = Envelope.model_validate_json(envelope.model_dump_json())

    assert again == envelope
    assert again.open() == Pinged(n=3)


def test_consumers_ignore_fields_they_do_not_know():
    envelope = Envelope.wrap(Pinged(n=3), datetime(2026, 1, 1, tzinfo=UTC))
    newer = envelope.model_copy(update={"data": {"n": 3, "added_later": True}})

    assert newer.open() == Pinged(n=3)


def test_unknown_event_types_are_refused():
    envelope = Envelope.wrap(Pinged(n=3), datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(UnknownEventError):
        envelope.model_copy(update={"event_type": "NoSuchThing"}).open()


def test_events_are_registered_by_name_and_frozen():
    assert Event.registry["Pinged"] is Pinged
    with pytest.raises(ValidationError, match="frozen"):
        Pinged(n=1).n = 2


def test_envelope_needs_an_aware_time():
    with pytest.raises(ValueError):
        Envelope.wrap(Pinged(n=1), occurred_at=datetime(2026, 1, 1))
