"""Which user action a log line or an event belongs to: correlation and causation.

A request or a management command begins an *action*: its correlation id comes
from the ``X-Request-ID`` header, or is new, and the events it publishes are
caused by it (causation id = the correlation id). A delivery continues the
action of the event it carries: whatever its handlers publish has that event's
correlation id, and the event's id as causation id. So every event of one
action shares a correlation id, and the causation ids make it a tree.

The trace lives in a context variable: each thread, and each dramatiq worker
thread, sees its own. ``TraceFilter`` copies it onto every log record.
No Django import at module level: the logging config loads this module early.
"""

import functools
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

FIELDS = ["correlation_id", "causation_id", "event_id", "event_type", "consumer"]
MAX_ID_LENGTH = 128  # the outbox's columns
# Letters, digits and the punctuation of UUIDs, hex, base64 and vendor ids.
VALID_ID = re.compile(rf"[A-Za-z0-9_.:+/=-]{{1,{MAX_ID_LENGTH}}}")

delivery_logger = logging.getLogger("garage.kernel.consumer")
command_logger = logging.getLogger("garage.command")


@dataclass(frozen=True)
class Trace:
    correlation_id: str
    causation_id: str
    event_id: str = ""
    event_type: str = ""
    consumer: str = ""


_current: ContextVar[Trace | None] = ContextVar("garage_trace", default=None)


def new_id() -> str:
    return str(uuid4())


def valid_id(value: str | None) -> str | None:
    """``value`` if it may serve as a correlation id, else None."""
    return value if value and VALID_ID.fullmatch(value) else None


def current() -> Trace | None:
    return _current.get()


def ids() -> dict[str, str]:
    """The correlation and causation ids of what is published now.

    Outside any action (a shell, a test), each call begins a new correlation
    with no cause."""
    trace = _current.get()
    if trace is None:
        return {"correlation_id": new_id(), "causation_id": ""}
    return {"correlation_id": trace.correlation_id, "causation_id": trace.causation_id}


@contextmanager
def _scope(trace: Trace) -> Iterator[Trace]:
    token = _current.set(trace)
    try:
        yield trace
    finally:
        _current.reset(token)


@contextmanager
def action(correlation_id: str | None = None) -> Iterator[str]:
    """A request or a command: a new action, under ``correlation_id`` (checked
    by the caller) or a new id. Yields the id."""
    correlation_id = correlation_id or new_id()
    with _scope(Trace(correlation_id, correlation_id)):
        yield correlation_id


@dataclass
class Attempt:
    """One attempt at a delivery; its ``state`` afterwards is the delivery's
    (handled, pending again for a retry, or dead), set by the consumer."""

    delivery_id: int
    consumer: str
    state: str = ""
    error: BaseException | None = None

    def log(self) -> None:
        level, outcome, text = OUTCOMES.get(self.state, OUTCOMES[""])
        delivery_logger.log(
            level,
            "Delivery %s to %s %s.",
            self.delivery_id,
            self.consumer,
            text,
            exc_info=self.error if level > logging.INFO else None,
            extra={"delivery_id": self.delivery_id, "outcome": outcome},
        )


OUTCOMES = {
    "handled": (logging.INFO, "handled", "handled"),
    "pending": (logging.WARNING, "retry", "failed; it will be retried"),
    "dead": (logging.ERROR, "dead", "failed for the last time: dead-lettered"),
    "": (logging.ERROR, "interrupted", "broke off"),
}


def delivery_trace(
    consumer: str, event_id: object, event_type: str, correlation_id: str
) -> Trace:
    """The trace of a delivery of event ``event_id`` to ``consumer``."""
    event_id = str(event_id)
    return Trace(
        # Envelopes stored before correlation ids begin their own.
        correlation_id=correlation_id or event_id,
        causation_id=event_id,
        event_id=event_id,
        event_type=event_type,
        consumer=consumer,
    )


@contextmanager
def delivery(delivery_id: int, consumer: str, envelope: dict[str, Any]):
    """Around the handling of one delivery: every log line and every event
    inside belongs to the delivered event's action, and one line tells the
    attempt's outcome (``Attempt.state``) when it is over."""
    trace = delivery_trace(
        consumer,
        envelope["event_id"],
        envelope["event_type"],
        envelope.get("correlation_id") or "",
    )
    attempt = Attempt(delivery_id, consumer)
    with _scope(trace):
        try:
            yield attempt
        except BaseException as exc:
            attempt.error = attempt.error or exc
            raise
        finally:
            attempt.log()


def within(trace: Trace) -> Any:
    """Runs what it wraps in ``trace`` (a delivery of a batch, whose attempt's
    line comes only once the batch has committed: see ``handled``)."""
    return _scope(trace)


def handled(trace: Trace, delivery_id: int) -> None:
    """The line of a delivery handled in a batch, written after its commit."""
    token = _current.set(trace)
    try:
        Attempt(delivery_id, trace.consumer, "handled").log()
    finally:
        _current.reset(token)


class TraceFilter(logging.Filter):
    """Puts the current trace's fields on every record a handler writes (empty
    outside any action), for the formatters to show."""

    def filter(self, record: logging.LogRecord) -> bool:
        trace = _current.get()
        for name in FIELDS:
            if not hasattr(record, name):
                setattr(record, name, getattr(trace, name) if trace else "")
        return True


def trace_management_commands() -> None:
    """Makes every management command run as a new action.

    Django has no hook around a command, so this wraps ``BaseCommand.execute``
    (once; the kernel's ``ready`` calls it), through which every command runs,
    from ``manage.py``, ``call_command`` or ``run_daily``: the project's own,
    and Django's, such as ``shell``. A command that ``run_daily`` runs every
    day is a new action each day."""
    from django.core.management.base import BaseCommand

    execute = BaseCommand.execute
    if getattr(execute, "traced", False):
        return

    @functools.wraps(execute)
    def traced(self: BaseCommand, /, *args: Any, **options: Any) -> Any:
        # Positional-only: a command may have an option of any name (shell's
        # is "command").
        with action():
            name = type(self).__module__.rpartition(".")[2]
            command_logger.info("Command %s runs.", name, extra={"command": name})
            return execute(self, *args, **options)

    traced.traced = True  # type: ignore[attr-defined]
    BaseCommand.execute = traced
