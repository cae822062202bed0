"""The garage's sense of today (tests replace it), and of its clocks."""

from datetime import date, datetime

from django.utils import timezone


def today() -> date:
    """Today in the garage's time zone (``TIME_ZONE``)."""
    return timezone.localdate()


def now() -> datetime:
    """This moment: when a step given without a time happened."""
    return timezone.now()


def skipped(moment: datetime) -> bool:
    """Whether ``moment``'s wall time is one its time zone's clocks skip (02:30
    on the night they go forward): then the offset before the change, which
    fold 0 gives, is smaller than the one after, which fold 1 gives (PEP 495)."""
    return moment.replace(fold=0).utcoffset() < moment.replace(fold=1).utcoffset()
