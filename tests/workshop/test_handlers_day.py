"""The job's day through the handlers: stored events with who gave the
command, the read model, the published events; moves between days."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from apps.workshop import handlers, queries, repository, subscribers
from apps.workshop.commands import (
    Actor,
    CheckInVehicle,
    FinishMaintenanceJob,
    PartUsed,
    RescheduleMaintenanceJob,
    StartWork,
    WaitForParts,
)
from apps.workshop.domain import PlanningRuleError, Status
from apps.workshop.events import (
    MaintenanceJobCheckedIn,
    MaintenanceJobFinished,
    MaintenanceJobRescheduled,
    MaintenanceJobStarted,
    MaintenanceJobWaitingForParts,
    WorkshopPlanningCreated,
)
from apps.workshop.models import MaintenanceJob, PlanningEvent
from garage.kernel import eventstore
from garage.kernel.errors import ConcurrencyError
from garage.kernel.testing import published

from .conftest import DAY, at, plan_command, vehicle_registered

pytestmark = pytest.mark.django_db

NEXT_DAY = DAY + timedelta(days=1)
FRANK = Actor(7, "frank")


def stored(day=DAY) -> list[tuple[str, dict]]:
    rows = PlanningEvent.objects.filter(stream_id=day.isoformat()).order_by("version")
    return list(rows.values_list("event_type", "metadata"))


def plan(start="08:00", end="10:00", license_number="12-AB-34", **kwargs):
    return handlers.plan_maintenance_job(
        plan_command(start, end, license_number, **kwargs), FRANK
    ).job.job_id


def check_in(job_id, km=45_000, day=DAY, actor=FRANK):
    command = CheckInVehicle(
        planning_date=day, job_id=job_id, odometer_km=km, at=at("07:50", day)
    )
    return handlers.check_in_vehicle(command, actor)


def start(job_id, bay="Bay 1", mechanic="Piet"):
    command = StartWork(
        planning_date=DAY,
        job_id=job_id,
        workstation=bay,
        mechanic=mechanic,
        at=at("08:05"),
    )
    return handlers.start_work(command, FRANK)


def move(job_id, day=NEXT_DAY, start="09:00", end="11:00", source=DAY):
    command = RescheduleMaintenanceJob(
        planning_date=source,
        job_id=job_id,
        new_planning_date=day,
        start_time=at(start, day),
        end_time=at(end, day),
    )
    return handlers.reschedule_maintenance_job(command, FRANK)


def row(job_id) -> MaintenanceJob:
    return MaintenanceJob.objects.get(pk=job_id)


# Who did it


def test_every_stored_event_records_the_command_and_who_gave_it(cached_vehicle):
    job_id = plan()
    check_in(job_id, actor=Actor(9, "mia"))

    assert stored() == [
        ("WorkshopPlanning.Created", META_FRANK("PlanMaintenanceJob")),
        ("WorkshopPlanning.JobPlanned", META_FRANK("PlanMaintenanceJob")),
        (
            "WorkshopPlanning.JobCheckedIn",
            {"command": "CheckInVehicle", "user": {"id": 9, "username": "mia"}},
        ),
    ]


def META_FRANK(command: str) -> dict:
    return {"command": command, "user": {"id": 7, "username": "frank"}}


def test_a_command_given_by_no_one_is_the_systems(cached_vehicle):
    handlers.plan_maintenance_job(plan_command())

    assert {metadata["user"] for _, metadata in stored()} == {"system"}


def test_an_actor_is_made_of_a_django_user(django_user_model):
    user = django_user_model.objects.create_user("frank")

    assert Actor.of(user) == Actor(user.pk, "frank")


# The job's day


def test_each_step_updates_the_read_model_and_publishes_its_event(cached_vehicle):
    job_id = plan()

    check_in(job_id, 45_210)
    assert (row(job_id).status, row(job_id).odometer_km) == (Status.CHECKED_IN, 45_210)
    start(job_id, "bay 2")
    assert (row(job_id).workstation, row(job_id).mechanic) == ("Bay 2", "Piet")
    handlers.wait_for_parts(
        WaitForParts(planning_date=DAY, job_id=job_id, reason="Pads"), FRANK
    )
    waiting = row(job_id)
    assert (waiting.status, waiting.waiting_reason, waiting.workstation) == (
        Status.WAITING_FOR_PARTS,
        "Pads",
        "",
    )

    [checked_in] = published(MaintenanceJobCheckedIn)
    assert (checked_in.license_number, checked_in.odometer_km) == ("12-AB-34", 45_210)
    assert checked_in.at == at("07:50")
    [started] = published(MaintenanceJobStarted)
    assert (started.workstation, started.mechanic, started.at) == (
        "Bay 2",
        "Piet",
        at("08:05"),
    )
    [on_hold] = published(MaintenanceJobWaitingForParts)
    assert (on_hold.job_id, on_hold.planning_date, on_hold.reason) == (
        job_id,
        DAY,
        "Pads",
    )


def test_finishing_with_labour_and_parts_publishes_schema_2(cached_vehicle):
    job_id = plan()
    handlers.finish_maintenance_job(
        FinishMaintenanceJob(
            planning_date=DAY,
            job_id=job_id,
            actual_start_time=at("08:00"),
            actual_end_time=at("09:30"),
            notes="Pads replaced",
            labour_hours=Decimal("2.00"),
            parts=[
                PartUsed(description="Brake pads", quantity="1", unit_price="45.50"),
                PartUsed(description="Clips", quantity="4", unit_price="0.25"),
            ],
        ),
        FRANK,
    )

    [finished] = published(MaintenanceJobFinished)
    assert finished.schema_version == 2
    assert finished.labour_hours == Decimal("2.00")
    assert [(p.description, p.quantity, p.unit_price) for p in finished.parts] == [
        ("Brake pads", Decimal("1"), Decimal("45.50")),
        ("Clips", Decimal("4"), Decimal("0.25")),
    ]
    envelope = finished.model_dump(mode="json")
    assert envelope["labour_hours"] == "2.00"
    assert envelope["parts"][0] == {
        "description": "Brake pads",
        "quantity": "1",
        "unit_price": "45.50",
    }
    done = row(job_id)
    assert (done.status, done.labour_hours, done.notes) == (
        Status.FINISHED,
        Decimal("2.00"),
        "Pads replaced",
    )
    assert done.parts[1] == {
        "description": "Clips",
        "quantity": "4",
        "unit_price": "0.25",
    }


def test_finishing_without_labour_hours_publishes_the_actual_duration(cached_vehicle):
    job_id = plan()
    handlers.finish_maintenance_job(
        FinishMaintenanceJob(
            planning_date=DAY,
            job_id=job_id,
            actual_start_time=at("08:00"),
            actual_end_time=at("09:45"),
        )
    )

    [finished] = published(MaintenanceJobFinished)
    # None: invoicing bills the actual duration exactly; pages show it rounded
    assert (finished.labour_hours, finished.parts) == (None, ())
    assert row(job_id).labour_hours == Decimal("1.75")


def test_check_in_compares_with_the_vehicles_last_reading_on_any_day(
    cached_vehicle,
):
    first = plan()
    check_in(first, 45_000)
    later = plan(planning_date=NEXT_DAY)

    with pytest.raises(PlanningRuleError, match="last reading of 12-AB-34: 45,000 km"):
        check_in(later, 44_000, NEXT_DAY)

    check_in(later, 45_000, NEXT_DAY)
    assert row(later).odometer_km == 45_000


def test_another_vehicles_reading_does_not_count(cached_vehicle, owner):
    subscribers.when_vehicle_registered_store_vehicle(
        vehicle_registered(owner, "34-CD-56")
    )
    check_in(plan(), 90_000)

    other = plan(license_number="34-CD-56")

    check_in(other, 1_000)

    assert row(other).odometer_km == 1_000


# Rescheduling


def test_rescheduling_within_the_day_moves_the_row_and_publishes_it(cached_vehicle):
    job_id = plan()

    outcome = move(job_id, DAY, "13:00", "15:00")

    assert outcome.job.job_id == job_id
    assert [event for event, _ in stored()][-1] == "WorkshopPlanning.JobRescheduled"
    assert (row(job_id).start_time, row(job_id).end_time) == (at("13:00"), at("15:00"))
    [rescheduled] = published(MaintenanceJobRescheduled)
    assert (rescheduled.from_date, rescheduled.planning_date) == (DAY, DAY)


def test_a_move_to_another_day_appends_to_both_streams_and_moves_the_row(
    cached_vehicle,
):
    job_id = plan()

    outcome = move(job_id)

    assert [event for event, _ in stored(DAY)][-1] == "WorkshopPlanning.JobMovedOut"
    assert stored(NEXT_DAY) == [
        ("WorkshopPlanning.Created", META_FRANK("RescheduleMaintenanceJob")),
        ("WorkshopPlanning.JobMovedIn", META_FRANK("RescheduleMaintenanceJob")),
    ]
    moved = row(job_id)
    assert (moved.planning_date, moved.start_time, moved.end_time) == (
        NEXT_DAY,
        at("09:00", NEXT_DAY),
        at("11:00", NEXT_DAY),
    )
    assert MaintenanceJob.objects.count() == 1
    assert outcome.job.job_id == job_id
    assert repository.load(DAY).jobs == {}
    assert list(repository.load(NEXT_DAY).jobs) == [job_id]
    [rescheduled] = published(MaintenanceJobRescheduled)
    assert rescheduled.model_dump() == {
        "job_id": job_id,
        "from_date": DAY,
        "planning_date": NEXT_DAY,
        "start_time": at("09:00", NEXT_DAY),
        "end_time": at("11:00", NEXT_DAY),
    }
    assert published(WorkshopPlanningCreated)[-1].date == NEXT_DAY
    assert [e.event_type for e in outcome.envelopes] == [
        "WorkshopPlanningCreated",
        "MaintenanceJobRescheduled",
    ]


def test_a_moved_job_goes_on_from_its_new_day(cached_vehicle):
    job_id = plan()
    move(job_id)

    check_in(job_id, 10, NEXT_DAY)

    assert row(job_id).status == Status.CHECKED_IN
    with pytest.raises(Exception, match="There is no job"):
        check_in(job_id, 10, DAY)


def test_a_refused_move_stores_nothing_on_either_day(cached_vehicle, owner):
    subscribers.when_vehicle_registered_store_vehicle(
        vehicle_registered(owner, "34-CD-56")
    )
    job_id = plan()
    plan("09:00", "12:00", planning_date=NEXT_DAY)  # the same vehicle

    with pytest.raises(PlanningRuleError, match="already has a job"):
        move(job_id)

    assert len(stored(DAY)) == 2 and len(stored(NEXT_DAY)) == 2
    assert row(job_id).planning_date == DAY
    assert published(MaintenanceJobRescheduled) == []


def stale_once(monkeypatch, day, planning) -> list:
    """``repository.load`` hands out ``planning``, read before another writer
    appended to ``day``, once; then loads normally. Returns the days loaded."""
    loads, load, stale = [], repository.load, [planning]

    def loading(wanted):
        loads.append(wanted)
        return stale.pop() if wanted == day and stale else load(wanted)

    monkeypatch.setattr(repository, "load", loading)
    return loads


@pytest.mark.parametrize("stale_day", [DAY, NEXT_DAY])
def test_a_conflict_on_either_stream_retries_the_whole_move(
    cached_vehicle, owner, monkeypatch, stale_day
):
    subscribers.when_vehicle_registered_store_vehicle(
        vehicle_registered(owner, "34-CD-56")
    )
    job_id = plan()
    plan("13:00", "14:00", "34-CD-56", planning_date=NEXT_DAY)
    before = repository.load(stale_day)
    other = plan("15:00", "16:00", "34-CD-56", planning_date=stale_day)
    loads = stale_once(monkeypatch, stale_day, before)

    move(job_id)

    assert loads == [DAY, NEXT_DAY, DAY, NEXT_DAY]  # twice: a conflict, a retry
    assert [event for event, _ in stored(DAY)][-1] == "WorkshopPlanning.JobMovedOut"
    assert [event for event, _ in stored(NEXT_DAY)][-1] == "WorkshopPlanning.JobMovedIn"
    assert row(job_id).planning_date == NEXT_DAY
    assert row(other).planning_date == stale_day
    assert len(published(MaintenanceJobRescheduled)) == 1
    for day in (DAY, NEXT_DAY):
        versions = PlanningEvent.objects.filter(stream_id=day.isoformat())
        count = versions.count()
        assert sorted(versions.values_list("version", flat=True)) == list(
            range(1, count + 1)
        )


def test_a_move_that_keeps_conflicting_ends_in_a_concurrency_error(
    cached_vehicle, monkeypatch
):
    job_id = plan()
    plan("13:00", "14:00", planning_date=NEXT_DAY)
    loads, load = [], repository.load

    def always_stale(day):
        loads.append(day)
        planning = load(day)
        if day == NEXT_DAY:
            planning.version -= 1  # as if read before its last event
        return planning

    monkeypatch.setattr(repository, "load", always_stale)

    with pytest.raises(ConcurrencyError):
        move(job_id, start="15:00", end="16:00")

    assert loads.count(NEXT_DAY) == eventstore.ATTEMPTS
    assert row(job_id).planning_date == DAY
    assert [event for event, _ in stored(DAY)][-1] == "WorkshopPlanning.JobPlanned"
    assert published(MaintenanceJobRescheduled) == []


# Release 1 streams


def test_a_stream_written_by_release_1_still_loads_rebuilds_and_tells_its_history(
    cached_vehicle,
):
    job_id = handlers.plan_maintenance_job(plan_command()).job.job_id
    # As release 1 stored it: no labour hours, no parts, no user.
    eventstore.append(
        PlanningEvent,
        DAY.isoformat(),
        2,
        [
            eventstore.NewEvent(
                "WorkshopPlanning.JobFinished",
                f'{{"job_id": "{job_id}", '
                '"actual_start_time": "2030-05-06T08:10:00+02:00", '
                '"actual_end_time": "2030-05-06T09:40:00+02:00", "notes": "Done"}',
                {"command": "FinishMaintenanceJob"},
            )
        ],
    )

    job = repository.load(DAY).jobs[job_id]
    assert (job.status, job.labour_hours, job.parts) == (
        Status.FINISHED,
        Decimal("1.50"),
        (),
    )
    call_command("rebuild_read_models", stdout=StringIO())
    assert (row(job_id).labour_hours, row(job_id).parts) == (Decimal("1.50"), [])
    finished = queries.get_job_history(DAY, job_id)[-1]
    assert (finished.event, finished.by) == ("Finished", "")
    assert finished.details == "08:10–09:40, 1.50 labour hours, 0 parts"


def test_the_history_follows_a_job_to_the_days_it_came_from(cached_vehicle):
    job_id = plan()
    move(job_id, NEXT_DAY, "09:00", "10:00")
    move(job_id, DAY, "13:00", "14:00", source=NEXT_DAY)
    move(job_id, DAY, "15:00", "16:00")
    check_in(job_id)

    history = queries.get_job_history(DAY, job_id)

    assert [(entry.event, entry.details, entry.by) for entry in history] == [
        ("Planned", "2030-05-06, 08:00–10:00", "frank"),
        ("Rescheduled", "from 2030-05-06 to 2030-05-07, 09:00–10:00", "frank"),
        ("Rescheduled", "from 2030-05-07 to 2030-05-06, 13:00–14:00", "frank"),
        ("Rescheduled", "to 15:00–16:00", "frank"),
        ("Checked in", "odometer 45,000 km", "frank"),
    ]


def test_the_planning_history_tells_each_move_in_the_garages_words(cached_vehicle):
    job_id = plan()
    move(job_id, NEXT_DAY, "09:00", "10:00")
    move(job_id, DAY, "13:00", "14:00", source=NEXT_DAY)

    day, next_day = (
        queries.get_planning_history(DAY),
        queries.get_planning_history(NEXT_DAY),
    )

    job = "Volkswagen Golf [12-AB-34]: Oil change"
    assert [(step.event, step.job, step.details, step.by) for step in day] == [
        ("Planning opened", "", "with the day's first job", "frank"),
        ("Planned", job, "2030-05-06, 08:00–10:00", "frank"),
        ("Rescheduled", job, "to 2030-05-07, 09:00–10:00", "frank"),
        ("Rescheduled", job, "from 2030-05-07 to 2030-05-06, 13:00–14:00", "frank"),
    ]
    assert [(step.event, step.details) for step in next_day] == [
        ("Planning opened", "with the day's first job"),
        ("Rescheduled", "from 2030-05-06 to 2030-05-07, 09:00–10:00"),
        ("Rescheduled", "to 2030-05-06, 13:00–14:00"),
    ]
