import threading
import time
from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from uuid import uuid4

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connections, transaction

from apps.workshop import handlers, projections, repository, subscribers
from apps.workshop.commands import (
    CancelMaintenanceJob,
    CheckInVehicle,
    FinishMaintenanceJob,
)
from apps.workshop.domain import PlanningRuleError, WorkshopPlanning
from apps.workshop.domain.limits import DESCRIPTION_MAX
from apps.workshop.events import MaintenanceJobPlanned
from apps.workshop.models import MaintenanceJob, PlanningEvent
from garage.kernel.models import Delivery
from garage.kernel.testing import published

from .conftest import DAY, at, plan_command, vehicle_registered

Status = MaintenanceJob.Status
NEXT_DAY = DAY.replace(day=DAY.day + 1)


def table() -> list[dict]:
    return list(MaintenanceJob.objects.order_by("job_id").values())


def finish(job_id, day=DAY, **changes):
    fields = {
        "planning_date": day,
        "job_id": job_id,
        "actual_start_time": at("08:05", day),
        "actual_end_time": at("09:55", day),
        "notes": "All good",
    }
    return handlers.finish_maintenance_job(FinishMaintenanceJob(**fields | changes))


@pytest.mark.django_db
def test_the_read_model_shows_each_command_when_its_transaction_commits(
    cached_vehicle,
):
    with transaction.atomic():
        planned = handlers.plan_maintenance_job(plan_command()).job
        assert MaintenanceJob.objects.get().status == Status.PLANNED
    finish(planned.job_id)

    job = MaintenanceJob.objects.get()
    assert job.status == Status.FINISHED
    assert (job.actual_start_time, job.notes) == (at("08:05"), "All good")
    assert job.vehicle_label == "Volkswagen Golf [12-AB-34]"
    # Nothing reaches the workshop through the bus any more.
    assert not Delivery.objects.filter(consumer="workshop").exists()


@pytest.mark.django_db
def test_a_command_that_rolls_back_leaves_the_read_model_as_it_was(cached_vehicle):
    with pytest.raises(RuntimeError), transaction.atomic():
        handlers.plan_maintenance_job(plan_command())
        raise RuntimeError("the request failed after the command")

    assert table() == []
    assert not PlanningEvent.objects.exists()


@pytest.mark.django_db
def test_a_job_id_is_unique_across_plannings(cached_vehicle):
    job_id = uuid4()
    handlers.plan_maintenance_job(plan_command(job_id=job_id))

    with pytest.raises(PlanningRuleError, match="already exists") as refused:
        handlers.plan_maintenance_job(
            plan_command(job_id=job_id, planning_date=NEXT_DAY)
        )

    assert refused.value.code == "duplicate_job_id"
    assert MaintenanceJob.objects.get().planning_date == DAY
    assert not PlanningEvent.objects.filter(stream_id=NEXT_DAY.isoformat()).exists()
    assert len(published(MaintenanceJobPlanned)) == 1


@pytest.mark.django_db
def test_planning_the_same_job_again_changes_nothing(cached_vehicle):
    job_id = uuid4()
    first = handlers.plan_maintenance_job(plan_command(job_id=job_id))

    again = handlers.plan_maintenance_job(plan_command(job_id=job_id))

    assert again.job == first.job
    assert again.envelopes == []
    assert PlanningEvent.objects.count() == 2
    with pytest.raises(PlanningRuleError, match="already exists"):
        handlers.plan_maintenance_job(
            plan_command("11:00", "12:00", job_id=job_id, description="Other")
        )


