"""How a claimed delivery reaches its consumer: dramatiq (on Redis or RabbitMQ),
or in-process.

The transport is chosen by settings: ``BROKER_URL`` (or ``REDIS_URL``) set
means that broker (see ``brokers``) with one queue per consuming context,
worked by separate ``dramatiq`` processes (see ``worker``, which declares the
actors); unset means the delivery runs right here, once the claim has
committed.
"""

import logging
from functools import cache
from typing import Protocol

import dramatiq
from django.conf import settings
from django.db import transaction

from . import brokers, subscriptions
from .batch import deliver_batch

logger = logging.getLogger(__name__)


class Transport(Protocol):
    def send(self, rows: list[tuple[int, str]]) -> list[int]:
        """Hands (delivery id, consumer) pairs on; returns the ids it could not.

        Called inside the transaction that claims the rows."""
        ...

    def lost_messages(self) -> bool:
        """True if the broker may have lost what it was given (once per loss)."""
        ...


class InProcessTransport:
    """Delivers in the calling thread as soon as the claim commits: the
    embedded default."""

    def send(self, rows: list[tuple[int, str]]) -> list[int]:
        transaction.on_commit(lambda: _deliver_all(rows))
        return []

    def lost_messages(self) -> bool:
        return False


def _deliver_all(rows: list[tuple[int, str]]) -> None:
    for _consumer, ids in batches(rows):
        deliver_batch(ids)


def batches(rows: list[tuple[int, str]]) -> list[tuple[str, list[int]]]:
    """(consumer, delivery ids): up to ``BUS["HANDLE_BATCH"]`` deliveries to
    one consumer each, in the order of the rows."""
    size = max(1, settings.BUS["HANDLE_BATCH"])
    by_consumer: dict[str, list[int]] = {}
    for delivery_id, consumer in rows:
        by_consumer.setdefault(consumer, []).append(delivery_id)
    return [
        (consumer, ids[first : first + size])
        for consumer, ids in by_consumer.items()
        for first in range(0, len(ids), size)
    ]


def actor_name(context: str) -> str:
    return f"deliver_to_{context}"


class DramatiqTransport:
    """One queue per consuming context on the broker of ``broker_url``; a
    message carries delivery ids only (the outbox rows are the message), a
    batch of them."""

    def __init__(self, broker_url: str) -> None:
        self.broker = brokers.make(broker_url)
        # Known queues make the broker's flush_all() and join() see them here
        # too, not only in the workers.
        for context in subscriptions.contexts():
            self.broker.declare_queue(context)

    def send(self, rows: list[tuple[int, str]]) -> list[int]:
        messages = batches(rows)
        # Redis takes them all in one round trip; otherwise one at a time, so
        # that a failure sends back only those not yet handed over.
        together = brokers.pipelines(self.broker)
        groups = [messages] if together else [[message] for message in messages]
        for index, group in enumerate(groups):
            try:
                for consumer, _ids in group:
                    self.broker.declare_queue(consumer)  # once; a no-op afterwards
                brokers.enqueue_all(self.broker, [_message(*m) for m in group])
            except Exception:
                # Whatever the cause, the rows go back to the outbox; should
                # a message have left after all, the inbox drops the copies.
                logger.warning("Broker unreachable; the sweeper will resend.")
                return [pk for rest in groups[index:] for _, ids in rest for pk in ids]
        return []

    def lost_messages(self) -> bool:
        """True the first time it is asked after the broker lost its queues
        (Redis restarted): what was sent must be sent again."""
        return brokers.lost_messages(self.broker)

    def ping(self) -> None:
        brokers.ping(self.broker)


def _message(consumer: str, delivery_ids: list[int]) -> dramatiq.Message:
    return dramatiq.Message(
        queue_name=consumer,
        actor_name=actor_name(consumer),
        args=(delivery_ids,),
        kwargs={},
        options={},
    )


@cache
def get_transport() -> Transport:
    if brokers.configured():
        return DramatiqTransport(settings.BROKER_URL)
    return InProcessTransport()
