"""A job's day (SPEC 12): given a history, when a step, then events or a refusal."""

from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

from apps.workshop.domain import (
    JobNotFoundError,
    PartLine,
    PlanningRuleError,
    Status,
    Step,
    WorkshopPlanning,
    allows,
)

from .test_domain import DAY, at, given, planned

JobCheckedIn = WorkshopPlanning.JobCheckedIn
JobStarted = WorkshopPlanning.JobStarted
JobWaitingForParts = WorkshopPlanning.JobWaitingForParts
JobFinished = WorkshopPlanning.JobFinished
JobCancelled = WorkshopPlanning.JobCancelled


def checked_in(job, km: int = 45_000):
    return JobCheckedIn(
        job_id=job.job_id,
        license_number=job.license_number,
        odometer_km=km,
        at=at("07:55"),
    )


def started(job, bay: str = "Bay 1", mechanic: str = "Piet"):
    return JobStarted(
        job_id=job.job_id, workstation=bay, mechanic=mechanic, at=at("08:05")
    )


def waiting(job, reason: str = "Brake pads on order"):
    return JobWaitingForParts(job_id=job.job_id, reason=reason)


def finished(job):
    return JobFinished(
        job_id=job.job_id,
        actual_start_time=at("08:00"),
        actual_end_time=at("09:00"),
        notes="",
    )


def cancelled(job):
    return JobCancelled(job_id=job.job_id, reason="No show")


def in_status(status: Status, job=None):
    """A planning whose one job (returned too) has reached ``status``."""
    job = job or planned("08:00", "10:00")
    steps = {
        Status.PLANNED: [],
        Status.CHECKED_IN: [checked_in(job)],
        Status.IN_PROGRESS: [checked_in(job), started(job)],
        Status.WAITING_FOR_PARTS: [checked_in(job), started(job), waiting(job)],
        Status.FINISHED: [finished(job)],
        Status.CANCELLED: [cancelled(job)],
    }
    return given(job, *steps[status]), job.job_id


def refused(planning: WorkshopPlanning, match: str, do) -> PlanningRuleError:
    version = planning.version
    with pytest.raises(PlanningRuleError, match=match) as refusal:
        do(planning)
    assert planning.pending == []
    assert planning.version == version
    return refusal.value


def take(step: Step, planning: WorkshopPlanning, job_id) -> None:
    """Takes ``step`` with input every rule but the status accepts."""
    if step is Step.CHECK_IN:
        planning.check_in_vehicle(job_id, 50_000, at("07:50"), last_reading=None)
    elif step is Step.START:
        planning.start_work(job_id, "Bay 2", "Piet", at("08:00"))
    elif step is Step.WAIT_FOR_PARTS:
        planning.wait_for_parts(job_id, "Pads")
    elif step is Step.FINISH:
        planning.finish_job(job_id, at("08:00"), at("09:30"), "")
    elif step is Step.CANCEL:
        planning.cancel_job(job_id, "Called off")
    else:
        planning.reschedule_job(job_id, at("11:00"), at("12:00"), today=DAY)


# SPEC 12's table: each step from each status

TABLE = {
    Step.CHECK_IN: {Status.PLANNED},
    Step.START: {Status.CHECKED_IN, Status.WAITING_FOR_PARTS},
    Step.WAIT_FOR_PARTS: {Status.IN_PROGRESS},
    Step.FINISH: {
        Status.PLANNED,
        Status.CHECKED_IN,
        Status.IN_PROGRESS,
        Status.WAITING_FOR_PARTS,
    },
    Step.CANCEL: {Status.PLANNED, Status.CHECKED_IN},
    Step.RESCHEDULE: {Status.PLANNED},
}
LEADS_TO = {
    Step.CHECK_IN: Status.CHECKED_IN,
    Step.START: Status.IN_PROGRESS,
    Step.WAIT_FOR_PARTS: Status.WAITING_FOR_PARTS,
    Step.FINISH: Status.FINISHED,
    Step.CANCEL: Status.CANCELLED,
    Step.RESCHEDULE: Status.PLANNED,
}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("step", list(Step))
def test_each_step_starts_only_from_the_statuses_of_the_table(step, status):
    planning, job_id = in_status(status)

    if status in TABLE[step]:
        take(step, planning, job_id)
        assert len(planning.pending) == 1
        assert planning.jobs[job_id].status is LEADS_TO[step]
        assert allows(step, status)
    else:
        error = refused(planning, "cannot be", lambda p: take(step, p, job_id))
        assert error.code == f"job_{status.name.lower()}"
        assert error.field is None
        assert not allows(step, status)


