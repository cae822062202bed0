from datetime import date, datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AfterValidator, Field, StringConstraints

from garage.kernel.auth import permitted
from garage.kernel.schemas import Input, IsoDate, answers

from . import clock, handlers, queries
from .commands import (
    Actor,
    CancelMaintenanceJob,
    CheckInVehicle,
    FinishMaintenanceJob,
    LabourHours,
    LicenseNumber,
    Name,
    Notes,
    OdometerKm,
    PartDescription,
    PlanMaintenanceJob,
    Quantity,
    Reason,
    RescheduleMaintenanceJob,
    StartWork,
    Text,
    UnitPrice,
    WaitForParts,
)
from .domain import Job, limits
from .domain import Status as JobStatus
from .models import MaintenanceJob

router = Router(tags=["workshop"])


def in_garage_time(moment: datetime) -> datetime:
    """Naive = the garage's local time; with an offset = converted to it."""
    try:
        if timezone.is_aware(moment):
            return timezone.localtime(moment)
        local = timezone.make_aware(moment)
    except (OverflowError, ValueError):
        raise ValueError("The time is out of range.") from None
    if clock.skipped(local):
        raise ValueError(
            f"{moment:%Y-%m-%d %H:%M} does not exist in the garage's time zone: "
            "the clocks go forward then."
        )
    return local


LocalTime = Annotated[datetime, AfterValidator(in_garage_time)]


class CustomerOut(Schema):
    customer_id: UUID
    name: str
    telephone_number: str


class VehicleOut(Schema):
    license_number: str
    brand: str
    type: str


class PartOut(Schema):
    description: str
    quantity: Decimal
    unit_price: Decimal


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
    workstation: str
    mechanic: str
    odometer_km: int | None
    waiting_reason: str
    labour_hours: Decimal | None
    parts: list[PartOut]
    cancel_reason: str


class HistoryOut(Schema):
    event: str  # the step, in the garage's words
    details: str
    at: datetime
    by: str  # a username, "system", or "" when not recorded (release 1)


class JobDetailOut(JobOut):
    history: list[HistoryOut]


class PlanningOut(Schema):
    date: date
    jobs: list[JobOut]


class JobIn(Input):
    start_time: LocalTime
    end_time: LocalTime
    license_number: LicenseNumber
    description: Text
    job_id: UUID | None = None


class PartIn(Input):
    description: PartDescription
    quantity: Quantity
    unit_price: UnitPrice


class FinishIn(Input):
    actual_start_time: LocalTime
    actual_end_time: LocalTime
    notes: Notes = ""
    labour_hours: LabourHours | None = None  # None: the actual duration
    parts: Annotated[list[PartIn], Field(max_length=limits.PARTS_MAX)] = []


class CancelIn(Input):
    reason: Reason


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
    outcome = handlers.plan_maintenance_job(command, Actor.of(request.user))
    return Status(201, planned_out(outcome.job, date) or job_out(outcome, date))


@router.get(
    "/plannings/{date}/jobs/{job_id}",
    response=answers({200: JobDetailOut}, 404),
    auth=permitted("workshop.view_maintenancejob", "see a job"),
)
def get_job(request, date: IsoDate, job_id: UUID):
    return detail_out(queries.get_job(date, job_id))


@router.post(
    "/plannings/{date}/jobs/{job_id}/finish",
    response=answers({200: JobOut}, 404, 409),
    auth=permitted("workshop.finish_job", "finish a job"),
)
def finish_job(request, date: IsoDate, job_id: UUID, payload: FinishIn):
    command = FinishMaintenanceJob(
        planning_date=date, job_id=job_id, **payload.model_dump()
    )
    return job_out(
        handlers.finish_maintenance_job(command, Actor.of(request.user)), date
    )


@router.post(
    "/plannings/{date}/jobs/{job_id}/cancel",
    response=answers({200: JobOut}, 404, 409),
    auth=permitted("workshop.cancel_job", "cancel a job"),
)
def cancel_job(request, date: IsoDate, job_id: UUID, payload: CancelIn):
    command = CancelMaintenanceJob(
        planning_date=date, job_id=job_id, **payload.model_dump()
    )
    return job_out(
        handlers.cancel_maintenance_job(command, Actor.of(request.user)), date
    )


def job_out(outcome: handlers.Outcome, planning_date: date) -> JobOut:
    """The job as the command left it, from the read model it has updated."""
    return row_out(queries.get_job(planning_date, outcome.job.job_id))


