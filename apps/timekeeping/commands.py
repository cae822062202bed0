from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PassDay:
    """Lets business day ``day`` begin, after any day missed before it."""

    day: date
    passed_by: str
