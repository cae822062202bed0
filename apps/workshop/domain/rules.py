"""The rules a planning's commands enforce; each failure is a clear message."""

from collections.abc import Iterable
from datetime import date, datetime
from uuid import UUID

from .model import Garage, Job, PlanningRuleError, Vehicle, instant


def check_slot(
    planning_date: date,
    garage: Garage,
    start: datetime,
    end: datetime,
    fields: tuple[str, str] = ("start_time", "end_time"),
) -> None:
    """The slot is not empty and lies on the planning's date, in local time."""
    if not instant(start) < instant(end):
        raise PlanningRuleError(
            "The start time must be before the end time.",
            "start_not_before_end",
            fields[1],
        )
    for moment, field in zip((start, end), fields, strict=True):
        if moment.astimezone(garage.time_zone).date() != planning_date:
            raise PlanningRuleError(
                f"A job on the planning of {planning_date} must start and end "
                "on that date.",
                "not_on_planning_date",
                field,
            )


def check_not_past(planning_date: date, today: date, field: str | None = None) -> None:
    if planning_date < today:
        raise PlanningRuleError(
            f"The planning of {planning_date} is in the past; "
            "jobs can only be planned for today or later.",
            "planning_in_past",
            field,
        )


def known_vehicle(vehicle: Vehicle | None, license_number: str) -> Vehicle:
    """The vehicle, if the workshop knows it and its owner (the customer)."""
    if vehicle is None:
        raise LearningRuleError(
            f"Vehicle {license_number.upper()} is not known to the workshop. "
            f"{NOT_HEARD_YET}",
            "unknown_vehicle",
            "license_number",
        )
    if vehicle.owner is None:
        raise LearningRuleError(
            f"The owner of vehicle {vehicle.license_number} is not known to the "
            f"workshop yet. {NOT_HEARD_YET}",
            "unknown_owner",
            "license_number",
        )
    return vehicle


NOT_HEARD_YET = (
    "If it was registered a moment ago, the workshop hears of it within seconds: "
    "try again shortly."
)


class LearningRuleError(PlanningRuleError):
    """Refused for want of news the workshop is still to receive through the
    bus: retrying after a few seconds may succeed."""

    retry_after = 5


def check_capacity(
    jobs: Iterable[Job], garage: Garage, start: datetime, end: datetime
) -> None:
    """A workstation is free at every instant of the slot."""
    running = [job for job in jobs if job.takes_capacity]
    busiest, count = busiest_moment(running, start, end)
    if count >= garage.workstations:
        at = busiest.astimezone(garage.time_zone).strftime("%H:%M")
        raise PlanningRuleError(
            f"The workshop is fully booked at {at}: all "
            f"{garage.workstations} workstations are taken.",
            "workshop_full",
            "start_time",
        )


def busiest_moment(
    jobs: Iterable[Job], start: datetime, end: datetime
) -> tuple[datetime, int]:
    """The first moment in [start, end) with the most of ``jobs`` running, and
    how many run then: a sweep over the slot's start and end points."""
    points: list[tuple[datetime, int]] = []
    for job in jobs:
        if job.overlaps(start, end):
            points.append((max(job.start_time, start), 1))
            points.append((min(job.end_time, end), -1))
    # At equal times ends (-1) sort before starts (+1): slots are half-open.
    points.sort()
    busiest, most, running = start, 0, 0
    for moment, step in points:
        running += step
        if running > most:
            busiest, most = moment, running
    return busiest, most


def check_vehicle_free(
    jobs: Iterable[Job],
    garage: Garage,
    vehicle: Vehicle,
    start: datetime,
    end: datetime,
) -> None:
    """The vehicle has no other job then; license case does not matter."""
    license_number = vehicle.license_number.upper()
    for job in sorted(jobs, key=lambda job: job.start_time):
        same = job.vehicle.license_number.upper() == license_number
        if same and job.takes_capacity and job.overlaps(start, end):
            zone = garage.time_zone
            raise PlanningRuleError(
                f"Vehicle {vehicle.license_number} already has a job from "
                f"{job.start_time.astimezone(zone):%H:%M} to "
                f"{job.end_time.astimezone(zone):%H:%M}.",
                "vehicle_busy",
                "license_number",
            )


def check_new_job_id(job_ids: Iterable[UUID], job_id: UUID) -> None:
    if job_id in job_ids:
        raise PlanningRuleError(
            f"A job with id {job_id} already exists on this planning.",
            "duplicate_job_id",
        )
