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
from .consumer import deliver

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
        ids = [delivery_id for delivery_id, _consumer in rows]
        transaction.on_commit(lambda: _deliver_all(ids))
        return []

    def lost_messages(self) -> bool:
        return False


def _deliver_all(delivery_ids: list[int]) -> None:
    for delivery_id in delivery_ids:
        deliver(delivery_id)


def actor_name(context: str) -> str:
    return f"deliver_to_{context}"


class DramatiqTransport:
    """One queue per consuming context on the broker of ``broker_url``; the
    message carries the delivery id only (the outbox row is the message)."""

    def __init__(self, broker_url: str) -> None:
        self.broker = brokers.make(broker_url)
        # Known queues make the broker's flush_all() and join() see them here
        # too, not only in the workers.
        for context in subscriptions.contexts():
            self.broker.declare_queue(context)

    def send(self, rows: list[tuple[int, str]]) -> list[int]:
        for index, (delivery_id, consumer) in enumerate(rows):
            try:
                self.broker.declare_queue(consumer)  # once; a no-op afterwards
                self.broker.enqueue(_message(consumer, delivery_id))
            except Exception:
                # Whatever the cause, the row goes back to the outbox; should
                # the message have left after all, the inbox drops the copy.
                logger.warning("Broker unreachable; the sweeper will resend.")
                return [pk for pk, _ in rows[index:]]
        return []

    def lost_messages(self) -> bool:
        """True the first time it is asked after the broker lost its queues
        (Redis restarted): what was sent must be sent again."""
        return brokers.lost_messages(self.broker)

    def ping(self) -> None:
        brokers.ping(self.broker)


def _message(consumer: str, delivery_id: int) -> dramatiq.Message:
    return dramatiq.Message(
        queue_name=consumer,
        actor_name=actor_name(consumer),
        args=(delivery_id,),
        kwargs={},
        options={},
    )


@cache
def get_transport() -> Transport:
    if brokers.configured():
        return DramatiqTransport(settings.BROKER_URL)
    return InProcessTransport()