@pytest.mark.parametrize(
    ("step", "status", "message"),
    [
        (Step.FINISH, Status.FINISHED, "An already finished job cannot be finished."),
        (Step.FINISH, Status.CANCELLED, "A cancelled job cannot be finished."),
        (Step.CANCEL, Status.FINISHED, "A finished job cannot be cancelled."),
        (
            Step.CANCEL,
            Status.CANCELLED,
            "An already cancelled job cannot be cancelled.",
        ),
        (Step.CANCEL, Status.IN_PROGRESS, "A job in progress cannot be cancelled."),
        (
            Step.CHECK_IN,
            Status.CHECKED_IN,
            "An already checked-in job cannot be checked in.",
        ),
        (
            Step.START,
            Status.PLANNED,
            "A planned job cannot be started: check the vehicle in first.",
        ),
        (
            Step.START,
            Status.IN_PROGRESS,
            "A job already in progress cannot be started.",
        ),
        (
            Step.WAIT_FOR_PARTS,
            Status.WAITING_FOR_PARTS,
            "A job already waiting for parts cannot be put on waiting for parts.",
        ),
        (
            Step.RESCHEDULE,
            Status.CHECKED_IN,
            "A checked-in job cannot be rescheduled.",
        ),
    ],
)
def test_a_refused_step_says_why_in_the_garages_words(step, status, message):
    planning, job_id = in_status(status)

    refused(planning, f"^{message}$", lambda p: take(step, p, job_id))


@pytest.mark.parametrize("step", list(Step))
def test_each_step_on_an_unknown_job_is_not_found(step):
    planning, _ = in_status(Status.PLANNED)

    with pytest.raises(JobNotFoundError, match="There is no job"):
        take(step, planning, uuid4())


# Checking in


def test_checking_in_records_the_odometer_and_the_time():
    planning, job_id = in_status(Status.PLANNED)

    planning.check_in_vehicle(job_id, 45_210, at("07:50"), last_reading=45_000)

    assert planning.pending == [
        JobCheckedIn(
            job_id=job_id, license_number="12-AB-34", odometer_km=45_210, at=at("07:50")
        )
    ]
    job = planning.jobs[job_id]
    assert (job.status, job.odometer_km, job.checked_in_at) == (
        Status.CHECKED_IN,
        45_210,
        at("07:50"),
    )


def test_checking_in_does_not_look_at_the_clock():
    planning, job_id = in_status(Status.PLANNED)

    planning.check_in_vehicle(job_id, 10, at("07:50", DAY - timedelta(days=3)), None)

    assert planning.jobs[job_id].status is Status.CHECKED_IN


@pytest.mark.parametrize("last_reading", [None, 0, 45_000])
def test_an_odometer_equal_to_or_above_the_last_reading_is_accepted(last_reading):
    planning, job_id = in_status(Status.PLANNED)

    planning.check_in_vehicle(job_id, 45_000, at("08:00"), last_reading)

    assert planning.jobs[job_id].odometer_km == 45_000


def test_refuses_an_odometer_below_the_last_reading():
    planning, job_id = in_status(Status.PLANNED)

    error = refused(
        planning,
        r"^The odometer reads less than the last reading of 12-AB-34: 45,000 km\.$",
        lambda p: p.check_in_vehicle(job_id, 44_999, at("08:00"), 45_000),
    )
    assert (error.code, error.field) == ("odometer_below_last_reading", "odometer_km")


