from datetime import date
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


class MaintenanceJobFinished(Event):
    job_id: UUID
    planning_date: date
    actual_start_time: AwareDatetime
    actual_end_time: AwareDatetime
    notes: str


class MaintenanceJobCancelled(Event):
    job_id: UUID
    planning_date: date
    reason: str
