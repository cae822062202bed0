from datetime import date
from uuid import UUID

from garage.kernel.messages import Event


class ReminderPrepared(Event):
    """A reminder is recorded for a customer's jobs on ``day``; it is sent next."""

    reminder_id: int
    customer_id: UUID
    day: date


class MessagesPrepared(Event):
    """Messages to customers of one kind (ready for pickup, service due) are
    recorded; they are sent next. A day's service-due messages come in
    batches; a message left unsent by a batch comes again alone."""

    kind: str
    message_ids: tuple[int, ...]
