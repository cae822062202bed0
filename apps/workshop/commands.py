"""What the workshop can be asked to do, from its pages and its API."""

from datetime import date
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class Command(BaseModel):
    model_config = ConfigDict(frozen=True)


class PlanMaintenanceJob(Command):
    planning_date: date
    job_id: UUID = Field(default_factory=uuid4)
    start_time: AwareDatetime
    end_time: AwareDatetime
    license_number: str
    description: str


class FinishMaintenanceJob(Command):
    planning_date: date
    job_id: UUID
    actual_start_time: AwareDatetime
    actual_end_time: AwareDatetime
    notes: str


class CancelMaintenanceJob(Command):
    planning_date: date
    job_id: UUID
    reason: str
