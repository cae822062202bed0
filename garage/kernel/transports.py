"""How a claimed delivery reaches its consumer: dramatiq on Redis, or in-process.

The transport is chosen by settings: ``REDIS_URL`` set means a Redis broker with
one queue per consuming context, worked by separate ``dramatiq`` processes (see
``worker``, which declares the actors); unset means the delivery runs right
here, once the claim has committed.
"""

import logging
from functools import cache
from typing import Protocol

import dramatiq
import redis
from django.conf import settings
from django.db import transaction
from dramatiq.brokers.redis import RedisBroker

from . import subscriptions
from .batch import deliver_batch

logger = logging.getLogger(__name__)

# Where the broker's run id was last seen: a new one means Redis restarted.
RUN_ID_KEY = "garage:bus:redis-run-id"


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
    """One queue per consuming context on a Redis broker; a message carries
    delivery ids only (the outbox rows are the message), a batch of them."""

    def __init__(self, redis_url: str) -> None:
        bus = settings.BUS
        self.broker = RedisBroker(
            url=redis_url,
            # A worker silent this long is dead: its unacknowledged messages go
            # back to their queue (dramatiq's default, 60 s, plus a 0.1 %
            # chance of a check per command, made recovery take minutes).
            heartbeat_timeout=bus["DEAD_WORKER_AFTER_SECONDS"] * 1000,
            maintenance_chance=bus["MAINTENANCE_CHANCE"],
        )
        # Known queues make the broker's flush_all() and join() see them here
        # too, not only in the workers.
        for context in subscriptions.contexts():
            self.broker.declare_queue(context)

    def send(self, rows: list[tuple[int, str]]) -> list[int]:
        messages = batches(rows)
        for index, (consumer, ids) in enumerate(messages):
            try:
                self.broker.declare_queue(consumer)  # once; a no-op afterwards
                self.broker.enqueue(_message(consumer, ids))
            except Exception:
                # Whatever the cause, the rows go back to the outbox; should
                # the message have left after all, the inbox drops the copies.
                logger.warning("Broker unreachable; the sweeper will resend.")
                return [pk for _, ids in messages[index:] for pk in ids]
        return []

    def lost_messages(self) -> bool:
        """True the first time it is asked after Redis restarted (a new run
        id): its queues may be gone, so what was sent must be sent again.

        Atomic (SET ... GET): of many sweepers, one sees the change."""
        try:
            client = self.broker.client
            run_id = client.info("server")["run_id"]
            return client.set(RUN_ID_KEY, run_id, get=True) != run_id.encode()
        except redis.RedisError:
            return False  # unreachable: the sends fail and are retried anyway


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
    if settings.REDIS_URL:
        return DramatiqTransport(settings.REDIS_URL)
    return InProcessTransport()
