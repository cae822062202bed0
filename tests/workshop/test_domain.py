"""The planning's rules: given a history, when a command, then events or an error."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest

from apps.workshop.domain import (
    Customer,
    DomainEvent,
    Garage,
    JobNotFoundError,
    PlanningRuleError,
    Status,
    Vehicle,
    WorkshopPlanning,
)

ZONE = ZoneInfo("Europe/Amsterdam")
DAY = date(2030, 5, 6)
TODAY = date(2030, 5, 1)
GARAGE = Garage(bays=("Bay 1", "Bay 2", "Bay 3"), time_zone=ZONE)
OWNER = Customer(uuid4(), "Ada Lovelace", "+31 20 123 4567")

Created = WorkshopPlanning.Created
JobPlanned = WorkshopPlanning.JobPlanned
JobFinished = WorkshopPlanning.JobFinished
JobCancelled = WorkshopPlanning.JobCancelled


def at(hh_mm: str, day: date = DAY) -> datetime:
    return datetime.combine(day, time.fromisoformat(hh_mm), tzinfo=ZONE)


def vehicle(license_number: str = "12-AB-34") -> Vehicle:
    return Vehicle(license_number.upper(), "Volkswagen", "Golf", OWNER)


def planned(
    start: str, end: str, license_number: str = "12-AB-34", job_id: UUID | None = None
) -> WorkshopPlanning.JobPlanned:
    return JobPlanned(
        job_id=job_id or uuid4(),
        start_time=at(start),
        end_time=at(end),
        description="Oil change",
        customer_id=OWNER.customer_id,
        customer_name=OWNER.name,
        customer_telephone_number=OWNER.telephone_number,
        license_number=license_number,
        brand="Volkswagen",
        type="Golf",
    )


def given(*history, garage: Garage = GARAGE) -> WorkshopPlanning:
    events = [Created(date=DAY), *history] if history else []
    return WorkshopPlanning.replay(DAY, garage, events)


def plan(
    planning: WorkshopPlanning,
    start: datetime | str,
    end: datetime | str,
    license_number: str = "12-AB-34",
    job_id: UUID | None = None,
    known: Vehicle | None = None,
    today: date = TODAY,
    description: str = "Oil change",
):
    planning.plan_job(
        job_id or uuid4(),
        at(start) if isinstance(start, str) else start,
        at(end) if isinstance(end, str) else end,
        known or vehicle(license_number),
        license_number,
        description,
        today=today,
    )
    return planning.pending


def refuses(planning: WorkshopPlanning, match: str, **kwargs) -> PlanningRuleError:
    version = planning.version
    with pytest.raises(PlanningRuleError, match=match) as refused:
        plan(planning, **kwargs)
    assert planning.pending == []
    assert planning.version == version
    return refused.value


# Planning: the happy path


def test_first_job_of_a_day_creates_the_planning_then_plans_the_job():
    planning = given()
    job_id = uuid4()

    events = plan(planning, "08:00", "10:00", job_id=job_id)

    assert [type(event) for event in events] == [Created, JobPlanned]
    assert events[0].date == DAY
    assert planning.version == 2
    assert planning.stored_version == 0
    job = planning.jobs[job_id]
    assert (job.start_time, job.end_time) == (at("08:00"), at("10:00"))
    assert job.customer == OWNER
    assert job.status is Status.PLANNED


def test_next_job_only_plans_the_job():
    planning = given(planned("08:00", "10:00"))

    events = plan(planning, "10:00", "11:00", license_number="99-ZZ-99")

    assert [type(event) for event in events] == [JobPlanned]
    assert planning.stored_version == 2
    assert planning.version == 3


def test_planned_job_records_the_vehicle_and_its_owner_as_customer():
    [_, event] = plan(given(), "08:00", "10:00", license_number="ab-123-c")

    assert event.license_number == "AB-123-C"
    assert (event.brand, event.type) == ("Volkswagen", "Golf")
    assert event.customer_id == OWNER.customer_id
    assert event.customer_name == OWNER.name
    assert event.customer_telephone_number == OWNER.telephone_number


# Rule 1: start before end


@pytest.mark.parametrize("end", ["10:00", "09:00"])
def test_refuses_a_slot_whose_start_is_not_before_its_end(end):
    error = refuses(
        given(), "start time must be before the end time", start="10:00", end=end
    )
    assert error.code == "start_not_before_end"
    assert error.field == "end_time"


# The clocks go forward at 02:00 on 31 March 2030 and back at 03:00 on 27
# October 2030. Times that share one time zone compare and subtract by the
# clock on the wall in Python, so the rules must count in real time.
SPRING_FORWARD, FALL_BACK = date(2030, 3, 31), date(2030, 10, 27)


def on(day: date, hh_mm: str, fold: int = 0) -> datetime:
    return at(hh_mm, day).replace(fold=fold)


def test_refuses_a_slot_that_the_clocks_going_forward_make_empty():
    # 02:00 does not exist that night: it is the same moment as 03:00.
    planning = WorkshopPlanning.replay(SPRING_FORWARD, GARAGE, [])

    with pytest.raises(PlanningRuleError, match="start time must be before") as error:
        planning.plan_job(
            uuid4(),
            on(SPRING_FORWARD, "02:00"),
            on(SPRING_FORWARD, "03:00"),
            vehicle(),
            "12-AB-34",
            "Oil change",
            today=SPRING_FORWARD,
        )
    assert error.value.code == "start_not_before_end"
    assert planning.pending == []


def test_refuses_a_slot_ending_before_it_starts_when_the_clocks_go_back():
    # 02:30 after the clocks went back (fold 1) is later than 02:45 before.
    planning = WorkshopPlanning.replay(FALL_BACK, GARAGE, [])

    with pytest.raises(PlanningRuleError, match="start time must be before"):
        planning.plan_job(
            uuid4(),
            on(FALL_BACK, "02:30", fold=1),
            on(FALL_BACK, "02:45"),
            vehicle(),
            "12-AB-34",
            "Oil change",
            today=FALL_BACK,
        )
    assert planning.pending == []


def test_the_actual_duration_counts_the_hour_the_clocks_go_back():
    job = planned("08:00", "10:00")
    planning = WorkshopPlanning.replay(
        FALL_BACK, GARAGE, [Created(date=FALL_BACK), job]
    )

    planning.finish_job(job.job_id, on(FALL_BACK, "01:30"), on(FALL_BACK, "03:30"), "")

    assert planning.pending[0].hours == Decimal("3.00")
    assert planning.jobs[job.job_id].labour_hours == Decimal("3.00")


def test_counting_real_time_works_at_the_ends_of_the_calendar():
    # In UTC, 00:10 on 1 January of year 1 in Amsterdam is in year 0.
    first = date(1, 1, 1)
    planning = WorkshopPlanning.replay(first, GARAGE, [])

    with pytest.raises(PlanningRuleError, match="is in the past"):
        planning.plan_job(
            uuid4(),
            on(first, "00:10"),
            on(first, "00:30"),
            vehicle(),
            "12-AB-34",
            "Oil change",
            today=TODAY,
        )


# Rule 2: on the planning's date, in the garage's local time


def test_refuses_a_job_on_another_date_than_the_planning():
    other_day = DAY + timedelta(days=1)
    refuses(
        given(),
        f"planning of {DAY} must start and end on that date",
        start=at("08:00", other_day),
        end=at("10:00", other_day),
    )


def test_refuses_a_job_ending_on_the_next_day():
    refuses(
        given(),
        "must start and end on that date",
        start="22:00",
        end=at("01:00", DAY + timedelta(days=1)),
    )


def test_the_planning_date_is_the_garages_local_date():
    # 00:30 in Amsterdam is still the previous day in UTC.
    start = at("00:30").astimezone(ZoneInfo("UTC"))
    assert start.date() == DAY - timedelta(days=1)

    events = plan(given(), start, at("02:00"))

    assert [type(event) for event in events] == [Created, JobPlanned]


def test_refuses_a_slot_that_is_on_the_date_only_in_another_time_zone():
    new_york = ZoneInfo("America/New_York")
    end = datetime.combine(DAY, time(20, 0), tzinfo=new_york)  # 02:00 next day here

    refuses(given(), "must start and end on that date", start="10:00", end=end)


# Rule 3: not in the past


def test_refuses_to_plan_on_a_day_in_the_past():
    error = refuses(
        given(),
        "is in the past",
        start="08:00",
        end="10:00",
        today=DAY + timedelta(days=1),
    )
    assert error.code == "planning_in_past"


def test_plans_for_today():
    events = plan(given(), "08:00", "10:00", today=DAY)

    assert len(events) == 2


# Rule 4: the vehicle and its owner are known


def test_refuses_a_vehicle_unknown_to_the_workshop():
    planning = given()
    with pytest.raises(PlanningRuleError, match="Vehicle 77-XX-77 is not known"):
        planning.plan_job(
            uuid4(), at("08:00"), at("10:00"), None, "77-xx-77", "Tyres", today=TODAY
        )
    assert planning.pending == []


def test_refuses_a_vehicle_whose_owner_is_not_known_yet():
    ownerless = Vehicle("12-AB-34", "Volkswagen", "Golf", None)

    refuses(
        given(),
        "owner of vehicle 12-AB-34 is not known",
        start="08:00",
        end="10:00",
        known=ownerless,
    )


# Rule 5: capacity, at every instant of the slot


def test_refuses_a_fourth_job_when_three_run_at_the_same_time():
    planning = given(
        planned("08:00", "10:00", "11-AA-11"),
        planned("08:00", "10:00", "22-BB-22"),
        planned("08:00", "10:00", "33-CC-33"),
    )

    error = refuses(
        planning,
        "fully booked at 08:00: all 3 workstations are taken",
        start="08:00",
        end="10:00",
        license_number="44-DD-44",
    )
    assert error.code == "workshop_full"


def test_accepts_a_job_over_three_jobs_that_follow_each_other():
    planning = given(
        planned("08:00", "09:00", "11-AA-11"),
        planned("09:00", "10:00", "22-BB-22"),
        planned("10:00", "11:00", "33-CC-33"),
    )

    events = plan(planning, "08:00", "11:00", license_number="44-DD-44")

    assert [type(event) for event in events] == [JobPlanned]


def test_counts_only_the_jobs_running_at_one_instant():
    planning = given(
        planned("08:00", "10:00", "11-AA-11"),
        planned("09:00", "11:00", "22-BB-22"),
        planned("09:30", "12:00", "33-CC-33"),
    )

    refuses(
        planning,
        "fully booked at 09:30",
        start="07:00",
        end="09:45",
        license_number="44-DD-44",
    )
    assert plan(planning, "10:00", "10:30", license_number="44-DD-44")


def test_a_job_ending_when_another_starts_does_not_overlap_it():
    planning = given(*(planned("08:00", "10:00", f"1{n}-AA-11") for n in range(3)))

    assert plan(planning, "10:00", "12:00", license_number="44-DD-44")
    assert plan(planning, "06:00", "08:00", license_number="55-EE-55")


def test_cancelled_jobs_free_their_workstation():
    cancelled = planned("08:00", "10:00", "33-CC-33")
    planning = given(
        planned("08:00", "10:00", "11-AA-11"),
        planned("08:00", "10:00", "22-BB-22"),
        cancelled,
        JobCancelled(job_id=cancelled.job_id, reason="Customer called off"),
    )

    events = plan(planning, "08:00", "10:00", license_number="44-DD-44")

    assert [type(event) for event in events] == [JobPlanned]


def test_finished_jobs_still_take_their_workstation():
    finished = planned("08:00", "10:00", "33-CC-33")
    planning = given(
        planned("08:00", "10:00", "11-AA-11"),
        planned("08:00", "10:00", "22-BB-22"),
        finished,
        JobFinished(
            job_id=finished.job_id,
            actual_start_time=at("08:00"),
            actual_end_time=at("09:00"),
            notes="",
        ),
    )

    refuses(
        planning, "fully booked", start="08:00", end="10:00", license_number="44-DD-44"
    )


def test_the_number_of_workstations_comes_from_the_garage():
    planning = given(
        planned("08:00", "10:00", "11-AA-11"),
        planned("08:00", "10:00", "22-BB-22"),
        garage=Garage(bays=("Lift 1", "Lift 2"), time_zone=ZONE),
    )

    refuses(
        planning,
        "all 2 workstations are taken",
        start="09:00",
        end="11:00",
        license_number="44-DD-44",
    )


# Rule 6: one job at a time per vehicle


def test_accepts_back_to_back_jobs_for_one_vehicle():
    planning = given(planned("08:00", "10:00", "12-AB-34"))

    assert plan(planning, "10:00", "11:00", license_number="12-ab-34")
    assert plan(planning, "07:00", "08:00", license_number="12-AB-34")


def test_refuses_overlapping_jobs_for_one_vehicle_whatever_the_case():
    planning = given(planned("08:00", "10:00", "12-AB-34"))

    error = refuses(
        planning,
        "Vehicle 12-AB-34 already has a job from 08:00 to 10:00",
        start="09:00",
        end="11:00",
        license_number="12-ab-34",
    )
    assert error.code == "vehicle_busy"
    assert error.field == "license_number"


def test_a_cancelled_job_does_not_keep_the_vehicle_busy():
    cancelled = planned("08:00", "10:00", "12-AB-34")
    planning = given(cancelled, JobCancelled(job_id=cancelled.job_id, reason="No"))

    assert plan(planning, "08:00", "10:00", license_number="12-AB-34")


# Rule 7: a job id is unique within its planning


def test_refuses_a_job_id_already_on_the_planning():
    existing = planned("08:00", "09:00", "11-AA-11")

    error = refuses(
        given(existing),
        f"A job with id {existing.job_id} already exists",
        start="10:00",
        end="11:00",
        job_id=existing.job_id,
    )
    assert error.code == "duplicate_job_id"


# The rules' order


def test_checks_the_slot_before_the_date_before_the_rest():
    full = given(*(planned("08:00", "10:00", f"1{n}-AA-11") for n in range(3)))
    past = {"today": DAY + timedelta(days=1), "license_number": "44-DD-44"}

    refuses(full, "start time must be before", start="10:00", end="08:00", **past)
    refuses(full, "is in the past", start="08:00", end="10:00", **past)


def test_checks_capacity_before_the_vehicle():
    existing = planned("08:00", "10:00", "12-AB-34")
    others = [planned("08:00", "10:00", f"1{n}-AA-11") for n in range(2)]
    slot = {"start": "08:00", "end": "10:00"}

    refuses(given(existing, *others), "fully booked", description="Tyres", **slot)
    refuses(given(existing), "already has a job", description="Tyres", **slot)


def test_a_job_id_on_the_planning_with_other_details_is_refused_before_any_rule():
    existing = planned("08:00", "10:00", "12-AB-34")
    others = [planned("08:00", "10:00", f"1{n}-AA-11") for n in range(2)]
    same_id = {"start": "08:00", "end": "10:00", "job_id": existing.job_id}
    past = {"today": DAY + timedelta(days=1)}

    for planning, changed in [
        (given(existing, *others), {"description": "Tyres"}),
        (given(existing), {"description": "Tyres"}),
        (given(existing), {"description": "Tyres", **past}),
        (given(existing), {"start": "10:00", "end": "08:00"}),
    ]:
        error = refuses(planning, "already exists", **{**same_id, **changed})
        assert error.code == "duplicate_job_id"


def test_planning_a_job_again_exactly_as_planned_changes_nothing():
    existing = planned("08:00", "10:00", "12-AB-34")
    planning = given(existing)

    assert plan(planning, "08:00", "10:00", "12-ab-34", job_id=existing.job_id) == []
    assert planning.version == 2


# Finishing


def test_finishing_records_the_actual_times_the_notes_and_the_duration_as_labour():
    job = planned("08:00", "10:00")
    planning = given(job)

    planning.finish_job(job.job_id, at("08:15"), at("10:30"), "Replaced the filter.")

    assert planning.pending == [
        JobFinished(
            job_id=job.job_id,
            actual_start_time=at("08:15"),
            actual_end_time=at("10:30"),
            notes="Replaced the filter.",
            labour_hours=None,  # none entered: the actual duration
        )
    ]
    assert planning.pending[0].hours == Decimal("2.25")
    finished = planning.jobs[job.job_id]
    assert finished.status is Status.FINISHED
    assert finished.notes == "Replaced the filter."


def test_finishing_an_unknown_job_is_not_found():
    with pytest.raises(JobNotFoundError, match="There is no job"):
        given().finish_job(uuid4(), at("08:00"), at("09:00"), "")


def test_refuses_to_finish_a_job_twice():
    job = planned("08:00", "10:00")
    planning = given(
        job,
        JobFinished(
            job_id=job.job_id,
            actual_start_time=at("08:00"),
            actual_end_time=at("10:00"),
            notes="",
        ),
    )

    with pytest.raises(
        PlanningRuleError, match="^An already finished job cannot be finished.$"
    ):
        planning.finish_job(job.job_id, at("08:00"), at("10:00"), "")
    assert planning.pending == []


def test_refuses_to_finish_a_cancelled_job():
    job = planned("08:00", "10:00")
    planning = given(job, JobCancelled(job_id=job.job_id, reason="No show"))

    with pytest.raises(PlanningRuleError, match="cancelled job cannot be finished"):
        planning.finish_job(job.job_id, at("08:00"), at("10:00"), "")


@pytest.mark.parametrize(
    ("start", "end", "match"),
    [
        ("10:00", "10:00", "start time must be before the end time"),
        ("11:00", "10:00", "start time must be before the end time"),
    ],
)
def test_refuses_actual_times_that_are_not_a_slot(start, end, match):
    job = planned("08:00", "10:00")
    planning = given(job)

    with pytest.raises(PlanningRuleError, match=match) as refused:
        planning.finish_job(job.job_id, at(start), at(end), "")
    assert refused.value.field == "actual_end_time"
    assert planning.pending == []


def test_refuses_actual_times_on_another_date():
    job = planned("08:00", "10:00")
    next_day = DAY + timedelta(days=1)

    with pytest.raises(PlanningRuleError, match="start and end on that date"):
        given(job).finish_job(job.job_id, at("23:00"), at("01:00", next_day), "")


# Cancelling


def test_cancelling_records_the_reason():
    job = planned("08:00", "10:00")
    planning = given(job)

    planning.cancel_job(job.job_id, "Customer is ill")

    assert planning.pending == [
        JobCancelled(job_id=job.job_id, reason="Customer is ill")
    ]
    assert planning.jobs[job.job_id].status is Status.CANCELLED
    assert planning.jobs[job.job_id].cancel_reason == "Customer is ill"


def test_cancelling_an_unknown_job_is_not_found():
    with pytest.raises(JobNotFoundError):
        given().cancel_job(uuid4(), "Why not")


def test_refuses_to_cancel_a_finished_job():
    job = planned("08:00", "10:00")
    finished = JobFinished(
        job_id=job.job_id,
        actual_start_time=at("08:00"),
        actual_end_time=at("10:00"),
        notes="",
    )

    with pytest.raises(PlanningRuleError, match="finished job cannot be cancelled"):
        given(job, finished).cancel_job(job.job_id, "Too late")


def test_refuses_to_cancel_a_job_twice():
    job = planned("08:00", "10:00")
    planning = given(job, JobCancelled(job_id=job.job_id, reason="No show"))

    with pytest.raises(PlanningRuleError, match="already cancelled"):
        planning.cancel_job(job.job_id, "Again")


# Replaying


def test_replaying_the_recorded_events_gives_the_same_planning():
    planning = given()
    plan(planning, "08:00", "10:00")
    job_id = next(iter(planning.jobs))
    planning.finish_job(job_id, at("08:30"), at("09:30"), "Done")

    replayed = WorkshopPlanning.replay(DAY, GARAGE, planning.pending)

    assert replayed.version == planning.version == 3
    assert replayed.jobs == planning.jobs
    assert replayed.pending == []


def test_replaying_applies_events_without_checking_rules():
    # Apply methods only record: history is fact, even if today's rules differ.
    crowded = [planned("08:00", "10:00", f"1{n}-AA-11") for n in range(5)]

    planning = given(*crowded)

    assert len(planning.jobs) == 5
    assert planning.version == 6


def test_every_stored_event_replays_through_its_own_apply_method():
    # The replay looks each method up once (APPLIERS), beside singledispatch.
    fallback = WorkshopPlanning.__dict__["_apply"].dispatcher.dispatch(object)

    for event_class in WorkshopPlanning.EVENTS.values():
        assert WorkshopPlanning.APPLIERS[event_class] is not fallback


def test_replaying_refuses_an_event_that_is_not_the_plannings():
    class Stranger(DomainEvent):
        job_id: UUID

    with pytest.raises(TypeError, match="Stranger is not a planning event"):
        WorkshopPlanning.replay(
            DAY, GARAGE, [Created(date=DAY), Stranger(job_id=uuid4())]
        )


def test_stored_events_round_trip_through_json():
    event = planned("08:00", "10:00")

    payload = event.model_dump(mode="json")
    assert WorkshopPlanning.EVENTS[event.type_name()].model_validate(payload) == event
    assert event.type_name() == "WorkshopPlanning.JobPlanned"