def planned_out(job: Job, planning_date: date) -> JobOut | None:
    """A job just planned, as the read model now holds it, without reading it
    back (a request per job planned): only its plan is filled in. None for a
    plan retried after the job moved on (checked in, ...): read that back."""
    if job.status is not JobStatus.PLANNED:
        return None
    return JobOut(
        job_id=job.job_id,
        planning_date=planning_date,
        start_time=_local(job.start_time),
        end_time=_local(job.end_time),
        description=job.description,
        status=job.status,
        customer=CustomerOut(
            customer_id=job.customer.customer_id,
            name=job.customer.name,
            telephone_number=job.customer.telephone_number,
        ),
        vehicle=VehicleOut(
            license_number=job.vehicle.license_number,
            brand=job.vehicle.brand,
            type=job.vehicle.type,
        ),
        actual_start_time=None,
        actual_end_time=None,
        notes="",
        workstation="",
        mechanic="",
        odometer_km=None,
        waiting_reason="",
        labour_hours=None,
        parts=[],
        cancel_reason="",
    )


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
        workstation=row.workstation,
        mechanic=row.mechanic,
        odometer_km=row.odometer_km,
        waiting_reason=row.waiting_reason,
        labour_hours=row.labour_hours,
        parts=row.parts,
        cancel_reason=row.cancel_reason,
    )


def _local(moment: datetime | None) -> datetime | None:
    return moment and timezone.localtime(moment)


# ---------------------------------------------------------------------------
# Release 2: the job's day and rescheduling (SPEC 12 and 17)
# ---------------------------------------------------------------------------


class CheckInIn(Input):
    odometer_km: OdometerKm
    at: LocalTime | None = None  # None: now


class StartIn(Input):
    workstation: Name  # one of the garage's bays (WORKSTATIONS), any case
    mechanic: Name
    at: LocalTime | None = None  # None: now


class WaitForPartsIn(Input):
    reason: Reason


class RescheduleIn(Input):
    planning_date: IsoDate  # the new date; the job's own for another time that day
    start_time: LocalTime
    end_time: LocalTime


@router.post(
    "/plannings/{date}/jobs/{job_id}/check-in",
    response=answers({200: JobOut}, 404, 409),
    auth=permitted("workshop.check_in_job", "check a vehicle in"),
)
def check_in_job(request, date: IsoDate, job_id: UUID, payload: CheckInIn):
    command = CheckInVehicle(
        planning_date=date,
        job_id=job_id,
        odometer_km=payload.odometer_km,
        at=payload.at or clock.now(),
    )
    return job_out(handlers.check_in_vehicle(command, Actor.of(request.user)), date)


@router.post(
    "/plannings/{date}/jobs/{job_id}/start",
    response=answers({200: JobOut}, 404, 409),
    auth=permitted("workshop.start_job", "start work on a job"),
)
def start_job(request, date: IsoDate, job_id: UUID, payload: StartIn):
    command = StartWork(
        planning_date=date,
        job_id=job_id,
        workstation=payload.workstation,
        mechanic=payload.mechanic,
        at=payload.at or clock.now(),
    )
    return job_out(handlers.start_work(command, Actor.of(request.user)), date)


@router.post(
    "/plannings/{date}/jobs/{job_id}/wait-for-parts",
    response=answers({200: JobOut}, 404, 409),
    auth=permitted("workshop.wait_for_parts", "put a job on waiting for parts"),
)
def wait_for_parts(request, date: IsoDate, job_id: UUID, payload: WaitForPartsIn):
    command = WaitForParts(planning_date=date, job_id=job_id, reason=payload.reason)
    return job_out(handlers.wait_for_parts(command, Actor.of(request.user)), date)


@router.post(
    "/plannings/{date}/jobs/{job_id}/reschedule",
    response=answers({200: JobOut}, 404, 409),
    auth=permitted("workshop.reschedule_job", "reschedule a job"),
)
def reschedule_job(request, date: IsoDate, job_id: UUID, payload: RescheduleIn):
    command = RescheduleMaintenanceJob(
        planning_date=date,
        job_id=job_id,
        new_planning_date=payload.planning_date,
        start_time=payload.start_time,
        end_time=payload.end_time,
    )
    outcome = handlers.reschedule_maintenance_job(command, Actor.of(request.user))
    return job_out(outcome, payload.planning_date)


def detail_out(row: MaintenanceJob) -> JobDetailOut:
    """The job with its history, from the event store."""
    history = queries.get_job_history(row.planning_date, row.job_id)
    return JobDetailOut(
        **row_out(row).model_dump(),
        history=[
            HistoryOut(**vars(entry) | {"at": _local(entry.at)}) for entry in history
        ],
    )


# ---------------------------------------------------------------------------
# A vehicle's history (SPEC 17)
# ---------------------------------------------------------------------------


@router.get(
    "/vehicles/{license_number}/history",
    response=answers({200: list[JobOut]}, 404),
    auth=permitted("workshop.view_maintenancejob", "see a vehicle's history"),
)
@paginate
def get_vehicle_history(
    request,
    license_number: Annotated[
        str, StringConstraints(max_length=limits.LICENSE_NUMBER_MAX)
    ],
):
    """The vehicle's jobs, newest first, each with its odometer reading at
    check-in (``odometer_km``), notes and parts; 404 for a vehicle the
    workshop has neither heard of nor worked on."""
    return [row_out(row) for row in queries.get_vehicle_history(license_number).jobs]
