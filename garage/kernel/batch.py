"""Handling deliveries in batches: many deliveries to one consumer, one commit.

A broker message carries up to ``BUS["HANDLE_BATCH"]`` deliveries to one
consuming context. One statement claims them (``FOR UPDATE``: it waits for the
relay that sent them to commit, and a duplicate message waits for this batch),
one reads which of their subscribers the inbox already knows, each delivery's
subscribers run in turn (``handle_one``, in the delivered event's trace), one
statement writes the inbox entries, one marks the deliveries handled, and one
commit ends it: no statement per delivery but its subscribers' own.

The batch is optimistic. Should a delivery fail, or the batch as a whole (a
statement, the commit), it is rolled back whole, nothing of it stays, and its
deliveries are handled one at a time by ``consumer.deliver``: the failing one
has its attempt counted there (retried with backoff, then dead-lettered),
alone, and its neighbours are handled. Deliveries with an ordering key always
take that path: it keeps their order. So do the deliveries to a subscriber
with effects outside the database (``subscriptions.outside_effects``: it sends
an e-mail): a rolled-back batch would make it send again.
See docs/decisions/0009-batched-delivery.md.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from django.db import connection, transaction
from django.utils import timezone

from . import consumer, subscriptions, tracing
from .messages import Envelope
from .models import Delivery, InboxEntry, OutboxEvent

logger = logging.getLogger(__name__)
State = Delivery.State
Handled = set[tuple[UUID, str]]  # (event id, subscriber) pairs in the inbox


class InboxConflict(Exception):
    """Another handler recorded one of the batch's subscribers first."""


class DeliveryFailed(Exception):
    """A delivery of the batch raised: the batch is rolled back whole."""

    def __init__(self, delivery_id: int) -> None:
        super().__init__(f"Delivery {delivery_id} failed.")
        self.delivery_id = delivery_id


@dataclass(frozen=True)
class Claimed:
    """A delivery this batch holds: locked until the batch commits."""

    pk: int
    consumer: str
    envelope: Envelope


def deliver_batch(delivery_ids: Sequence[int]) -> list[int]:
    """Handles the deliveries, in id order; returns the ones they let go (see
    ``consumer.release_next``), due at once."""
    ids = sorted(set(delivery_ids))
    if len(ids) == 1:
        return consumer.deliver(ids[0])
    try:
        claimed = _handle_batch(ids)
    except DeliveryFailed as failed:
        logger.info(
            "Delivery %s failed in a batch of %s; one at a time.",
            failed.delivery_id,
            len(ids),
        )
        claimed = set()
    except Exception:
        logger.exception("A batch of %s deliveries failed; one at a time.", len(ids))
        claimed = set()
    # Ordered, already handled, or left by a failed batch: the single path.
    return one_at_a_time([pk for pk in ids if pk not in claimed])


def one_at_a_time(delivery_ids: Sequence[int]) -> list[int]:
    released: list[int] = []
    for delivery_id in delivery_ids:
        released += consumer.deliver(delivery_id)
    return released


def _handle_batch(ids: list[int]) -> set[int]:
    """Handles the claimable deliveries among ``ids``; returns their ids.
    Raises (and leaves nothing) if any of them fails."""
    with transaction.atomic():
        claimed = [
            delivery
            for delivery in claim(ids)
            if not subscriptions.acts_outside(
                delivery.consumer, delivery.envelope.event_type
            )
        ]
        if not claimed:
            return set()
        known = _inbox(claimed)
        traces: list[tracing.Trace] = []
        entries: list[tuple[UUID, str]] = []
        for delivery in claimed:
            trace, ran = handle_one(delivery, known)
            traces.append(trace)
            entries += ran
        _record_inbox(entries)
        _mark_handled([delivery.pk for delivery in claimed])
    for delivery, trace in zip(claimed, traces, strict=True):
        tracing.handled(trace, delivery.pk)  # one line each, once committed
    return {delivery.pk for delivery in claimed}


def handle_one(
    delivery: Claimed, known: Handled
) -> tuple[tracing.Trace, list[tuple[UUID, str]]]:
    """Runs one delivery's subscribers, in its event's trace, within the
    batch's transaction. Returns the trace and the (event, subscriber) pairs
    it ran, for the inbox; raises ``DeliveryFailed`` if a subscriber did."""
    envelope = delivery.envelope
    trace = tracing.delivery_trace(
        delivery.consumer,
        envelope.event_id,
        envelope.event_type,
        envelope.correlation_id,
    )
    with tracing.within(trace):
        try:
            return trace, _run_subscribers(delivery, known)
        except Exception as exc:
            raise DeliveryFailed(delivery.pk) from exc