@pytest.mark.parametrize(
    ("km", "match"), [(-1, "cannot be negative"), (12.5, "whole number")]
)
def test_refuses_an_odometer_that_is_not_a_whole_number_of_km(km, match):
    planning, job_id = in_status(Status.PLANNED)

    error = refused(
        planning, match, lambda p: p.check_in_vehicle(job_id, km, at("08:00"), None)
    )
    assert (error.code, error.field) == ("invalid_odometer", "odometer_km")


# Starting work


def test_starting_records_the_bay_as_the_garage_names_it_and_the_mechanic():
    planning, job_id = in_status(Status.CHECKED_IN)

    planning.start_work(job_id, " bay 2 ", " Piet ", at("08:10"))

    assert planning.pending == [
        JobStarted(job_id=job_id, workstation="Bay 2", mechanic="Piet", at=at("08:10"))
    ]
    job = planning.jobs[job_id]
    assert (job.status, job.workstation, job.mechanic, job.started_at) == (
        Status.IN_PROGRESS,
        "Bay 2",
        "Piet",
        at("08:10"),
    )


def test_refuses_a_bay_the_garage_does_not_have():
    planning, job_id = in_status(Status.CHECKED_IN)

    error = refused(
        planning,
        "^The garage has no bay called 'Bay 4'; its bays are Bay 1, Bay 2, Bay 3.$",
        lambda p: p.start_work(job_id, "Bay 4", "Piet", at("08:00")),
    )
    assert (error.code, error.field) == ("unknown_workstation", "workstation")


def test_refuses_a_bay_another_job_is_in_progress_in():
    busy = planned("08:00", "10:00", "99-ZZ-99")
    job = planned("08:00", "10:00", "12-AB-34")
    planning = given(
        busy, checked_in(busy), started(busy, "Bay 2"), job, checked_in(job)
    )

    error = refused(
        planning,
        r"^Bay 2 is taken: 99-ZZ-99 \(Oil change\) is in progress there\.$",
        lambda p: p.start_work(job.job_id, "bay 2", "Kees", at("08:30")),
    )
    assert (error.code, error.field) == ("workstation_taken", "workstation")
    planning.start_work(job.job_id, "Bay 3", "Kees", at("08:30"))


@pytest.mark.parametrize("then", [waiting, finished])
def test_a_bay_is_free_again_once_its_job_waits_for_parts_or_is_finished(then):
    other = planned("08:00", "10:00", "99-ZZ-99")
    job = planned("08:00", "10:00", "12-AB-34")
    planning = given(
        other,
        checked_in(other),
        started(other, "Bay 2"),
        then(other),
        job,
        checked_in(job),
    )

    planning.start_work(job.job_id, "Bay 2", "Kees", at("09:00"))

    assert planning.jobs[job.job_id].workstation == "Bay 2"


def test_refuses_to_start_without_a_mechanic():
    planning, job_id = in_status(Status.CHECKED_IN)

    error = refused(
        planning,
        "^The mechanic's name is required.$",
        lambda p: p.start_work(job_id, "Bay 1", "  ", at("08:00")),
    )
    assert (error.code, error.field) == ("mechanic_required", "mechanic")


def test_a_job_whose_parts_arrived_starts_again_in_any_free_bay():
    planning, job_id = in_status(Status.WAITING_FOR_PARTS)

    planning.start_work(job_id, "Bay 3", "Kees", at("13:00"))

    job = planning.jobs[job_id]
    assert (job.status, job.workstation, job.mechanic) == (
        Status.IN_PROGRESS,
        "Bay 3",
        "Kees",
    )
    assert job.waiting_reason == ""


# Waiting for parts