@pytest.mark.django_db(transaction=True)
def test_two_days_racing_for_one_job_id_accept_exactly_one(cached_vehicle):
    job_id = uuid4()
    together = threading.Barrier(2)

    def plan(day) -> str:
        try:
            together.wait()
            handlers.plan_maintenance_job(
                plan_command(job_id=job_id, planning_date=day)
            )
            return "planned"
        except PlanningRuleError as error:
            return error.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(plan, [DAY, NEXT_DAY]))

    assert outcomes == ["duplicate_job_id", "planned"]
    [job] = MaintenanceJob.objects.all()
    stored_on = PlanningEvent.objects.filter(event_type="WorkshopPlanning.JobPlanned")
    assert list(stored_on.values_list("stream_id", flat=True)) == [
        job.planning_date.isoformat()
    ]


@pytest.mark.django_db
def test_rebuild_read_models_reproduces_the_read_model_exactly(cached_vehicle, owner):
    for number in ("34-CD-56", "56-EF-78"):
        subscribers.when_vehicle_registered_store_vehicle(
            vehicle_registered(owner, number)
        )
    jobs = []
    for n, day in enumerate([DAY, DAY.replace(day=7), DAY.replace(day=8)]):
        for license_number in ("12-AB-34", "34-CD-56", "56-EF-78"):
            command = plan_command(
                f"0{7 + n}:00", f"1{n}:30", license_number, planning_date=day
            )
            jobs.append((day, handlers.plan_maintenance_job(command).job.job_id))
    finish(jobs[0][1], jobs[0][0], actual_start_time=at("07:30"), notes="Brakes")
    handlers.cancel_maintenance_job(
        CancelMaintenanceJob(planning_date=jobs[4][0], job_id=jobs[4][1], reason="No")
    )
    before = table()
    assert len(before) == 9
    MaintenanceJob.objects.filter(pk=jobs[0][1]).update(status=Status.CANCELLED)
    MaintenanceJob.objects.filter(pk=jobs[8][1]).delete()

    out = StringIO()
    call_command("rebuild_read_models", stdout=out)

    assert table() == before
    assert "rebuilt" in out.getvalue()


@pytest.mark.django_db
def test_only_a_used_job_id_reads_as_a_duplicate(cached_vehicle):
    """Another constraint the database enforces is a bug to see, not a 409."""
    handlers.plan_maintenance_job(plan_command())
    [(_, planned)] = [
        (day, event)
        for day, event in repository.all_events()
        if isinstance(event, WorkshopPlanning.JobPlanned)
    ]
    too_long = planned.model_copy(
        update={"job_id": uuid4(), "description": "x" * (DESCRIPTION_MAX + 1)}
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        projections.project([(DAY, too_long)])
    with pytest.raises(PlanningRuleError) as refused, transaction.atomic():
        projections.project([(NEXT_DAY, planned)])
    assert refused.value.code == "duplicate_job_id"


@pytest.mark.django_db(transaction=True)
def test_two_days_checking_one_vehicle_in_take_turns(cached_vehicle):
    """The second check-in reads the first's reading, though it is on another
    day's stream: 4,000 km after 5,000 km is refused. (SQLite serialises
    writers at BEGIN; PostgreSQL needs the vehicle's row lock.)"""
    later = handlers.plan_maintenance_job(plan_command(planning_date=NEXT_DAY)).job
    earlier = handlers.plan_maintenance_job(plan_command()).job
    first_read = threading.Event()

    def check_in(job, day, km) -> str:
        command = CheckInVehicle(
            planning_date=day, job_id=job.job_id, odometer_km=km, at=at("08:00", day)
        )
        try:
            with transaction.atomic():
                handlers.check_in_vehicle(command)
                if km == 5_000:
                    first_read.set()
                    time.sleep(0.5)  # the other check-in reads meanwhile
            return "accepted"
        except PlanningRuleError as error:
            return error.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(check_in, earlier, DAY, 5_000)
        first_read.wait(timeout=10)
        second = pool.submit(check_in, later, NEXT_DAY, 4_000)
        outcomes = (first.result(), second.result())

    assert outcomes == ("accepted", "odometer_below_last_reading")
    assert MaintenanceJob.objects.get(pk=later.job_id).odometer_km is None
