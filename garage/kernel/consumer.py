"""The consuming side: runs a context's subscribers for one delivery, once.

Both transports end here, so retries, dead-lettering, ordering and idempotency
behave the same with dramatiq workers and with in-process delivery. Each
attempt runs inside ``tracing.delivery``: the delivered event's trace on every
log line and every event published, and one line for the attempt's outcome.
"""

import logging
import traceback
from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import subscriptions, tracing
from .messages import Envelope
from .models import Delivery, InboxEntry

logger = logging.getLogger(__name__)
State = Delivery.State
IN_FLIGHT = [State.PENDING, State.SENT]


def deliver(delivery_id: int) -> list[int]:
    """Handles one delivery in one transaction, or records why it failed.

    Each subscriber runs at most once per event: its inbox entry is written in
    the same transaction as its effect. A failure is retried with backoff by
    the sweeper, then dead-lettered after ``BUS["MAX_RETRIES"]`` retries.

    A delivery with an ordering key waits while an earlier one to the same
    consumer with the same key is pending or sent (see ``hold_back``). Returns
    the deliveries this one held back and now lets go, due at once, so the
    caller may send them without waiting for the sweeper.
    """
    row = (
        Delivery.objects.filter(pk=delivery_id, state__in=IN_FLIGHT)
        .values("consumer", "ordering_key", "event__envelope")
        .first()
    )
    if row is None:
        logger.info("Delivery %s is handled, dead or gone; skipped.", delivery_id)
        return []
    consumer, key = row["consumer"], row["ordering_key"]
    if key and hold_back(delivery_id, consumer, key):
        return []
    if not _handle(delivery_id, consumer, row["event__envelope"]):
        return []
    return release_next(delivery_id, consumer, key) if key else []


def _handle(delivery_id: int, consumer: str, envelope: dict) -> bool:
    """True once the delivery is over: handled, or dead-lettered."""
    with tracing.delivery(delivery_id, consumer, envelope) as attempt:
        try:
            with transaction.atomic():
                _run_subscribers(consumer, Envelope.model_validate(envelope))
                Delivery.objects.filter(pk=delivery_id).update(
                    state=State.HANDLED, handled_at=timezone.now(), last_error=""
                )
            attempt.state = State.HANDLED
        except Exception as exc:
            attempt.state, attempt.error = _record_failure(delivery_id, exc), exc
    return attempt.state in (State.HANDLED, State.DEAD)


def _run_subscribers(consumer: str, envelope: Envelope) -> None:
    event = envelope.open()
    for subscriber in subscriptions.subscribers_for(consumer, envelope.event_type):
        if _first_time(envelope.event_id, subscriptions.subscriber_name(subscriber)):
            subscriber(event)


def _first_time(event_id: UUID, subscriber: str) -> bool:
    """Records (event, subscriber) in the inbox; False if it was there already."""
    table = connection.ops.quote_name(InboxEntry._meta.db_table)
    with connection.cursor() as cursor:
        # Portable upsert (PostgreSQL, SQLite >= 3.35); a concurrent duplicate
        # waits on the unique index, then sees the conflict.
        cursor.execute(
            f"INSERT INTO {table} (event_id, subscriber, handled_at) "
            "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING RETURNING id",
            [_uuid_param(event_id), subscriber, timezone.now()],
        )
        return cursor.fetchone() is not None


def _uuid_param(event_id: UUID):
    field = InboxEntry._meta.get_field("event_id")
    return field.get_db_prep_value(event_id, connection)


@transaction.atomic
def _record_failure(delivery_id: int, exc: Exception) -> str:
    """Counts the attempt; due again after a backoff, or dead. Returns the state."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    if delivery.state not in IN_FLIGHT:
        return delivery.state  # a duplicate message got there first
    delivery.attempts += 1
    delivery.last_error = "".join(traceback.format_exception(exc))[-4000:]
    if delivery.attempts > settings.BUS["MAX_RETRIES"]:
        delivery.state = State.DEAD
    else:
        delivery.state = State.PENDING
        delivery.due_at = timezone.now() + backoff(delivery.attempts)
    delivery.save(update_fields=["attempts", "last_error", "state", "due_at"])
    return delivery.state


def backoff(attempts: int) -> timedelta:
    """Exponential: ``MIN_BACKOFF_MS`` after the first failure, doubling, capped."""
    min_ms, max_ms = settings.BUS["MIN_BACKOFF_MS"], settings.BUS["MAX_BACKOFF_MS"]
    return timedelta(milliseconds=min(max_ms, min_ms * 2 ** max(attempts - 1, 0)))


# Ordering


def hold_back(delivery_id: int, consumer: str, key: str) -> bool:
    """Puts the delivery back if an earlier one to ``consumer`` with the same
    ordering key is still pending or sent; True if it did.

    Waiting counts no attempt and never dead-letters: the delivery is due again
    ``BUS["ORDER_WAIT_MS"]`` after the earlier one may next be tried, and at
    once when the earlier one is over (``release_next``). "Earlier" means
    published first (a lower id). A dead-lettered delivery holds nothing back:
    the ones after it go ahead, and it takes effect whenever it is replayed.
    """
    earlier = (
        Delivery.objects.filter(
            consumer=consumer, ordering_key=key, pk__lt=delivery_id, state__in=IN_FLIGHT
        )
        .order_by("pk")
        .values("pk", "state", "due_at")
        .first()
    )
    if earlier is None:
        return False
    now = timezone.now()
    retry_from = earlier["due_at"] if earlier["state"] == State.PENDING else now
    due_at = max(now, retry_from) + timedelta(
        milliseconds=settings.BUS["ORDER_WAIT_MS"]
    )
    # Only if still in flight: a duplicate message may have handled it meanwhile.
    Delivery.objects.filter(pk=delivery_id, state__in=IN_FLIGHT).update(
        state=State.PENDING, due_at=due_at
    )
    logger.info("Delivery %s waits for delivery %s.", delivery_id, earlier["pk"])
    return True


def release_next(delivery_id: int, consumer: str, key: str) -> list[int]:
    """Makes the next delivery waiting behind ``delivery_id`` due now."""
    waiting = Delivery.objects.filter(
        consumer=consumer, ordering_key=key, pk__gt=delivery_id, state=State.PENDING
    )
    following = waiting.order_by("pk").values_list("pk", flat=True).first()
    if following is None:
        return []
    Delivery.objects.filter(pk=following, state=State.PENDING).update(
        due_at=timezone.now()
    )
    return [following]