def test_waiting_for_parts_records_the_reason_and_frees_the_bay():
    planning, job_id = in_status(Status.IN_PROGRESS)

    planning.wait_for_parts(job_id, "Brake pads on order")

    assert planning.pending == [
        JobWaitingForParts(job_id=job_id, reason="Brake pads on order")
    ]
    job = planning.jobs[job_id]
    assert (job.status, job.waiting_reason, job.workstation) == (
        Status.WAITING_FOR_PARTS,
        "Brake pads on order",
        "",
    )
    assert job.mechanic == "Piet"


def test_refuses_to_wait_for_parts_without_a_reason():
    planning, job_id = in_status(Status.IN_PROGRESS)

    error = refused(
        planning, "^A reason is required.$", lambda p: p.wait_for_parts(job_id, " ")
    )
    assert (error.code, error.field) == ("reason_required", "reason")


# Finishing with labour hours and parts

FILTER = PartLine("Oil filter", Decimal("1"), Decimal("12.50"))
OIL = PartLine("Engine oil 5W-30 (litre)", Decimal("4.5"), Decimal("9.95"))


@pytest.mark.parametrize(
    "status",
    [Status.PLANNED, Status.CHECKED_IN, Status.IN_PROGRESS, Status.WAITING_FOR_PARTS],
)
def test_finishing_records_labour_hours_and_parts(status):
    planning, job_id = in_status(status)

    planning.finish_job(
        job_id, at("08:00"), at("09:00"), "", Decimal("1.75"), [FILTER, OIL]
    )

    [event] = planning.pending
    assert (event.labour_hours, event.parts) == (Decimal("1.75"), (FILTER, OIL))
    job = planning.jobs[job_id]
    assert (job.status, job.labour_hours, job.parts) == (
        Status.FINISHED,
        Decimal("1.75"),
        (FILTER, OIL),
    )


def test_labour_hours_default_to_the_actual_duration_to_the_hundredth():
    planning, job_id = in_status(Status.IN_PROGRESS)

    planning.finish_job(job_id, at("08:00"), at("09:50"), "")

    # The event says "none entered" (invoicing bills the exact duration); the
    # job shows the duration to the hundredth.
    assert planning.pending[0].labour_hours is None
    assert planning.pending[0].hours == Decimal("1.83")
    assert planning.jobs[job_id].labour_hours == Decimal("1.83")


def test_zero_labour_hours_are_recorded_as_zero():
    planning, job_id = in_status(Status.PLANNED)

    planning.finish_job(job_id, at("08:00"), at("09:00"), "", Decimal("0"))

    assert planning.jobs[job_id].labour_hours == Decimal("0")


def test_a_finished_job_keeps_the_bay_it_was_done_in():
    planning, job_id = in_status(Status.IN_PROGRESS)

    planning.finish_job(job_id, at("08:00"), at("09:00"), "")

    assert planning.jobs[job_id].workstation == "Bay 1"


@pytest.mark.parametrize(
    ("hours", "match"),
    [(Decimal("-0.5"), "0 or more"), (Decimal("1.255"), "to the hundredth")],
)
def test_refuses_labour_hours_below_0_or_finer_than_a_hundredth(hours, match):
    planning, job_id = in_status(Status.IN_PROGRESS)

    error = refused(
        planning,
        match,
        lambda p: p.finish_job(job_id, at("08:00"), at("09:00"), "", hours),
    )
    assert (error.code, error.field) == ("invalid_labour_hours", "labour_hours")


def part(quantity: str, unit_price: str, description: str = "Pad") -> PartLine:
    return PartLine(description, Decimal(quantity), Decimal(unit_price))


