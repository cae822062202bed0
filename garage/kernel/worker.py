"""The dramatiq workers: ``dramatiq garage.kernel.worker``.

Importing this module sets Django up and makes the transport's broker (Redis
or RabbitMQ, from ``BROKER_URL``) dramatiq's broker, with what only workers
need: one delivery actor per consuming context (declared when the worker
boots, from the subscriptions), a usable database connection per message, the
outbox sweeper, and with ``WORKER_METRICS`` dramatiq's Prometheus middleware.
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "garage.settings")
django.setup()

import dramatiq  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402
from django.db import close_old_connections, connections  # noqa: E402
from dramatiq.middleware import prometheus  # noqa: E402
from dramatiq.middleware.prometheus import Prometheus  # noqa: E402
from prometheus_client import values  # noqa: E402

from . import relay, subscriptions  # noqa: E402
from .batch import deliver_batch  # noqa: E402
from .connections import check_idle_connections  # noqa: E402
from .transports import DramatiqTransport, actor_name, get_transport  # noqa: E402

# Subscriber failures are retried by the outbox (see consumer); dramatiq's own
# retries only cover a worker that could not reach the database. They back off
# as the outbox does (BUS_MIN_BACKOFF_MS, BUS_MAX_BACKOFF_MS), not by dramatiq's
# default of 15 s and more, which left a queue waiting on one failed message.
DATABASE_RETRIES = 5


def deliver_message(delivery_ids: list[int] | int) -> None:
    """The actor of every context: handles a batch of deliveries (a single id
    is a message sent before batches), then sends at once the deliveries they
    held back in their order (see ``consumer.hold_back``)."""
    ids = [delivery_ids] if isinstance(delivery_ids, int) else delivery_ids
    if released := deliver_batch(ids):
        relay.relay(released)


def declare_actors(broker: dramatiq.Broker) -> None:
    """One actor and queue per consuming context; declared ones are kept."""
    for context in subscriptions.contexts():
        if actor_name(context) not in broker.get_declared_actors():
            dramatiq.actor(
                deliver_message,
                actor_name=actor_name(context),
                queue_name=context,
                broker=broker,
                max_retries=DATABASE_RETRIES,
                min_backoff=settings.BUS["MIN_BACKOFF_MS"],
                max_backoff=settings.BUS["MAX_BACKOFF_MS"],
            )


class DeliveryActors(dramatiq.Middleware):
    """Declares the actors as the worker boots, when every context (and every
    test's made-up one) has registered its subscriptions."""

    def before_worker_boot(self, broker, worker):
        declare_actors(broker)


class DatabaseConnections(dramatiq.Middleware):
    """Gives each message a usable connection, as Django does per request."""

    def before_process_message(self, broker, message):
        close_old_connections()
        check_idle_connections()

    def after_process_message(self, broker, message, *, result=None, exception=None):
        close_old_connections()

    after_skip_message = after_process_message

    def before_worker_thread_shutdown(self, broker, thread):
        connections.close_all()


class OutboxSweeper(dramatiq.Middleware):
    """Runs the outbox sweeper in every worker process."""

    def after_worker_boot(self, broker, worker):
        if not settings.BUS["SWEEP_IN_WORKERS"]:
            return
        self.sweeper = relay.Sweeper()
        self.sweeper.start()

    def before_worker_shutdown(self, broker, worker):
        if hasattr(self, "sweeper"):
            self.sweeper.stop()


class WorkerMetrics(Prometheus):
    """dramatiq's Prometheus middleware. It counts in files (prometheus_client's
    multiprocess mode), which prometheus_client decides when it is imported,
    and django-prometheus imported it before the middleware could say so."""

    def after_process_boot(self, broker):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = prometheus.DB_PATH
        values.ValueClass = values.get_value_class()
        super().after_process_boot(broker)


def prepare(broker: dramatiq.Broker) -> None:
    """Makes ``broker`` dramatiq's broker, with the workers' middleware."""
    for middleware in (DeliveryActors(), DatabaseConnections(), OutboxSweeper()):
        broker.add_middleware(middleware)
    if settings.WORKER_METRICS:
        # dramatiq's counters, summed over the worker's processes and served
        # by a process of its own on dramatiq_prom_port (9191): a web process
        # cannot read another container's files, so each worker is scraped.
        broker.add_middleware(WorkerMetrics())
    dramatiq.set_broker(broker)


transport = get_transport()
if not isinstance(transport, DramatiqTransport):
    raise ImproperlyConfigured(
        "dramatiq workers need BROKER_URL (or REDIS_URL); without it the web "
        "process delivers events itself."
    )
prepare(transport.broker)
