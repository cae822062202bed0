"""The published language's building blocks: events, their envelope, a registry.

Pure pydantic, no Django, so domain modules may build on it.
"""

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class UnknownEventError(LookupError):
    pass


class Event(BaseModel):
    """A fact one context tells the others. Subclasses are registered by name.

    A subclass lives in ``apps.<context>.events``; that context is its source.
    Unknown fields are ignored, so a producer may add fields without breaking
    a consumer that does not know them yet.

    ``ordering_key``: events sharing a non-empty key take effect in every
    consumer in the order they were published, whatever order the broker
    delivers them in (``DayHasPassed``: one key for all days). Empty: no order.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    schema_version: ClassVar[int] = 1
    ordering_key: ClassVar[str] = ""
    registry: ClassVar[dict[str, type["Event"]]] = {}

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        existing = Event.registry.get(cls.__name__)
        if existing is not None and existing.__module__ != cls.__module__:
            raise TypeError(f"Two event types are named {cls.__name__}.")
        Event.registry[cls.__name__] = cls

    @classmethod
    def event_type(cls) -> str:
        return cls.__name__

    @classmethod
    def source(cls) -> str:
        parts = cls.__module__.split(".")
        return parts[1] if parts[0] == "apps" and len(parts) > 1 else parts[0]


class Envelope(BaseModel):
    """How every event travels: identity, type, version, time, source, data.

    ``correlation_id``: the user action (request, command) the event belongs
    to, shared by every event it leads to; ``causation_id``: what caused it,
    the id of the event whose handler published it, or of the request or
    command. Both empty in envelopes stored before they existed.
    """

    model_config = ConfigDict(frozen=True)

    event_id: UUID = Field(default_factory=uuid4)
    event_type: str
    schema_version: int
    occurred_at: AwareDatetime
    source: str
    ordering_key: str = ""
    correlation_id: str = ""
    causation_id: str = ""
    data: dict[str, Any]

    @classmethod
    def wrap(
        cls,
        event: Event,
        occurred_at: datetime,
        correlation_id: str = "",
        causation_id: str = "",
    ) -> "Envelope":
        return cls(
            event_type=event.event_type(),
            schema_version=event.schema_version,
            occurred_at=occurred_at,
            source=event.source(),
            ordering_key=event.ordering_key,
            correlation_id=correlation_id,
            causation_id=causation_id,
            data=event.model_dump(mode="json"),
        )

    def open(self) -> Event:
        try:
            event_class = Event.registry[self.event_type]
        except KeyError:
            raise UnknownEventError(
                f"No event type is named {self.event_type}."
            ) from None
        return event_class.model_validate(self.data)


class Command(BaseModel):
    """What a context is asked to do, named in the imperative; immutable.

    A subclass lives in ``apps.<context>.commands`` and goes to the command
    handler of the same name; its field types carry the context's limits.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
