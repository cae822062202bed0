"""dramatiq's broker, built from ``BROKER_URL``: Redis or RabbitMQ.

Everything that differs between the two lives here: how the broker is made,
how it is pinged, whether it may have lost what it was given, how a test waits
for its queues to empty. ``BROKER_URL`` falls back to ``REDIS_URL``; neither
set means no broker (the in-process bus of the embedded default).
"""

from uuid import uuid4

import dramatiq
import redis
from django.conf import settings
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.common import current_millis

# Where the Redis broker's run id was last seen: a new one means it restarted.
RUN_ID_KEY = "garage:bus:redis-run-id"


def configured() -> bool:
    """True in production mode: a broker and dramatiq workers deliver events."""
    return bool(settings.BROKER_URL)


def kind(url: str) -> str:
    """``"redis"`` or ``"rabbitmq"``, from the URL's scheme."""
    return "rabbitmq" if url.startswith(("amqp://", "amqps://")) else "redis"


def make(url: str) -> dramatiq.Broker:
    if kind(url) == "rabbitmq":
        # Confirmed publishes: a delivery is marked sent only once RabbitMQ
        # has it (durable queues, persistent messages), as a Redis LPUSH is.
        # Unconfirmed ones are several times faster; one lost in a dropped
        # connection is resent after RESEND_AFTER_SECONDS.
        confirm = settings.BUS["RABBITMQ_CONFIRMS"]
        return RabbitmqBroker(url=url, confirm_delivery=confirm)
    bus = settings.BUS
    return RedisBroker(
        url=url,
        # A worker silent this long is dead: its unacknowledged messages go
        # back to their queue (dramatiq's default, 60 s, plus a 0.1 %
        # chance of a check per command, made recovery take minutes).
        # RabbitMQ needs neither: it requeues a closed connection's messages.
        heartbeat_timeout=bus["DEAD_WORKER_AFTER_SECONDS"] * 1000,
        maintenance_chance=bus["MAINTENANCE_CHANCE"],
    )


def pipelines(broker: dramatiq.Broker) -> bool:
    """Whether ``enqueue_all`` hands several messages over in one round trip."""
    return isinstance(broker, RedisBroker)


def enqueue_all(broker: dramatiq.Broker, messages: list[dramatiq.Message]) -> None:
    """Enqueues ``messages`` (on declared queues). Several on Redis go in one
    round trip: a pipeline of what ``RedisBroker.enqueue`` sends for each (its
    enqueue script, by hash), where each ``enqueue`` would wait for its own
    answer; a command publishes to as many queues as contexts subscribe.
    Raises if any may not have been enqueued."""
    if not pipelines(broker) or len(messages) < 2:
        for message in messages:
            broker.enqueue(message)
        return
    try:
        _pipelined(broker, messages)
    except redis.exceptions.NoScriptError:
        # Redis lost its scripts (a restart): enqueue() loads them again.
        for message in messages:
            broker.enqueue(message)


def _pipelined(broker: RedisBroker, messages: list[dramatiq.Message]) -> None:
    script = broker.scripts["dispatch"]
    pipeline = broker.client.pipeline(transaction=False)
    enqueued = []
    for message in messages:
        message = message.copy(options={"redis_message_id": str(uuid4())})
        broker.emit_before("enqueue", message, None)
        pipeline.evalsha(
            script.sha, 1, broker.namespace,
            "enqueue", current_millis(), message.queue_name, broker.broker_id,
            broker.heartbeat_timeout, broker.dead_message_ttl,
            broker._should_do_maintenance("enqueue"), broker._max_unpack_size(),
            message.options["redis_message_id"], message.encode(),
        )  # fmt: skip
        enqueued.append(message)
    pipeline.execute()
    for message in enqueued:
        broker.emit_after("enqueue", message, None)


def ping(broker: dramatiq.Broker) -> None:
    """Raises if the broker does not answer."""
    if isinstance(broker, RedisBroker):
        broker.client.ping()  # redis-py reconnects a dropped connection itself
        return
    # This thread's connection may have been dropped while idle (RabbitMQ
    # closes one that misses its heartbeats): a fresh one gets a second try.
    for attempt in (1, 2):
        try:
            broker.connection.channel().close()  # a round trip
            return
        except Exception:
            del broker.connection  # the next call connects afresh
            if attempt == 2:
                raise


def lost_messages(broker: dramatiq.Broker) -> bool:
    """True the first time it is asked after Redis restarted (a new run id):
    its queues may be gone. Atomic (SET ... GET): of many sweepers, one sees
    the change. RabbitMQ keeps confirmed messages across a restart (durable
    queues, persistent messages): False."""
    if not isinstance(broker, RedisBroker):
        return False
    try:
        client = broker.client
        run_id = client.info("server")["run_id"]
        return client.set(RUN_ID_KEY, run_id, get=True) != run_id.encode()
    except redis.RedisError:
        return False  # unreachable: the sends fail and are retried anyway


def join(broker: dramatiq.Broker, queue: str, timeout_ms: int) -> None:
    """Waits until ``queue`` (and its delay queue) holds no message; tests."""
    if isinstance(broker, RabbitmqBroker):
        # dramatiq's defaults (10 empty counts 100 ms apart) cost a second a
        # queue; the worker's own join() covers what it already took.
        broker.join(queue, min_successes=2, idle_time=5, timeout=timeout_ms)
    else:
        broker.join(queue, timeout=timeout_ms)
