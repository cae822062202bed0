"""Who listens to what: the registry both publishing and consuming read.

Each context declares its subscribers once (``bus.register``, from its
``AppConfig.ready``). The outbox asks which contexts consume an event type,
the consumer which subscribers of a context to run, the worker which contexts
need a queue. It imports nothing else of the bus, so every layer may use it.
"""

from collections.abc import Callable, Mapping, Sequence

from .messages import Event

Subscriber = Callable[[Event], None]

# consumer context -> event type name -> subscribers, in declaration order
_table: dict[str, dict[str, list[Subscriber]]] = {}


def register(
    context: str, subscriptions: Mapping[type[Event], Sequence[Subscriber]]
) -> None:
    """Records which of ``context``'s subscribers react to which events."""
    table = _table.setdefault(context, {})
    for event_class, subscribers in subscriptions.items():
        table[event_class.event_type()] = list(subscribers)


def contexts() -> list[str]:
    """The contexts that consume at least one event type."""
    return [context for context, table in _table.items() if table]


def consumers_of(event_type: str) -> list[str]:
    return [context for context, table in _table.items() if event_type in table]


def subscribers_for(context: str, event_type: str) -> list[Subscriber]:
    return _table.get(context, {}).get(event_type, [])


def outside_effects[S: Subscriber](subscriber: S) -> S:
    """Marks a subscriber whose effect a rollback cannot undo (it sends an
    e-mail). Its deliveries are never handled in a batch, where a neighbour's
    failure rolls the whole batch back and would make it do its effect again:
    each is handled in a transaction of its own."""
    subscriber.outside_effects = True  # type: ignore[attr-defined]
    return subscriber


def acts_outside(context: str, event_type: str) -> bool:
    """Whether one of ``context``'s subscribers to ``event_type`` has effects
    outside the database (see ``outside_effects``)."""
    return any(
        getattr(subscriber, "outside_effects", False)
        for subscriber in subscribers_for(context, event_type)
    )


def subscriber_name(subscriber: Subscriber) -> str:
    """How the inbox knows a subscriber: stable across processes and deploys."""
    return f"{subscriber.__module__}.{subscriber.__qualname__}"
