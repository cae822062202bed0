from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import AfterValidator, StringConstraints

from garage.kernel.auth import permitted
from garage.kernel.schemas import IsoDate, answers

from . import handlers, queries
from .commands import CancelMaintenanceJob, FinishMaintenanceJob, PlanMaintenanceJob
from .models import MaintenanceJob

router = Router(tags=["workshop"])


def in_garage_time(moment: datetime) -> datetime:
    """Naive = the garage's local time; with an offset = converted to it."""
    try:
        if timezone.is_naive(moment):
            return timezone.make_aware(moment)
        return timezone.localtime(moment)
    except (OverflowError, ValueError):
        raise ValueError("The time is out of range.") from None


LocalTime = Annotated[datetime, AfterValidator(in_garage_time)]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class CustomerOut(Schema):
    customer_id: UUID
    name: str
    telephone_number: str


class VehicleOut(Schema):
    license_number: str
    brand: str
    type: str


class JobOut(Schema):
    job_id: UUID
    planning_date: date
    start_time: datetime
    end_time: datetime
    description: str
    status: str
    customer: CustomerOut
    vehicle: VehicleOut
    actual_start_time: datetime | None
    actual_end_time: datetime | None
    notes: str


class PlanningOut(Schema):
    date: date
    jobs: list[JobOut]


class JobIn(Schema):
    start_time: LocalTime
    end_time: LocalTime
    license_number: Annotated[Text, StringConstraints(max_length=20)]
    description: Annotated[Text, StringConstraints(max_length=1000)]
    job_id: UUID | None = None


class FinishIn(Schema):
    actual_start_time: LocalTime
    actual_end_time: LocalTime
    notes: Notes = ""


class CancelIn(Schema):
    reason: Annotated[Text, StringConstraints(max_length=1000)]


@router.get(
    "/plannings/{date}",
    response=answers({200: PlanningOut}),
    auth=permitted("workshop.view_maintenancejob", "see the planning"),
)
def get_planning(request, date: IsoDate):
    return PlanningOut(date=date, jobs=[row_out(r) for r in queries.get_planning(date)])


@router.post(
    "/plannings/{date}/jobs",
    response=answers({201: JobOut}, 409),
    auth=permitted("workshop.plan_job", "plan a job"),
)
def create_job(request, date: IsoDate, payload: JobIn):
    command = PlanMaintenanceJob(planning_date=date, **payload.model_dump())
    return Status(201, job_out(handlers.plan_maintenance_job(command), date))


@router.get(
    "/plannings/{date}/jobs/{job_id}",
    response=answers({200: JobOut}, 404),
    auth=permitted("workshop.view_maintenancejob", "see a job"),
)
def get_job(request, date: IsoDate, job_id: UUID):
    return row_out(queries.get_job(date, job_id))


@router.post(
    "/plannings/{date}/jobs/{job_id}/finish",
    response=answers({200: JobOut}, 404, 409),
    auth=permitted("workshop.finish_job", "finish a job"),
)
def finish_job(request, date: IsoDate, job_id: UUID, payload: FinishIn):
    command = FinishMaintenanceJob(
        planning_date=date, job_id=job_id, **payload.model_dump()
    )
    return job_out(handlers.finish_maintenance_job(command), date)


@router.post(
    "/plannings/{date}/jobs/{job_id}/cancel",
    response=answers({200: JobOut}, 404, 409),
    auth=permitted("workshop.cancel_job", "cancel a job"),
)
def cancel_job(request, date: IsoDate, job_id: UUID, payload: CancelIn):
    command = CancelMaintenanceJob(
        planning_date=date, job_id=job_id, **payload.model_dump()
    )
    return job_out(handlers.cancel_maintenance_job(command), date)


def job_out(outcome: handlers.Outcome, planning_date: date) -> JobOut:
    """The job as the command left it, from the read model it has updated."""
    return row_out(queries.get_job(planning_date, outcome.job.job_id))


def row_out(row: MaintenanceJob) -> JobOut:
    return JobOut(
        job_id=row.job_id,
        planning_date=row.planning_date,
        start_time=_local(row.start_time),
        end_time=_local(row.end_time),
        description=row.description,
        status=row.status,
        customer=CustomerOut(
            customer_id=row.customer_id,
            name=row.customer_name,
            telephone_number=row.customer_telephone_number,
        ),
        vehicle=VehicleOut(
            license_number=row.license_number, brand=row.brand, type=row.type
        ),
        actual_start_time=_local(row.actual_start_time),
        actual_end_time=_local(row.actual_end_time),
        notes=row.notes,
    )


def _local(moment: datetime | None) -> datetime | None:
    return moment and timezone.localtime(moment)