@pytest.mark.parametrize(
    ("line", "code", "field"),
    [
        (part("1", "1", " "), "part_description_required", "description"),
        (part("0", "1"), "invalid_quantity", "quantity"),
        (part("-1", "1"), "invalid_quantity", "quantity"),
        (part("0.125", "1"), "invalid_quantity", "quantity"),
        (part("1", "-0.01"), "invalid_unit_price", "unit_price"),
        (part("1", "0.001"), "invalid_unit_price", "unit_price"),
        (part("1", "NaN"), "invalid_unit_price", "unit_price"),
        (part("Infinity", "1"), "invalid_quantity", "quantity"),
    ],
)
def test_refuses_a_part_line_that_breaks_a_rule(line, code, field):
    planning, job_id = in_status(Status.IN_PROGRESS)

    error = refused(
        planning,
        ".",
        lambda p: p.finish_job(job_id, at("08:00"), at("09:00"), "", None, [OIL, line]),
    )
    assert (error.code, error.field) == (code, f"parts.1.{field}")


def test_accepts_free_parts_and_trailing_zeros():
    planning, job_id = in_status(Status.IN_PROGRESS)
    free = PartLine("Valve cap", Decimal("2.500"), Decimal("0"))

    planning.finish_job(job_id, at("08:00"), at("09:00"), "", None, [free])

    assert planning.jobs[job_id].parts == (free,)


# Cancelling


@pytest.mark.parametrize("status", [Status.PLANNED, Status.CHECKED_IN])
def test_a_job_not_started_can_be_cancelled(status):
    planning, job_id = in_status(status)

    planning.cancel_job(job_id, "Car sold")

    assert planning.jobs[job_id].status is Status.CANCELLED


def test_refuses_to_cancel_without_a_reason():
    planning, job_id = in_status(Status.PLANNED)

    error = refused(
        planning, "A reason is required", lambda p: p.cancel_job(job_id, "")
    )
    assert error.field == "reason"


# Replaying the day


def test_a_whole_day_replays_to_the_same_jobs():
    job = planned("08:00", "10:00")
    planning = given(job)
    planning.check_in_vehicle(job.job_id, 45_210, at("07:50"), None)
    planning.start_work(job.job_id, "Bay 1", "Piet", at("08:00"))
    planning.wait_for_parts(job.job_id, "Pads")
    planning.start_work(job.job_id, "Bay 3", "Kees", at("10:00"))
    planning.finish_job(job.job_id, at("08:00"), at("11:00"), "Done", None, [FILTER])

    replayed = given(job, *planning.pending)

    assert replayed.jobs == planning.jobs
    assert replayed.version == planning.version == 7


def test_stored_events_of_the_day_round_trip_through_json():
    job = planned("08:00", "10:00")
    events = [
        checked_in(job),
        started(job),
        waiting(job),
        JobFinished(
            job_id=job.job_id,
            actual_start_time=at("08:00"),
            actual_end_time=at("09:00"),
            notes="",
            labour_hours=Decimal("1.50"),
            parts=(FILTER, OIL),
        ),
    ]

    for event in events:
        decoded = WorkshopPlanning.EVENTS[event.type_name()]
        assert decoded.model_validate_json(event.model_dump_json()) == event


# Upcasting: release 1 stored events still load


RELEASE_1_FINISHED = (
    '{"job_id": "%s", "actual_start_time": "2030-05-06T08:10:00+02:00", '
    '"actual_end_time": "2030-05-06T09:55:00+02:00", "notes": "New filter"}'
)


def test_a_release_1_job_finished_decodes_without_labour_hours_or_parts():
    job = planned("08:00", "10:00")

    event = JobFinished.model_validate_json(RELEASE_1_FINISHED % job.job_id)

    assert (event.labour_hours, event.parts, event.notes) == (None, (), "New filter")
    assert JobFinished.schema_version == 2


def test_a_release_1_job_finished_replays_with_the_actual_duration_as_labour():
    job = planned("08:00", "10:00")
    event = JobFinished.model_validate_json(RELEASE_1_FINISHED % job.job_id)

    finished_job = given(job, event).jobs[job.job_id]

    assert finished_job.status is Status.FINISHED
    assert finished_job.labour_hours == Decimal("1.75")
    assert finished_job.parts == ()
