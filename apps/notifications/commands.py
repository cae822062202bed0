"""What notifications can be asked to do: by its subscribers, when a day passes."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from garage.kernel.messages import Command


class PrepareReminders(Command):
    day: date


class SendReminder(Command):
    reminder_id: int


class PreparePickupMessage(Command):
    job_id: UUID


class PreparePaymentReminder(Command):
    number: str
    customer_id: UUID
    due_date: date
    open_amount: Decimal


class PrepareServiceDueMessages(Command):
    day: date


class SendMessages(Command):
    message_ids: tuple[int, ...]
