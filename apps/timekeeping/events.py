from datetime import date

from garage.kernel.messages import Event


class DayHasPassed(Event):
    """The business day ``date`` has just begun."""

    ordering_key = "days"  # every consumer sees the days in their order
    date: date
