"""The bus against bare dramatiq, on PostgreSQL with one worker process, once on
Redis and once on RabbitMQ (``BENCH_REDIS``, ``BENCH_AMQP``), each run in a
process of its own; the report puts them side by side.

1. Latency: 1,000 events sent one at a time (the next after the previous one
   was handled), publish-to-handled, interleaved with bare ``actor.send`` to
   handled. p50 / p99 and their ratios.
2. Burst: 10,000 events. The relay's throughput (claim + hand to Redis) with
   the rows already committed, and end-to-end until all are handled; bare
   dramatiq sending and handling 10,000 messages for comparison.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

LATENCY_EVENTS = int(os.environ.get("BENCH_LATENCY_EVENTS", 1_000))
BURST_EVENTS = int(os.environ.get("BENCH_BURST_EVENTS", 10_000))
THREADS = os.environ.get("BENCH_WORKER_THREADS", "8")


def start_worker() -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(common.ROOT), "BUS_SWEEP_IN_WORKERS": "0"}
    return subprocess.Popen(
        [str(common.ROOT / ".venv/bin/dramatiq"), "bench.bus_worker",
         "--processes", "1", "--threads", THREADS],
        env=env, cwd=common.ROOT, stdout=subprocess.DEVNULL,
        stderr=open(common.ROOT / "var/bench_worker.log", "w"),
    )  # fmt: skip


def wait_handled(
    redis_client, key: str, count: int, timeout: float = 300
) -> list[float]:
    """Pops ``count`` handled markers; returns the time each was handled."""
    times = []
    deadline = time.monotonic() + timeout
    while len(times) < count:
        item = redis_client.blpop(key, timeout=1)
        if item is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"only {len(times)} of {count} handled")
            continue
        times.append(float(item[1].split()[1]))
    return times


def latency(bus, bus_app, redis_client) -> dict:
    ours, bare = [], []
    for n in range(LATENCY_EVENTS):
        started = time.time()
        bus_app.bare_ping.send(n)
        bare.append(wait_handled(redis_client, bus_app.HANDLED, 1)[0] - started)
        started = time.time()
        bus.publish(bus_app.BenchPinged(n=n))
        ours.append(wait_handled(redis_client, bus_app.HANDLED, 1)[0] - started)
    ms = 1000
    p50, p99 = common.median(ours) * ms, common.percentile(ours, 99) * ms
    bare50, bare99 = common.median(bare) * ms, common.percentile(bare, 99) * ms
    return {
        "latency events": LATENCY_EVENTS,
        "bus p50 ms": p50,
        "bus p99 ms": p99,
        "bare dramatiq p50 ms": bare50,
        "bare dramatiq p99 ms": bare99,
        "p50 ratio (bus / bare)": p50 / bare50,
        "p99 ratio (bus / bare; target <= 1.25 on Redis)": p99 / bare99,
    }


def burst(bus, bus_app, redis_client) -> dict:
    from django.conf import settings
    from django.db import transaction

    from garage.kernel import relay

    started = time.time()
    for n in range(BURST_EVENTS):
        bus_app.bare_ping.send(n)
    bare_sent = time.time() - started
    bare_done = max(wait_handled(redis_client, bus_app.HANDLED, BURST_EVENTS)) - started

    # Commit the burst with the after-commit relay off, then time the relay alone.
    original = bus._relay_after_commit
    bus._relay_after_commit = lambda ids: None
    for first in range(0, BURST_EVENTS, 500):
        with transaction.atomic():
            bus.publish(*(bus_app.BenchPinged(n=n) for n in range(first, first + 500)))
    bus._relay_after_commit = original
    started = time.time()
    relayed = relay.sweep_all()
    relay_seconds = time.time() - started
    done = max(wait_handled(redis_client, bus_app.HANDLED, BURST_EVENTS)) - started
    assert relayed == BURST_EVENTS, relayed
    return {
        "burst events": BURST_EVENTS,
        "relay events/s": BURST_EVENTS / relay_seconds,
        "bare dramatiq send msgs/s": BURST_EVENTS / bare_sent,
        "relay ratio (relay / bare send)": bare_sent / relay_seconds,
        "bus handled events/s (relay start to last handled)": BURST_EVENTS / done,
        "bare handled msgs/s (first send to last handled)": BURST_EVENTS / bare_done,
        "handled ratio (bus / bare; target >= 0.7)": bare_done / done,
        "handle batch (BUS_HANDLE_BATCH)": settings.BUS["HANDLE_BATCH"],
    }


BROKERS = {"redis": common.BENCH_REDIS, "rabbitmq": common.BENCH_AMQP}
# BENCH_BROKERS=rabbitmq runs one of them (e.g. with BUS_RABBITMQ_CONFIRMS=0).
CHOSEN = os.environ.get("BENCH_BROKERS", ",".join(BROKERS)).split(",")


def run(kind: str) -> dict:
    """One broker's figures, in this process."""
    common.setup("bus", engine="postgres", broker=BROKERS[kind])
    import dramatiq

    from garage.kernel.transports import get_transport

    broker = get_transport().broker
    dramatiq.set_broker(broker)  # the bare actor goes where the bus goes
    from bench import bus_app
    from garage.kernel import bus

    redis_client = bus_app.results()
    redis_client.flushdb()
    for queue in broker.get_declared_queues():
        broker.flush(queue)  # what an interrupted run left behind
    worker = start_worker()
    try:
        bus_app.bare_ping.send(-1)  # wait for the worker to be up
        wait_handled(redis_client, bus_app.HANDLED, 1, timeout=60)
        figures = {"broker": kind, "worker": f"1 process, {THREADS} threads"}
        figures |= latency(bus, bus_app, redis_client)
        figures |= burst(bus, bus_app, redis_client)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return figures


COMPARED = [  # RabbitMQ's figure over Redis's
    "bus p50 ms",
    "bare dramatiq p50 ms",
    "bus p99 ms",
    "relay events/s",
    "bare dramatiq send msgs/s",
    "bus handled events/s (relay start to last handled)",
    "bare handled msgs/s (first send to last handled)",
]


def main() -> None:
    if len(sys.argv) > 1:  # one broker, in a child process
        print(json.dumps(run(sys.argv[1])))
        return
    figures: dict = {}
    for kind in CHOSEN:
        child = subprocess.run(
            [sys.executable, __file__, kind],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        one = json.loads(child.stdout.strip().splitlines()[-1])
        figures |= {f"{kind}: {key}": value for key, value in one.items()}
    for key in COMPARED if len(CHOSEN) == 2 else []:
        figures[f"rabbitmq / redis: {key}"] = (
            figures[f"rabbitmq: {key}"] / figures[f"redis: {key}"]
        )
    common.report("bus", figures)


if __name__ == "__main__":
    main()
