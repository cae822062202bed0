"""What tracing costs a delivery: the trace in context, one JSON log line.

PostgreSQL, in-process bus, production logging (JSON lines, here into
/dev/null). Each event is published in its own transaction and handled on
commit by a subscriber that does nothing; publish-to-handled per event, in
rounds that alternate between the kernel as it is and the kernel with
``tracing.delivery`` swapped for a bare stand-in (no context, no line), as
before tracing. Medians and their ratio; and the context manager with its
line alone, against a whole delivery.
"""

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

EVENTS = int(os.environ.get("BENCH_EVENTS", 500))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 6))


@contextmanager
def untraced(delivery_id, consumer, envelope):
    from garage.kernel.tracing import Attempt

    yield Attempt(delivery_id, consumer)


def timings(publish, event_class, events: int) -> list[float]:
    took = []
    for n in range(events):
        started = time.perf_counter()
        publish(event_class(n=n))  # its own transaction; handled on commit
        took.append(time.perf_counter() - started)
    return took


def attempt_cost(tracing, events: int) -> list[float]:
    """The context manager and its JSON line alone, per delivery."""
    envelope = {"event_id": "e", "event_type": "TracePinged", "correlation_id": "c"}
    took = []
    for n in range(events):
        started = time.perf_counter()
        with tracing.delivery(n, "tracebench", envelope) as attempt:
            attempt.state = "handled"
        took.append(time.perf_counter() - started)
    return took


def main() -> None:
    common.setup("trace", engine="postgres", redis=False)
    import logging

    from garage.kernel import bus, tracing
    from garage.kernel.messages import Event

    class TracePinged(Event):
        n: int

    bus.register("tracebench", {TracePinged: [lambda event: None]})
    for handler in logging.getLogger().handlers:
        handler.setStream(open(os.devnull, "w"))  # noqa: SIM115
    traced, bare = [], []
    delivery = tracing.delivery
    for _ in range(ROUNDS):
        traced += timings(bus.publish, TracePinged, EVENTS)
        tracing.delivery = untraced
        bare += timings(bus.publish, TracePinged, EVENTS)
        tracing.delivery = delivery
    traced_ms, bare_ms = common.median(traced) * 1e3, common.median(bare) * 1e3
    alone_us = common.median(attempt_cost(tracing, EVENTS * ROUNDS)) * 1e6
    common.report(
        "trace",
        {
            "events per variant": EVENTS * ROUNDS,
            "publish-to-handled, traced (median ms)": traced_ms,
            "publish-to-handled, untraced (median ms)": bare_ms,
            "ratio (traced / untraced)": traced_ms / bare_ms,
            "tracing.delivery + its JSON line alone (median us)": alone_us,
            "its share of a traced delivery (%)": alone_us / 10 / traced_ms,
        },
    )


if __name__ == "__main__":
    main()
