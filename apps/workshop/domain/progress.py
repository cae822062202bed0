"""The rules of a job's day: which status each step starts from, and what
the step must record."""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import StrEnum

from .model import Garage, Job, PartLine, PlanningRuleError, Status


class Step(StrEnum):
    """What can happen to a job; the value completes "cannot be ..."."""

    CHECK_IN = "checked in"
    START = "started"
    WAIT_FOR_PARTS = "put on waiting for parts"
    FINISH = "finished"
    CANCEL = "cancelled"
    RESCHEDULE = "rescheduled"


OPEN = {Status.PLANNED, Status.CHECKED_IN, Status.IN_PROGRESS, Status.WAITING_FOR_PARTS}

# SPEC 12's table: the statuses each step may start from.
STARTS_FROM: dict[Step, frozenset[Status]] = {
    Step.CHECK_IN: frozenset({Status.PLANNED}),
    Step.START: frozenset({Status.CHECKED_IN, Status.WAITING_FOR_PARTS}),
    Step.WAIT_FOR_PARTS: frozenset({Status.IN_PROGRESS}),
    Step.FINISH: frozenset(OPEN),
    Step.CANCEL: frozenset({Status.PLANNED, Status.CHECKED_IN}),
    Step.RESCHEDULE: frozenset({Status.PLANNED}),
}
LEADS_TO = {
    Step.CHECK_IN: Status.CHECKED_IN,
    Step.START: Status.IN_PROGRESS,
    Step.WAIT_FOR_PARTS: Status.WAITING_FOR_PARTS,
    Step.FINISH: Status.FINISHED,
    Step.CANCEL: Status.CANCELLED,
}
A_JOB = {
    Status.PLANNED: ("A planned job", "A planned job"),
    Status.CHECKED_IN: ("A checked-in job", "An already checked-in job"),
    Status.IN_PROGRESS: ("A job in progress", "A job already in progress"),
    Status.WAITING_FOR_PARTS: (
        "A job waiting for parts",
        "A job already waiting for parts",
    ),
    Status.FINISHED: ("A finished job", "An already finished job"),
    Status.CANCELLED: ("A cancelled job", "An already cancelled job"),
}
HINTS = {(Step.START, Status.PLANNED): ": check the vehicle in first"}


def allows(step: Step, status: Status) -> bool:
    return status in STARTS_FROM[step]


def check_step(job: Job, step: Step) -> None:
    """The job's status allows ``step``."""
    if refused := refusal(step, job.status):
        raise refused


def refusal(step: Step, status: Status) -> PlanningRuleError | None:
    """Why ``status`` does not allow ``step`` (e.g. "A finished job cannot be
    cancelled."; the code names the status), or None when it does."""
    if allows(step, status):
        return None
    plain, already = A_JOB[status]
    subject = already if LEADS_TO.get(step) is status else plain
    hint = HINTS.get((step, status), "")
    return PlanningRuleError(
        f"{subject} cannot be {step}{hint}.", f"job_{status.name.lower()}"
    )


def check_odometer(job: Job, odometer_km: int, last_reading: int | None) -> None:
    """A whole number of km, not below the last reading held for the vehicle."""
    if isinstance(odometer_km, bool) or not isinstance(odometer_km, int):
        raise PlanningRuleError(
            "The odometer reading must be a whole number of km.",
            "invalid_odometer",
            "odometer_km",
        )
    if odometer_km < 0:
        raise PlanningRuleError(
            "The odometer reading cannot be negative.",
            "invalid_odometer",
            "odometer_km",
        )
    if last_reading is not None and odometer_km < last_reading:
        raise PlanningRuleError(
            f"The odometer reads less than the last reading of "
            f"{job.vehicle.license_number}: {last_reading:,} km.",
            "odometer_below_last_reading",
            "odometer_km",
        )


def check_required(text: str, what: str, code: str, field: str) -> None:
    if not text.strip():
        raise PlanningRuleError(f"{what} is required.", code, field)


def known_bay(garage: Garage, name: str) -> str:
    """The garage's bay called ``name`` (any case)."""
    bay = garage.bay(name)
    if bay is None:
        raise PlanningRuleError(
            f"The garage has no bay called {name.strip()!r}; its bays are "
            f"{', '.join(garage.bays)}.",
            "unknown_workstation",
            "workstation",
        )
    return bay


def check_bay_free(jobs: Iterable[Job], bay: str) -> None:
    """No job is in progress in the bay."""
    for job in jobs:
        if job.status is Status.IN_PROGRESS and job.workstation == bay:
            raise PlanningRuleError(
                f"{bay} is taken: {job.vehicle.license_number} "
                f"({job.description[:40]}) is in progress there.",
                "workstation_taken",
                "workstation",
            )


def check_labour_hours(hours: Decimal | None) -> None:
    if hours is not None and not (_cents(hours) and hours >= 0):
        raise PlanningRuleError(
            "Labour hours must be a number of hours of 0 or more, to the hundredth.",
            "invalid_labour_hours",
            "labour_hours",
        )


def check_parts(parts: Sequence[PartLine]) -> None:
    """Each line has a description, a quantity above 0 and a unit price of 0 or
    more, both to the hundredth."""
    for n, part in enumerate(parts):
        check_required(
            part.description,
            "A part's description",
            "part_description_required",
            f"parts.{n}.description",
        )
        if not (_cents(part.quantity) and part.quantity > 0):
            raise PlanningRuleError(
                "The quantity must be more than 0, with at most 2 decimals.",
                "invalid_quantity",
                f"parts.{n}.quantity",
            )
        if not (_cents(part.unit_price) and part.unit_price >= 0):
            raise PlanningRuleError(
                "The unit price must be 0 or more, with at most 2 decimals.",
                "invalid_unit_price",
                f"parts.{n}.unit_price",
            )


def _cents(amount: Decimal) -> bool:
    """A finite amount with at most two decimals (1.50 and 1.500 alike)."""
    return amount.is_finite() and int(amount.normalize().as_tuple().exponent) >= -2
