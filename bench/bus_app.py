"""Both sides of the bus benchmark, imported by the driver and the worker.

A bare dramatiq actor and a garage-bus subscriber do the same work: push the
time they ran to a Redis list the driver waits on (``BENCH_REDIS``, whichever
broker carries the messages). Import it after dramatiq's broker is set (the
worker module sets it), so the bare actor is declared on the bus's broker.
"""

import time
from functools import cache

import dramatiq
import redis

from bench.common import BENCH_REDIS
from garage.kernel import bus
from garage.kernel.messages import Event
from garage.kernel.transports import get_transport

HANDLED = "bench:handled"

# The driver sends bare messages on the bus's broker, as the worker reads them
# (not on dramatiq's default broker, Redis db 0).
dramatiq.set_broker(get_transport().broker)


class BenchPinged(Event):
    n: int


@cache
def results() -> redis.Redis:
    return redis.Redis.from_url(BENCH_REDIS)


def record(n: int) -> None:
    results().rpush(HANDLED, f"{n} {time.time()}")


def when_bench_pinged_record(event: BenchPinged) -> None:
    record(event.n)


@dramatiq.actor(queue_name="bare", actor_name="bare_ping", max_retries=0)
def bare_ping(n: int) -> None:
    record(n)


bus.register("bench", {BenchPinged: [when_bench_pinged_record]})
