"""The consuming side: runs a context's subscribers for one delivery, once.

Both transports end here, so retries, dead-lettering and idempotency behave the
same with dramatiq workers and with in-process delivery.
"""

import logging
import traceback
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import bus
from .messages import Envelope
from .models import Delivery, InboxEntry

logger = logging.getLogger(__name__)
State = Delivery.State


def deliver(delivery_id: int) -> None:
    """Handles one delivery in one transaction, or records why it failed.

    Each subscriber runs at most once per event: its inbox entry is written in
    the same transaction as its effect. A failure is retried with backoff by
    the sweeper, then dead-lettered after ``BUS["MAX_RETRIES"]`` retries.
    """
    row = (
        Delivery.objects.filter(pk=delivery_id, state__in=[State.PENDING, State.SENT])
        .values("consumer", "event__envelope")
        .first()
    )
    if row is None:
        logger.info("Delivery %s is handled, dead or gone; skipped.", delivery_id)
        return
    try:
        with transaction.atomic():
            envelope = Envelope.model_validate(row["event__envelope"])
            _run_subscribers(row["consumer"], envelope)
            Delivery.objects.filter(pk=delivery_id).update(
                state=State.HANDLED, handled_at=timezone.now(), last_error=""
            )
    except Exception as exc:
        logger.exception("Delivery %s to %s failed.", delivery_id, row["consumer"])
        _record_failure(delivery_id, exc)


def _run_subscribers(consumer: str, envelope: Envelope) -> None:
    event = envelope.open()
    for subscriber in bus.subscribers_for(consumer, envelope.event_type):
        if _first_time(envelope.event_id, bus.subscriber_name(subscriber)):
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
def _record_failure(delivery_id: int, exc: Exception) -> None:
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    if delivery.state not in (State.PENDING, State.SENT):
        return  # a duplicate message got there first
    delivery.attempts += 1
    delivery.last_error = "".join(traceback.format_exception(exc))[-4000:]
    if delivery.attempts > settings.BUS["MAX_RETRIES"]:
        delivery.state = State.DEAD
        logger.error("Delivery %s dead-lettered: %s", delivery_id, exc)
    else:
        delivery.state = State.PENDING
        delivery.due_at = timezone.now() + bus.backoff(
            delivery.attempts,
            settings.BUS["MIN_BACKOFF_MS"],
            settings.BUS["MAX_BACKOFF_MS"],
        )
    delivery.save(update_fields=["attempts", "last_error", "state", "due_at"])
