"""The event bus as the contexts see it: declare subscriptions, publish events.

``publish`` only writes rows, in the caller's transaction. Once that transaction
commits, the relay hands the rows to the transport (dramatiq on Redis, or
in-process delivery); a sweeper resends whatever a crash or an outage left.
"""

import time
from collections.abc import Iterable, Mapping, Sequence

from django.db import transaction
from django.utils import timezone

from . import outbox, relay
from . import subscriptions as registry
from .messages import Envelope, Event
from .models import Delivery
from .subscriptions import Subscriber, consumers_of

__all__ = ["consumers_of", "publish", "register", "wait_until_handled"]


def register(
    context: str, subscriptions: Mapping[type[Event], Sequence[Subscriber]]
) -> None:
    """Declares which of ``context``'s subscribers react to which events.

    Called from each context's ``AppConfig.ready()`` with its ``SUBSCRIPTIONS``.
    The dramatiq workers give each consuming context a queue when they boot.
    """
    registry.register(context, subscriptions)


def publish(*events: Event) -> list[Envelope]:
    """Writes ``events`` to the outbox, one delivery per subscribing context.

    Runs inside the caller's transaction (or its own, if there is none): if
    that transaction rolls back, nothing is published. Delivery starts after
    the commit.
    """
    now = timezone.now()
    envelopes = [Envelope.wrap(event, occurred_at=now) for event in events]
    # No savepoint: on failure the caller's transaction rolls back whole.
    with transaction.atomic(savepoint=False):
        delivery_ids = outbox.write(envelopes, consumers_of)
        if delivery_ids:
            transaction.on_commit(
                lambda: _relay_after_commit(delivery_ids), robust=True
            )
    return envelopes


def _relay_after_commit(delivery_ids: list[int]) -> None:
    relay.relay(delivery_ids)


def wait_until_handled(
    envelopes: Iterable[Envelope], consumer: str, timeout: float = 5.0
) -> bool:
    """Blocks until ``consumer`` has handled ``envelopes`` (read-your-writes).

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
