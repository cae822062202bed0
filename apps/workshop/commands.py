"""What the workshop can be asked to do, from its pages and its API."""

from datetime import date
from uuid import UUID

from pydantic import AwareDatetime

from garage.kernel.messages import Command


class PlanMaintenanceJob(Command):
    planning_date: date
    job_id: UUID | None = None  # a new one, unless the client chose it
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
