"""The garage's sense of today; tests replace it."""

from datetime import date, datetime

from django.utils import timezone


def today() -> date:
    """Today in the garage's time zone (``TIME_ZONE``)."""
    return timezone.localdate()


def now() -> datetime:
    """This moment: when a step given without a time happened."""
    return timezone.now()
