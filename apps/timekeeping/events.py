from datetime import date

from garage.kernel.messages import Event


class DayHasPassed(Event):
    """The business day ``date`` has just begun."""

    date: date
