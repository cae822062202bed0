"""What the workshop can be asked to do, from its pages and its API, and who
asks. The field types carry the limits of ``domain.limits``; the API's input
schemas use the same types."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from garage.kernel import fields
from garage.kernel.messages import Command

from .domain import limits

Text = fields.text(limits.DESCRIPTION_MAX)
Reason = fields.text(limits.REASON_MAX)
Name = fields.text(limits.NAME_MAX)
LicenseNumber = fields.text(limits.LICENSE_NUMBER_MAX)
Notes = fields.text(limits.NOTES_MAX, fields.LINES, fields.LINES_MESSAGE)
OdometerKm = fields.whole(0, limits.ODOMETER_MAX_KM)
LabourHours = fields.decimal(limits.LABOUR_HOURS_MAX, limits.DECIMAL_PLACES)
Quantity = fields.decimal(limits.QUANTITY_MAX, limits.DECIMAL_PLACES, positive=True)
UnitPrice = fields.decimal(limits.UNIT_PRICE_MAX, limits.DECIMAL_PLACES)
PartDescription = fields.text(limits.PART_DESCRIPTION_MAX)


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
