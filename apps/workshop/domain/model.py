"""The values a planning is made of, and the errors its rules raise."""

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from uuid import UUID

from garage.kernel.errors import NotFoundError, RuleViolationError


class PlanningRuleError(RuleViolationError):
    """A planning rule forbids the command; ``field`` names the input at fault."""

    def __init__(self, message: str, code: str, field: str | None = None) -> None:
        super().__init__(message, code)
        self.field = field


class JobNotFoundError(NotFoundError):
    pass


@dataclass(frozen=True)
class Garage:
    """What the rules need to know about the garage itself."""

    workstations: int
    time_zone: tzinfo


@dataclass(frozen=True)
class Customer:
    customer_id: UUID
    name: str
    telephone_number: str


@dataclass(frozen=True)
class Vehicle:
    """A vehicle as the workshop knows it; ``owner`` is None until known."""

    license_number: str
    brand: str
    type: str
    owner: Customer | None


class Status(StrEnum):
    PLANNED = "Planned"
    FINISHED = "Finished"
    CANCELLED = "Cancelled"


@dataclass
class Job:
    job_id: UUID
    start_time: datetime
    end_time: datetime
    description: str
    customer: Customer
    vehicle: Vehicle
    status: Status = Status.PLANNED
    actual_start_time: datetime | None = None
    actual_end_time: datetime | None = None
    notes: str = ""
    cancel_reason: str = ""

    @property
    def takes_capacity(self) -> bool:
        return self.status is not Status.CANCELLED

    def is_planned_as(
        self, start: datetime, end: datetime, license_number: str, description: str
    ) -> bool:
        return (self.start_time, self.end_time, self.description) == (
            start,
            end,
            description,
        ) and self.vehicle.license_number == license_number.upper()

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Half-open slots: one ending at 10:00 misses one starting at 10:00."""
        return self.start_time < end and start < self.end_time
