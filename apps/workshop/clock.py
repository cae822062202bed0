"""The garage's sense of today; tests replace it."""

from datetime import date

from django.utils import timezone


def today() -> date:
    """Today in the garage's time zone (``TIME_ZONE``)."""
    return timezone.localdate()
