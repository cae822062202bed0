"""Writing the outbox: the events, and one delivery per consuming context.

This runs inside every command, so it is written in SQL. On PostgreSQL one
statement writes both tables (the events' INSERT in a WITH clause, the
deliveries selected from its RETURNING): one round trip per command, the
envelope sent as JSON text pydantic wrote. Elsewhere (SQLite, in process, no
round trips) one multi-row INSERT per table, values prepared by the models'
fields. Measured: 0.90 ms for an event and three deliveries with two INSERTs,
against 1.38 ms with two ``bulk_create`` calls, whose query building and model
instances cost more than the writes.
"""

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

from django.db import connection

from .messages import Envelope
from .models import Delivery, OutboxEvent

EVENT_COLUMNS = ["event_id", "event_type", "source", "occurred_at", "envelope"]
EVENT_COLUMNS += ["correlation_id", "causation_id"]
DELIVERY_COLUMNS = ["event", "consumer", "ordering_key", "state", "attempts"]
DELIVERY_COLUMNS += ["last_error", "created_at", "due_at"]
BATCH = 1000  # rows per statement, well within both databases' parameter limits
EVENTS_AT_ONCE = 500  # events per statement on PostgreSQL, with their deliveries
Consumers = Callable[[str], list[str]]
PENDING = Delivery.State.PENDING


def write(envelopes: Sequence[Envelope], consumers_of: Consumers) -> list[int]:
    """Inserts the envelopes and their deliveries; returns the delivery ids,
    in publication order."""
    if connection.vendor != "postgresql":
        return _write_per_table(envelopes, consumers_of)
    ids: list[int] = []
    for first in range(0, len(envelopes), EVENTS_AT_ONCE):
        ids += _write_at_once(envelopes[first : first + EVENTS_AT_ONCE], consumers_of)
    return ids


def _write_per_table(
    envelopes: Sequence[Envelope], consumers_of: Consumers
) -> list[int]:
    event_ids = _insert(OutboxEvent, EVENT_COLUMNS, map(_event_values, envelopes))
    deliveries = [
        [
            event_id,
            consumer,
            e.ordering_key,
            Delivery.State.PENDING,
            0,
            "",
            e.occurred_at,
            e.occurred_at,
        ]
        for event_id, e in zip(event_ids, envelopes, strict=True)
        for consumer in consumers_of(e.event_type)
    ]
    return _insert(Delivery, DELIVERY_COLUMNS, deliveries)


def _event_values(envelope: Envelope) -> list[Any]:
    return [
        envelope.event_id,
        envelope.event_type,
        envelope.source,
        envelope.occurred_at,
        envelope.model_dump(mode="json"),
        envelope.correlation_id,
        envelope.causation_id,
    ]


def _insert(model, columns: list[str], rows: Iterable[list[Any]]) -> list[int]:
    rows = list(rows)
    ids: list[int] = []
    for first in range(0, len(rows), BATCH):
        ids += _insert_batch(model, columns, rows[first : first + BATCH])
    return ids


def _insert_batch(model, columns: list[str], rows: list[list[Any]]) -> list[int]:
    # RETURNING (PostgreSQL, SQLite >= 3.35) gives the ids in VALUES order, as
    # Django's own bulk_create relies on.
    sql = f"INSERT INTO {_table(model)} ({_columns(model, columns)}) "
    sql += f"VALUES {_placeholders(len(rows), len(columns))} RETURNING id"
    with connection.cursor() as cursor:
        cursor.execute(sql, _prepare(model, columns, rows))
        return [row[0] for row in cursor.fetchall()]


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _columns(model, names: list[str]) -> str:
    quote = connection.ops.quote_name
    return ", ".join(quote(model._meta.get_field(name).column) for name in names)


def _placeholders(rows: int, columns: int) -> str:
    return ", ".join(["(" + ", ".join(["%s"] * columns) + ")"] * rows)


def _prepare(model, columns: list[str], rows: list[list[Any]]) -> list[Any]:
    fields = [model._meta.get_field(name) for name in columns]
    return [
        field.get_db_prep_save(value, connection)
        for row in rows
        for field, value in zip(fields, row, strict=True)
    ]


# PostgreSQL: one statement


def _write_at_once(envelopes: Sequence[Envelope], consumers_of: Consumers) -> list[int]:
    events, deliveries = [], []
    for envelope in envelopes:
        events += [
            envelope.event_id,
            envelope.event_type,
            envelope.source,
            envelope.occurred_at,
            envelope.model_dump_json(),
            envelope.correlation_id,
            envelope.causation_id,
        ]
        for consumer in consumers_of(envelope.event_type):
            at = envelope.occurred_at
            deliveries += [envelope.event_id, consumer, envelope.ordering_key, at]
    with connection.cursor() as cursor:
        cursor.execute(_at_once_sql(len(envelopes), len(deliveries) // 4), [
            *events, *deliveries,
        ])  # fmt: skip
        # Ids follow the ORDER BY, so sorted they are in publication order.
        return sorted(row[0] for row in cursor.fetchall())


@lru_cache(maxsize=64)  # the same few shapes, on every command
def _at_once_sql(events: int, deliveries: int) -> str:
    event_rows = ", ".join(["(%s, %s, %s, %s, %s::jsonb, %s, %s)"] * events)
    insert_events = (
        f"INSERT INTO {_table(OutboxEvent)} ({_columns(OutboxEvent, EVENT_COLUMNS)}) "
        f"VALUES {event_rows} RETURNING id, event_id"
    )
    if not deliveries:
        return f"WITH e AS ({insert_events}) SELECT id FROM e WHERE false"
    delivery_rows = ", ".join(
        f"(%s::uuid, %s::text, %s::text, %s::timestamptz, {n})"
        for n in range(deliveries)
    )
    return (
        f"WITH e AS ({insert_events}) "
        f"INSERT INTO {_table(Delivery)} ({_columns(Delivery, DELIVERY_COLUMNS)}) "
        f"SELECT e.id, d.consumer, d.key, '{PENDING}', 0, '', d.at, d.at "
        f"FROM (VALUES {delivery_rows}) AS d(event_id, consumer, key, at, n) "
        "JOIN e ON e.event_id = d.event_id ORDER BY d.n RETURNING id"
    )
