"""Rescheduling a planned job (SPEC 12): on its own day, or to another day,
where each planning records its half of the move and replays alone."""

from datetime import timedelta

import pytest

from apps.workshop.domain import (
    JobNotFoundError,
    PlanningRuleError,
    Status,
    WorkshopPlanning,
)

from .test_domain import DAY, GARAGE, TODAY, at, given, planned

NEXT_DAY = DAY + timedelta(days=1)
Created = WorkshopPlanning.Created
JobRescheduled = WorkshopPlanning.JobRescheduled
JobMovedOut = WorkshopPlanning.JobMovedOut
JobMovedIn = WorkshopPlanning.JobMovedIn


def next_day(*history) -> WorkshopPlanning:
    events = [Created(date=NEXT_DAY), *history] if history else []
    return WorkshopPlanning.replay(NEXT_DAY, GARAGE, events)


def on_next_day(start: str, end: str, license_number: str = "12-AB-34"):
    event = planned(start, end, license_number)
    return event.model_copy(
        update={"start_time": at(start, NEXT_DAY), "end_time": at(end, NEXT_DAY)}
    )


def refused(match: str, source, *args, to=None, today=TODAY) -> PlanningRuleError:
    versions = [source.version, to and to.version]
    with pytest.raises(PlanningRuleError, match=match) as refusal:
        source.reschedule_job(*args, today=today, to=to)
    assert source.pending == [] and (to is None or to.pending == [])
    assert [source.version, to and to.version] == versions
    return refusal.value


# On the same day


def test_rescheduling_on_the_same_day_records_the_new_slot():
    job = planned("08:00", "10:00")
    planning = given(job)

    moved = planning.reschedule_job(job.job_id, at("13:00"), at("15:00"), TODAY)

    assert planning.pending == [
        JobRescheduled(job_id=job.job_id, start_time=at("13:00"), end_time=at("15:00"))
    ]
    assert (moved.job_id, moved.start_time, moved.end_time) == (
        job.job_id,
        at("13:00"),
        at("15:00"),
    )
    assert moved.status is Status.PLANNED


def test_the_same_slot_again_changes_nothing():
    job = planned("08:00", "10:00")
    planning = given(job)

    planning.reschedule_job(job.job_id, at("08:00"), at("10:00"), TODAY)

    assert planning.pending == []


def test_the_job_itself_does_not_count_against_capacity_or_its_vehicle():
    job = planned("08:00", "10:00", "12-AB-34")
    planning = given(
        job,
        planned("08:00", "10:00", "11-AA-11"),
        planned("08:00", "10:00", "22-BB-22"),
    )

    planning.reschedule_job(job.job_id, at("09:00"), at("11:00"), TODAY)

    assert planning.jobs[job.job_id].start_time == at("09:00")


def test_refuses_a_slot_where_every_workstation_is_taken():
    job = planned("13:00", "14:00", "12-AB-34")
    planning = given(job, *(planned("08:00", "10:00", f"1{n}-AA-11") for n in range(3)))

    error = refused(
        "fully booked at 09:00", planning, job.job_id, at("09:00"), at("11:00")
    )
    assert (error.code, error.field) == ("workshop_full", "start_time")


def test_refuses_a_slot_where_the_vehicle_has_another_job():
    job = planned("13:00", "14:00", "12-AB-34")
    planning = given(job, planned("08:00", "10:00", "12-ab-34"))

    error = refused(
        "already has a job from 08:00 to 10:00",
        planning,
        job.job_id,
        at("09:00"),
        at("11:00"),
    )
    assert error.code == "vehicle_busy"


@pytest.mark.parametrize(
    ("start", "end", "code", "field"),
    [
        ("10:00", "10:00", "start_not_before_end", "end_time"),
        ("11:00", "10:00", "start_not_before_end", "end_time"),
    ],
)
def test_refuses_a_slot_that_is_empty(start, end, code, field):
    job = planned("08:00", "10:00")

    error = refused("before the end time", given(job), job.job_id, at(start), at(end))
    assert (error.code, error.field) == (code, field)


def test_refuses_a_slot_off_the_new_date():
    job = planned("08:00", "10:00")

    refused(
        "must start and end on that date",
        given(job),
        job.job_id,
        at("08:00", NEXT_DAY),
        at("09:00", NEXT_DAY),
    )


def test_refuses_to_move_a_job_into_the_past():
    job = planned("08:00", "10:00")

    error = refused(
        "is in the past",
        given(job),
        job.job_id,
        at("11:00"),
        at("12:00"),
        today=NEXT_DAY,
    )
    assert (error.code, error.field) == ("planning_in_past", "planning_date")


