"""Two made-up consuming contexts, alpha and beta, on the real bus.

Registered at import, before the dramatiq worker starts, so their queues exist.
Each subscriber's effect is a row in ``auth_group``: counting rows counts how
many times an effect was applied.
"""

import uuid

import pytest
from django.contrib.auth.models import Group

from garage.kernel import bus
from garage.kernel.messages import Event

FAULTS: set[str] = set()


@pytest.fixture(autouse=True)
def _no_faults():
    """Every kernel test starts and ends with no context broken."""
    FAULTS.clear()
    yield
    FAULTS.clear()


class Pinged(Event):
    n: int


class Ponged(Event):
    n: int


class Ticked(Event):
    """Ticks take effect in their order in every consumer."""

    ordering_key = "ticks"
    n: int


class Mailed(Event):
    """Alpha "mails" it: an effect outside the database."""

    n: int


MAILED: list[int] = []  # what alpha mailed; a rollback does not take it back


def effect(context: str, event: Event) -> None:
    if context in FAULTS:
        raise RuntimeError(f"{context} is broken")
    Group.objects.create(
        name=f"{context}:{type(event).__name__}:{event.n}:{uuid.uuid4()}"
    )


def when_pinged_alpha_records(event: Pinged) -> None:
    effect("alpha", event)


def when_ponged_alpha_records(event: Ponged) -> None:
    effect("alpha", event)


def when_ticked_alpha_records(event: Ticked) -> None:
    effect("alpha", event)


@bus.outside_effects
def when_mailed_alpha_sends(event: Mailed) -> None:
    MAILED.append(event.n)


def when_pinged_beta_records(event: Pinged) -> None:
    effect("beta", event)


def effects(context: str, event_class: type[Event] = Pinged) -> int:
    return Group.objects.filter(
        name__startswith=f"{context}:{event_class.__name__}:"
    ).count()


def effects_in_order(context: str, event_class: type[Event]) -> list[int]:
    """The ``n`` of each effect, in the order the effects were applied."""
    names = Group.objects.filter(name__startswith=f"{context}:{event_class.__name__}:")
    return [
        int(name.split(":")[2])
        for name in names.order_by("id").values_list("name", flat=True)
    ]


bus.register(
    "alpha",
    {
        Pinged: [when_pinged_alpha_records],
        Ponged: [when_ponged_alpha_records],
        Ticked: [when_ticked_alpha_records],
        Mailed: [when_mailed_alpha_sends],
    },
)
bus.register("beta", {Pinged: [when_pinged_beta_records]})
