"""What notifications can be asked to do: by its subscribers, when a day passes."""

from datetime import date

from garage.kernel.messages import Command


class PrepareReminders(Command):
    day: date


class SendReminder(Command):
    reminder_id: int
