"""The event bus as the contexts see it: declare subscriptions, publish events.

``publish`` only writes rows, in the caller's transaction. Once that transaction
commits, the relay hands the rows to the transport (dramatiq on Redis, or
in-process delivery); a sweeper resends whatever a crash or an outage left.
"""

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone

from . import outbox, relay, tracing
from . import subscriptions as registry
from .messages import Envelope, Event
from .subscriptions import Subscriber, consumers_of, outside_effects

__all__ = ["consumers_of", "outside_effects", "publish", "register"]


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
    the commit. The envelopes carry the current action's correlation and
    causation ids (see ``tracing``).
    """
    now = timezone.now()
    trace = tracing.ids()
    envelopes = [Envelope.wrap(event, now, **trace) for event in events]
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
