"""Test helpers for code that publishes or consumes events."""

import time
from collections.abc import Iterable

from .messages import Envelope, Event
from .models import Delivery, OutboxEvent
from .relay import sweep_all


def published[E: Event](event_class: type[E]) -> list[E]:
    """The events of one type in the outbox, oldest first."""
    rows = OutboxEvent.objects.filter(event_type=event_class.event_type())
    return [
        Envelope.model_validate(envelope).open()
        for envelope in rows.order_by("id").values_list("envelope", flat=True)
    ]


def drain(timeout: float = 15.0) -> None:
    """Waits until every delivery is handled or dead, sweeping what is due.

    Works with both transports: in-process deliveries finish inside the sweep;
    with dramatiq, a running worker handles what was sent.
    """
    deadline = time.monotonic() + timeout
    in_flight = Delivery.objects.filter(
        state__in=[Delivery.State.PENDING, Delivery.State.SENT]
    )
    while True:
        sweep_all()
        if not in_flight.exists():
            return
        if time.monotonic() > deadline:
            stuck = list(
                in_flight.values_list("consumer", "event__event_type", "state")
            )
            raise AssertionError(f"Deliveries still in flight: {stuck}")
        time.sleep(0.01)


def wait_until_handled(
    envelopes: Iterable[Envelope], consumer: str, timeout: float = 5.0
) -> bool:
    """Blocks until ``consumer`` has handled ``envelopes`` (tests, benchmarks).

    Returns False if the timeout ran out first. In-process delivery is already
    done by the time the publishing transaction has committed.
    """
    event_ids = [envelope.event_id for envelope in envelopes]
    waiting = Delivery.objects.filter(
        event__event_id__in=event_ids, consumer=consumer
    ).exclude(state=Delivery.State.HANDLED)
    deadline = time.monotonic() + timeout
    pause = 0.002
    while waiting.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    return True
