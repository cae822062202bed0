"""What the workshop can be asked to do, from its pages and its API, and who
asks. The field types carry the limits of ``domain.limits``; the API's input
schemas use the same types."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from garage.kernel.messages import Command

from .domain import limits

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Reason = Annotated[Text, StringConstraints(max_length=limits.REASON_MAX)]
Name = Annotated[Text, StringConstraints(max_length=limits.NAME_MAX)]
Notes = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=limits.NOTES_MAX)
]
OdometerKm = Annotated[int, Field(ge=0, le=limits.ODOMETER_MAX_KM, strict=True)]
LabourHours = Annotated[
    Decimal,
    Field(ge=0, le=limits.LABOUR_HOURS_MAX, decimal_places=limits.DECIMAL_PLACES),
]
Quantity = Annotated[
    Decimal, Field(gt=0, le=limits.QUANTITY_MAX, decimal_places=limits.DECIMAL_PLACES)
]
UnitPrice = Annotated[
    Decimal,
    Field(ge=0, le=limits.UNIT_PRICE_MAX, decimal_places=limits.DECIMAL_PLACES),
]
PartDescription = Annotated[
    Text, StringConstraints(max_length=limits.PART_DESCRIPTION_MAX)
]


@dataclass(frozen=True)
class Actor:
    """Who gives a command: an employee (a user), or the system (cron, a
    management command). Every stored event's metadata records it."""

    user_id: int | None
    username: str

    @classmethod
    def of(cls, user: Any) -> "Actor":
        """The actor for a Django user (``request.user``)."""
        return cls(user.pk, user.get_username())

    def as_metadata(self) -> dict[str, Any]:
        if self.user_id is None:
            return {"user": self.username}
        return {"user": {"id": self.user_id, "username": self.username}}


SYSTEM = Actor(None, "system")


class PlanMaintenanceJob(Command):
    planning_date: date
    job_id: UUID | None = None  # a new one, unless the client chose it
    start_time: AwareDatetime
    end_time: AwareDatetime
    license_number: str
    description: str


class RescheduleMaintenanceJob(Command):
    planning_date: date  # where the job is
    job_id: UUID
    new_planning_date: date
    start_time: AwareDatetime
    end_time: AwareDatetime


class CheckInVehicle(Command):
    planning_date: date
    job_id: UUID
    odometer_km: OdometerKm
    at: AwareDatetime


class StartWork(Command):
    planning_date: date
    job_id: UUID
    workstation: Name
    mechanic: Name
    at: AwareDatetime


class WaitForParts(Command):
    planning_date: date
    job_id: UUID
    reason: Reason


class PartUsed(BaseModel):
    model_config = ConfigDict(frozen=True)

    description: PartDescription
    quantity: Quantity
    unit_price: UnitPrice


class FinishMaintenanceJob(Command):
    planning_date: date
    job_id: UUID
    actual_start_time: AwareDatetime
    actual_end_time: AwareDatetime
    notes: Notes = ""
    labour_hours: LabourHours | None = None  # None: the actual duration
    parts: Annotated[tuple[PartUsed, ...], Field(max_length=limits.PARTS_MAX)] = ()


class CancelMaintenanceJob(Command):
    planning_date: date
    job_id: UUID
    reason: Reason
