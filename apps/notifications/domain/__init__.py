"""Notifications' rules: pure Python, no Django. ``reminders`` for the day's
reminders, ``service`` for when a vehicle is due for its next service."""

from .reminders import ARRIVE_EARLY, arrival_time, day_bounds, per_customer
from .service import Due, Interval, Reading, Reason, next_service

__all__ = [
    "ARRIVE_EARLY",
    "Due",
    "Interval",
    "Reading",
    "Reason",
    "arrival_time",
    "day_bounds",
    "next_service",
    "per_customer",
]