def _run_subscribers(delivery: Claimed, known: Handled) -> list[tuple[UUID, str]]:
    envelope = delivery.envelope
    event = envelope.open()
    ran = []
    for subscriber in subscriptions.subscribers_for(
        delivery.consumer, envelope.event_type
    ):
        entry = (envelope.event_id, subscriptions.subscriber_name(subscriber))
        if entry not in known:
            subscriber(event)
            ran.append(entry)
    return ran


# The statements


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _one_of(column: str, values: list, sql_type: str) -> tuple[str, list]:
    """``column`` is one of ``values``: on PostgreSQL one array parameter, so
    the statement reads the same whatever the batch's size (psycopg converts
    it once and prepares it); elsewhere one placeholder per value."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::{sql_type}[])", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


def claim(ids: list[int]) -> list[Claimed]:
    """Locks the deliveries among ``ids`` still in flight and without an
    ordering key, in id order (two batches never wait for each other in a
    circle); plain ``FOR UPDATE``, as ``SKIP LOCKED`` would pass over the rows
    a relay still holds, and nothing would handle them."""
    lock = " FOR UPDATE OF d" if connection.features.has_select_for_update_of else ""
    among, params = _one_of("d.id", ids, "bigint")
    sql = (
        f"SELECT d.id, d.consumer, e.envelope FROM {_table(Delivery)} d "
        f"JOIN {_table(OutboxEvent)} e ON e.id = d.event_id "
        f"WHERE {among} AND d.state IN (%s, %s) AND d.ordering_key = '' "
        f"ORDER BY d.id{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, State.PENDING, State.SENT])
        rows = cursor.fetchall()
    return [
        Claimed(pk, consumer_, _envelope(envelope)) for pk, consumer_, envelope in rows
    ]


def _envelope(stored: str | bytes | dict) -> Envelope:
    # Django reads jsonb as text on PostgreSQL; SQLite stores text anyway.
    if isinstance(stored, dict):
        return Envelope.model_validate(stored)
    return Envelope.model_validate_json(stored)


def _event_id_field():
    return InboxEntry._meta.get_field("event_id")


def _inbox(claimed: list[Claimed]) -> Handled:
    """The subscribers the inbox already knows for the claimed events."""
    field = _event_id_field()
    ids = [field.get_db_prep_value(d.envelope.event_id, connection) for d in claimed]
    among, params = _one_of("event_id", ids, "uuid")
    sql = f"SELECT event_id, subscriber FROM {_table(InboxEntry)} WHERE {among}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(field.to_python(e), name) for e, name in cursor.fetchall()}


def _record_inbox(entries: list[tuple[UUID, str]]) -> None:
    """One statement for the batch's inbox entries. Should another handler
    have recorded one of them since ``_inbox`` read it, the batch fails whole
    (and is handled one at a time): no effect is ever kept twice."""
    if not entries:
        return
    field, now = _event_id_field(), timezone.now()
    insert = f"INSERT INTO {_table(InboxEntry)} (event_id, subscriber, handled_at) "
    if connection.vendor == "postgresql":  # one statement text for any size
        event_ids = [field.get_db_prep_value(e, connection) for e, _ in entries]
        params = [now, event_ids, [subscriber for _, subscriber in entries]]
        rows = "SELECT e, s, %s FROM unnest(%s::uuid[], %s::text[]) AS i(e, s) "
    else:
        params = []
        for event_id, subscriber in entries:
            params += [field.get_db_prep_value(event_id, connection), subscriber, now]
        rows = f"VALUES {', '.join(['(%s, %s, %s)'] * len(entries))} "
    sql = f"{insert}{rows}ON CONFLICT DO NOTHING RETURNING id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if len(cursor.fetchall()) != len(entries):
            raise InboxConflict("A subscriber of this batch was handled meanwhile.")


def _mark_handled(ids: list[int]) -> None:
    among, params = _one_of("id", ids, "bigint")
    handled_at = Delivery._meta.get_field("handled_at")
    now = handled_at.get_db_prep_value(timezone.now(), connection)
    sql = (
        f"UPDATE {_table(Delivery)} SET state = %s, handled_at = %s, "
        f"last_error = '' WHERE {among}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [State.HANDLED, now, *params])
