from datetime import date

from garage.kernel.messages import Command


class PassDay(Command):
    """Lets business day ``day`` begin, after any day missed before it."""

    day: date
    passed_by: str
