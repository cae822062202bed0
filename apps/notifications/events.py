from datetime import date
from uuid import UUID

from garage.kernel.messages import Event


class ReminderPrepared(Event):
    """A reminder is recorded for a customer's jobs on ``day``; it is sent next."""

    reminder_id: int
    customer_id: UUID
    day: date


class MessagePrepared(Event):
    """A message to a customer (ready for pickup, service due) is recorded;
    it is sent next."""

    message_id: int
    kind: str
    customer_id: UUID
