"""Handling deliveries in batches: many deliveries to one consumer, one commit.

A broker message carries up to ``BUS["HANDLE_BATCH"]`` deliveries to one
consuming context. One statement claims them (``FOR UPDATE``: it waits for the
relay that sent them to commit, and a duplicate message waits for this batch),
one reads which of their subscribers the inbox already knows, each delivery is
handled in a savepoint of its own (``handle_one``, inside ``tracing.delivery``
as a single delivery is), one statement writes the
inbox entries, one marks the deliveries handled, and one commit ends it.

A delivery that fails rolls back to its savepoint alone: its failure is counted
(retried with backoff, then dead-lettered) while its neighbours are handled.
Should the batch fail as a whole (a statement or the commit), nothing of it
stays, and its deliveries are handled one at a time by ``consumer.deliver``.
Deliveries with an ordering key always take that path: it keeps their order.
See docs/decisions/0009-batched-delivery.md.
"""

import logging
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
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


@dataclass(frozen=True)
class Claimed:
    """A delivery this batch holds: locked until the batch commits."""

    pk: int
    consumer: str
    attempts: int
    envelope: Envelope


def deliver_batch(delivery_ids: Sequence[int]) -> list[int]:
    """Handles the deliveries, in id order; returns the ones they let go (see
    ``consumer.release_next``), due at once."""
    ids = sorted(set(delivery_ids))
    if len(ids) == 1:
        return consumer.deliver(ids[0])
    try:
        claimed = _handle_batch(ids)
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
    """Handles the claimable deliveries among ``ids``; returns their ids."""
    with transaction.atomic():
        claimed = claim(ids)
        if not claimed:
            return set()
        known = _inbox(claimed)
        handled: list[int] = []
        entries: list[tuple[UUID, str]] = []
        for delivery in claimed:
            recorded = handle_one(delivery, known)
            if recorded is not None:
                handled.append(delivery.pk)
                entries += recorded
        _record_inbox(entries)
        Delivery.objects.filter(pk__in=handled).update(
            state=State.HANDLED, handled_at=timezone.now(), last_error=""
        )
    return {delivery.pk for delivery in claimed}


def handle_one(delivery: Claimed, known: Handled) -> list[tuple[UUID, str]] | None:
    """Runs one delivery's subscribers in a savepoint of the batch.

    Returns the (event, subscriber) pairs it ran, for the inbox; None if it
    failed: its effects are rolled back and its failure is counted."""
    with tracing.delivery(delivery.pk, delivery.consumer, _traced(delivery)) as attempt:
        try:
            with transaction.atomic():
                ran = _run_subscribers(delivery, known)
            attempt.state = State.HANDLED  # when the batch commits
            return ran
        except Exception as exc:
            attempt.state, attempt.error = _record_failure(delivery, exc), exc
            return None


def _traced(delivery: Claimed) -> dict[str, object]:
    """What ``tracing.delivery`` reads of the envelope."""
    return delivery.envelope.model_dump(
        include={"event_id", "event_type", "correlation_id"}
    )


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


def _record_failure(delivery: Claimed, exc: Exception) -> str:
    """Counts the attempt; due again after a backoff, or dead (the row is
    locked by the batch: no duplicate can have got there first). Returns the
    state."""
    attempts = delivery.attempts + 1
    error = "".join(traceback.format_exception(exc))[-4000:]
    fields = {"attempts": attempts, "last_error": error, "state": State.PENDING}
    if attempts > settings.BUS["MAX_RETRIES"]:
        fields["state"] = State.DEAD
    else:
        fields["due_at"] = timezone.now() + consumer.backoff(attempts)
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    return fields["state"]


# The statements


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def claim(ids: list[int]) -> list[Claimed]:
    """Locks the deliveries among ``ids`` still in flight and without an
    ordering key, in id order (two batches never wait for each other in a
    circle); plain ``FOR UPDATE``, as ``SKIP LOCKED`` would pass over the rows
    a relay still holds, and nothing would handle them."""
    lock = " FOR UPDATE OF d" if connection.features.has_select_for_update_of else ""
    sql = (
        f"SELECT d.id, d.consumer, d.attempts, e.envelope FROM {_table(Delivery)} d "
        f"JOIN {_table(OutboxEvent)} e ON e.id = d.event_id "
        f"WHERE d.id IN ({', '.join(['%s'] * len(ids))}) "
        "AND d.state IN (%s, %s) AND d.ordering_key = '' "
        f"ORDER BY d.id{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, State.PENDING, State.SENT])
        rows = cursor.fetchall()
    return [
        Claimed(pk, consumer_, attempts, _envelope(envelope))
        for pk, consumer_, attempts, envelope in rows
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
    sql = (
        f"SELECT event_id, subscriber FROM {_table(InboxEntry)} "
        f"WHERE event_id IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return {(field.to_python(e), name) for e, name in cursor.fetchall()}


def _record_inbox(entries: list[tuple[UUID, str]]) -> None:
    """One statement for the batch's inbox entries. Should another handler
    have recorded one of them since ``_inbox`` read it, the batch fails whole
    (and is handled one at a time): no effect is ever kept twice."""
    if not entries:
        return
    field, now = _event_id_field(), timezone.now()
    params = []
    for event_id, subscriber in entries:
        params += [field.get_db_prep_value(event_id, connection), subscriber, now]
    sql = (
        f"INSERT INTO {_table(InboxEntry)} (event_id, subscriber, handled_at) "
        f"VALUES {', '.join(['(%s, %s, %s)'] * len(entries))} "
        "ON CONFLICT DO NOTHING RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if len(cursor.fetchall()) != len(entries):
            raise InboxConflict("A subscriber of this batch was handled meanwhile.")
