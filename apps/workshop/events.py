from datetime import date
from decimal import Decimal
from typing import ClassVar
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict

from garage.kernel.messages import Event


class JobCustomer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    customer_id: UUID
    name: str
    telephone_number: str


class JobVehicle(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    license_number: str
    brand: str
    type: str


class JobPart(BaseModel):
    """A part used on a job; amounts travel as decimal strings ("12.50")."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    description: str
    quantity: Decimal
    unit_price: Decimal  # excl. VAT


class WorkshopPlanningCreated(Event):
    date: date


class MaintenanceJobPlanned(Event):
    job_id: UUID
    planning_date: date
    start_time: AwareDatetime
    end_time: AwareDatetime
    description: str
    customer: JobCustomer
    vehicle: JobVehicle


class MaintenanceJobCheckedIn(Event):
    job_id: UUID
    planning_date: date
    license_number: str
    odometer_km: int
    at: AwareDatetime


class MaintenanceJobStarted(Event):
    job_id: UUID
    planning_date: date
    workstation: str
    mechanic: str
    at: AwareDatetime


class MaintenanceJobWaitingForParts(Event):
    job_id: UUID
    planning_date: date
    reason: str


class MaintenanceJobRescheduled(Event):
    """``from_date`` is the planning the job was on; the same as
    ``planning_date`` when only its time changed."""

    job_id: UUID
    from_date: date
    planning_date: date
    start_time: AwareDatetime
    end_time: AwareDatetime


class MaintenanceJobFinished(Event):
    """Schema 2 adds ``labour_hours`` and ``parts``. A schema-1 event has
    neither: no parts, and labour hours None, meaning the actual duration."""

    schema_version: ClassVar[int] = 2

    job_id: UUID
    planning_date: date
    actual_start_time: AwareDatetime
    actual_end_time: AwareDatetime
    notes: str
    labour_hours: Decimal | None = None
    parts: tuple[JobPart, ...] = ()


class MaintenanceJobCancelled(Event):
    job_id: UUID
    planning_date: date
    reason: str
