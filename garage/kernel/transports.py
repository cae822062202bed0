"""How a claimed delivery reaches its consumer: dramatiq on Redis, or in-process.

The transport is chosen by settings: ``REDIS_URL`` set means a Redis broker with
one queue (and one delivery actor) per consuming context, worked by separate
``dramatiq`` processes; unset means the delivery runs right here, after commit.
"""

import logging
from functools import cache
from typing import Protocol

import dramatiq
from django.conf import settings
from django.db import close_old_connections, connections

logger = logging.getLogger(__name__)


class Transport(Protocol):
    def declare(self, context: str) -> None: ...

    def send(self, rows: list[tuple[int, str]]) -> list[int]:
        """Hands (delivery id, consumer) pairs on; returns the ids it could not."""
        ...


class InProcessTransport:
    """Delivers at once in the calling thread: the embedded default."""

    def declare(self, context: str) -> None:
        pass

    def send(self, rows: list[tuple[int, str]]) -> list[int]:
        from .consumer import deliver

        for delivery_id, _consumer in rows:
            deliver(delivery_id)
        return []


class DramatiqTransport:
    """One dramatiq actor per consuming context, each on its own queue."""

    def __init__(self, redis_url: str) -> None:
        from dramatiq.brokers.redis import RedisBroker

        self.broker = RedisBroker(url=redis_url)
        self.broker.add_middleware(DatabaseConnections())
        self.broker.add_middleware(OutboxSweeper())
        dramatiq.set_broker(self.broker)
        self.actors: dict[str, dramatiq.Actor] = {}

    def declare(self, context: str) -> None:
        if context not in self.actors:
            self.actors[context] = dramatiq.actor(
                deliver_message,
                actor_name=f"deliver_to_{context}",
                queue_name=context,
                broker=self.broker,
                # Subscriber failures are retried by the outbox (see consumer);
                # this only covers a worker that could not reach the database.
                max_retries=5,
            )

    def send(self, rows: list[tuple[int, str]]) -> list[int]:
        for index, (delivery_id, consumer) in enumerate(rows):
            try:
                self.actors[consumer].send(delivery_id)
            except Exception:
                # Whatever the cause, the row goes back to the outbox; should
                # the message have left after all, the inbox drops the copy.
                logger.warning("Broker unreachable; the sweeper will resend.")
                return [pk for pk, _ in rows[index:]]
        return []


def deliver_message(delivery_id: int) -> None:
    from .consumer import deliver

    deliver(delivery_id)


class DatabaseConnections(dramatiq.Middleware):
    """Gives each message a usable connection, as Django does per request."""

    def before_process_message(self, broker, message):
        close_old_connections()

    def after_process_message(self, broker, message, *, result=None, exception=None):
        close_old_connections()

    after_skip_message = after_process_message

    def before_worker_thread_shutdown(self, broker, thread):
        connections.close_all()


class OutboxSweeper(dramatiq.Middleware):
    """Runs the outbox sweeper in every worker process."""

    def after_worker_boot(self, broker, worker):
        from .relay import Sweeper

        if not settings.BUS["SWEEP_IN_WORKERS"]:
            return
        self.sweeper = Sweeper()
        self.sweeper.start()

    def before_worker_shutdown(self, broker, worker):
        if hasattr(self, "sweeper"):
            self.sweeper.stop()


@cache
def get_transport() -> Transport:
    if settings.REDIS_URL:
        return DramatiqTransport(settings.REDIS_URL)
    return InProcessTransport()