def test_checks_the_slot_before_the_date_before_capacity():
    job = planned("13:00", "14:00", "12-AB-34")
    full = given(job, *(planned("08:00", "10:00", f"1{n}-AA-11") for n in range(3)))
    args = (job.job_id, at("09:00"), at("11:00"))

    refused(
        "start time must be before",
        full,
        job.job_id,
        at("09:00"),
        at("08:00"),
        today=NEXT_DAY,
    )
    refused("is in the past", full, *args, today=NEXT_DAY)
    refused("fully booked", full, *args)


def test_rescheduling_an_unknown_job_is_not_found():
    with pytest.raises(JobNotFoundError):
        given().reschedule_job(
            planned("08:00", "09:00").job_id, at("10:00"), at("11:00"), TODAY
        )


# To another day


def test_a_move_records_the_job_leaving_and_arriving_with_its_details():
    job = planned("08:00", "10:00")
    source, target = given(job), next_day()

    moved = source.reschedule_job(
        job.job_id, at("09:00", NEXT_DAY), at("11:00", NEXT_DAY), TODAY, to=target
    )

    assert source.pending == [
        JobMovedOut(
            job_id=job.job_id,
            to_date=NEXT_DAY,
            start_time=at("09:00", NEXT_DAY),
            end_time=at("11:00", NEXT_DAY),
        )
    ]
    created, moved_in = target.pending
    assert created == Created(date=NEXT_DAY)
    assert moved_in == JobMovedIn(
        **job.model_dump()
        | {"start_time": at("09:00", NEXT_DAY), "end_time": at("11:00", NEXT_DAY)},
        from_date=DAY,
    )
    assert job.job_id not in source.jobs
    assert target.jobs[job.job_id] is moved
    assert moved.status is Status.PLANNED
    assert moved.vehicle.license_number == job.license_number
    assert moved.customer.customer_id == job.customer_id


def test_a_day_that_has_a_planning_already_is_not_created_again():
    job = planned("08:00", "10:00")
    source, target = given(job), next_day(on_next_day("08:00", "09:00", "99-ZZ-99"))

    source.reschedule_job(
        job.job_id, at("09:00", NEXT_DAY), at("10:00", NEXT_DAY), TODAY, to=target
    )

    assert [type(event) for event in target.pending] == [JobMovedIn]


def test_each_planning_replays_its_half_of_the_move_alone():
    job = planned("08:00", "10:00")
    source, target = given(job), next_day()
    source.reschedule_job(
        job.job_id, at("09:00", NEXT_DAY), at("11:00", NEXT_DAY), TODAY, to=target
    )

    source_again = given(job, *source.pending)
    target_again = WorkshopPlanning.replay(NEXT_DAY, GARAGE, target.pending)

    assert source_again.jobs == {} and source_again.version == 3
    assert target_again.jobs == target.jobs and target_again.version == 2


def test_the_rules_are_checked_on_the_new_day():
    job = planned("08:00", "10:00", "12-AB-34")
    target = next_day(
        *(on_next_day("08:00", "10:00", f"1{n}-AA-11") for n in range(3)),
    )

    refused(
        "fully booked",
        given(job),
        job.job_id,
        at("09:00", NEXT_DAY),
        at("10:00", NEXT_DAY),
        to=target,
    )
    busy = next_day(on_next_day("08:00", "10:00", "12-AB-34"))
    refused(
        "already has a job",
        given(job),
        job.job_id,
        at("09:00", NEXT_DAY),
        at("10:00", NEXT_DAY),
        to=busy,
    )
    refused(
        "must start and end on that date",
        given(job),
        job.job_id,
        at("09:00"),
        at("10:00"),
        to=next_day(),
    )


def test_a_job_can_move_back_to_a_day_it_left():
    job = planned("08:00", "10:00")
    source, target = given(job), next_day()
    source.reschedule_job(
        job.job_id, at("09:00", NEXT_DAY), at("11:00", NEXT_DAY), TODAY, to=target
    )

    target.reschedule_job(job.job_id, at("14:00"), at("15:00"), TODAY, to=source)

    assert source.jobs[job.job_id].start_time == at("14:00")
    assert target.jobs == {}


def test_only_a_planned_job_moves():
    job = planned("08:00", "10:00")
    checked_in = WorkshopPlanning.JobCheckedIn(
        job_id=job.job_id, license_number="12-AB-34", odometer_km=1, at=at("07:00")
    )

    error = refused(
        "^A checked-in job cannot be rescheduled.$",
        given(job, checked_in),
        job.job_id,
        at("09:00", NEXT_DAY),
        at("10:00", NEXT_DAY),
        to=next_day(),
    )
    assert error.code == "job_checked_in"
