from io import StringIO
from uuid import uuid4

import pytest
from django.core.management import call_command

from apps.workshop import handlers, projections
from apps.workshop.commands import CancelMaintenanceJob, FinishMaintenanceJob
from apps.workshop.events import (
    JobCustomer,
    JobVehicle,
    MaintenanceJobFinished,
    MaintenanceJobPlanned,
)
from apps.workshop.models import MaintenanceJob

from .conftest import DAY, at, plan_command

Status = MaintenanceJob.Status


def job_planned(planning_date=DAY, **changes) -> MaintenanceJobPlanned:
    fields = {
        "job_id": uuid4(),
        "planning_date": planning_date,
        "start_time": at("08:00", planning_date),
        "end_time": at("10:00", planning_date),
        "description": "Oil change",
        "customer": JobCustomer(customer_id=uuid4(), name="Ada", telephone_number="06"),
        "vehicle": JobVehicle(license_number="12-AB-34", brand="VW", type="Golf"),
    }
    return MaintenanceJobPlanned(**{**fields, **changes})


def table() -> list[dict]:
    return list(MaintenanceJob.objects.order_by("job_id").values())


@pytest.mark.django_db
def test_a_planned_job_enters_the_read_model_once_however_often_it_arrives():
    event = job_planned()

    handlers.when_maintenance_job_planned_add_to_planning(event)
    handlers.when_maintenance_job_planned_add_to_planning(event)

    job = MaintenanceJob.objects.get()
    assert job.status == Status.PLANNED
    assert job.vehicle_label == "VW Golf [12-AB-34]"
    assert job.customer_name == "Ada"


@pytest.mark.django_db
def test_a_late_planned_event_does_not_undo_a_finish():
    event = job_planned()
    handlers.when_maintenance_job_planned_add_to_planning(event)
    projections.finish_job(
        MaintenanceJobFinished(
            job_id=event.job_id,
            planning_date=DAY,
            actual_start_time=at("08:00"),
            actual_end_time=at("09:00"),
            notes="ok",
        )
    )

    handlers.when_maintenance_job_planned_add_to_planning(event)

    assert MaintenanceJob.objects.get().status == Status.FINISHED


@pytest.mark.django_db
def test_a_finish_arriving_before_its_job_is_retried_later():
    finished = MaintenanceJobFinished(
        job_id=uuid4(),
        planning_date=DAY,
        actual_start_time=at("08:00"),
        actual_end_time=at("09:00"),
        notes="",
    )
    with pytest.raises(projections.JobNotProjectedError):
        handlers.when_maintenance_job_finished_mark_finished(finished)


def test_the_read_model_follows_the_commands_over_the_bus(bus, registered):
    registered("12-AB-34", "34-CD-56")
    first = handlers.plan_maintenance_job(plan_command())
    second = handlers.plan_maintenance_job(plan_command(license_number="34-cd-56"))
    first.wait_until_seen()
    handlers.finish_maintenance_job(
        FinishMaintenanceJob(
            planning_date=DAY,
            job_id=first.job.job_id,
            actual_start_time=at("08:05"),
            actual_end_time=at("09:55"),
            notes="All good",
        )
    ).wait_until_seen()
    handlers.cancel_maintenance_job(
        CancelMaintenanceJob(planning_date=DAY, job_id=second.job.job_id, reason="Ill")
    ).wait_until_seen()

    finished = MaintenanceJob.objects.get(pk=first.job.job_id)
    assert finished.status == Status.FINISHED
    assert (finished.actual_start_time, finished.notes) == (at("08:05"), "All good")
    cancelled = MaintenanceJob.objects.get(pk=second.job.job_id)
    assert (cancelled.status, cancelled.cancel_reason) == (Status.CANCELLED, "Ill")
    assert cancelled.license_number == "34-CD-56"


def test_rebuild_read_models_reproduces_the_read_model_exactly(bus, registered):
    registered("12-AB-34", "34-CD-56", "56-EF-78")
    jobs = []
    for n, day in enumerate([DAY, DAY.replace(day=7), DAY.replace(day=8)]):
        for license_number in ("12-AB-34", "34-CD-56", "56-EF-78"):
            command = plan_command(
                f"0{7 + n}:00", f"1{n}:30", license_number, planning_date=day
            )
            jobs.append((day, handlers.plan_maintenance_job(command).job.job_id))
    handlers.finish_maintenance_job(
        FinishMaintenanceJob(
            planning_date=jobs[0][0],
            job_id=jobs[0][1],
            actual_start_time=at("07:30"),
            actual_end_time=at("09:00"),
            notes="Brakes",
        )
    )
    handlers.cancel_maintenance_job(
        CancelMaintenanceJob(planning_date=jobs[4][0], job_id=jobs[4][1], reason="No")
    )
    bus.drain()
    before = table()
    assert len(before) == 9
    MaintenanceJob.objects.filter(pk=jobs[0][1]).update(status=Status.CANCELLED)
    MaintenanceJob.objects.filter(pk=jobs[8][1]).delete()

    out = StringIO()
    call_command("rebuild_read_models", stdout=out)

    assert table() == before
    assert "rebuilt" in out.getvalue()
