from uuid import uuid4

import pytest

from apps.customers.events import CustomerDetailsChanged, VehicleOwnerChanged
from apps.workshop import handlers, repository, subscribers
from apps.workshop.commands import CancelMaintenanceJob, FinishMaintenanceJob
from apps.workshop.domain import PlanningRuleError, WorkshopPlanning
from apps.workshop.events import (
    MaintenanceJobCancelled,
    MaintenanceJobFinished,
    MaintenanceJobPlanned,
    WorkshopPlanningCreated,
)
from apps.workshop.models import Customer, PlanningEvent, Vehicle
from garage.kernel import eventstore
from garage.kernel.errors import ConcurrencyError, NotFoundError
from garage.kernel.testing import published

from .conftest import DAY, at, customer_registered, plan_command, vehicle_registered

pytestmark = pytest.mark.django_db


def stored(day=DAY) -> list[tuple[int, str]]:
    rows = PlanningEvent.objects.filter(stream_id=day.isoformat())
    return list(rows.order_by("version").values_list("version", "event_type"))


def test_customers_events_fill_the_cache_with_upper_case_licenses():
    owner = customer_registered("Grace Hopper")
    vehicle = vehicle_registered(owner, "ab-123-c")

    for _ in range(2):  # a redelivery changes nothing
        subscribers.when_customer_registered_store_customer(owner)
        subscribers.when_vehicle_registered_store_vehicle(vehicle)

    assert Customer.objects.get().name == "Grace Hopper"
    cached = Vehicle.objects.get()
    assert cached.license_number == "AB-123-C"
    assert cached.owner_id == owner.customer_id


def test_a_details_change_reaches_jobs_planned_after_it_not_before(
    cached_vehicle, owner
):
    """SPEC 13: the workshop's copy of the customer follows; a job already
    planned keeps the details it was planned with."""
    before = handlers.plan_maintenance_job(plan_command()).job
    details = owner.model_dump() | {"name": "Ada King", "telephone_number": "+31 6 1"}
    subscribers.when_customer_details_changed_update_customer(
        CustomerDetailsChanged(**details, version=2)
    )
    subscribers.when_customer_details_changed_update_customer(  # late, older
        CustomerDetailsChanged(**details | {"name": "Ada Byron"}, version=1)
    )

    after = handlers.plan_maintenance_job(plan_command("13:00", "14:00")).job

    first, second = published(MaintenanceJobPlanned)
    assert (first.job_id, first.customer.name) == (before.job_id, "Ada Lovelace")
    assert (second.job_id, second.customer.name) == (after.job_id, "Ada King")
    assert second.customer.telephone_number == "+31 6 1"


def test_a_job_planned_after_a_transfer_is_the_new_owners(cached_vehicle, owner):
    before = handlers.plan_maintenance_job(plan_command()).job
    buyer = customer_registered("Grace Hopper")
    subscribers.when_customer_registered_store_customer(buyer)
    subscribers.when_vehicle_owner_changed_update_vehicle(
        VehicleOwnerChanged(
            license_number="12-ab-34",
            previous_owner_id=owner.customer_id,
            owner_id=buyer.customer_id,
            version=1,
        )
    )

    after = handlers.plan_maintenance_job(plan_command("13:00", "14:00")).job

    first, second = published(MaintenanceJobPlanned)
    assert (first.job_id, first.customer.customer_id) == (
        before.job_id,
        owner.customer_id,
    )
    assert (second.job_id, second.customer.customer_id) == (
        after.job_id,
        buyer.customer_id,
    )


def test_news_of_a_customer_the_cache_does_not_hold_yet_is_retried(db, owner):
    details = owner.model_dump()
    with pytest.raises(NotFoundError):
        subscribers.when_customer_details_changed_update_customer(
            CustomerDetailsChanged(**details, version=1)
        )


def test_first_job_stores_planning_created_and_job_planned_as_versions_1_and_2(
    cached_vehicle, owner
):
    outcome = handlers.plan_maintenance_job(plan_command(license_number="12-ab-34"))

    assert stored() == [
        (1, "WorkshopPlanning.Created"),
        (2, "WorkshopPlanning.JobPlanned"),
    ]
    assert published(WorkshopPlanningCreated) == [WorkshopPlanningCreated(date=DAY)]
    [planned] = published(MaintenanceJobPlanned)
    assert planned.job_id == outcome.job.job_id
    assert planned.planning_date == DAY
    assert (planned.start_time, planned.end_time) == (at("08:00"), at("10:00"))
    assert planned.customer.customer_id == owner.customer_id
    assert planned.customer.name == owner.name
    assert planned.vehicle.license_number == "12-AB-34"
    assert [e.event_type for e in outcome.envelopes] == [
        "WorkshopPlanningCreated",
        "MaintenanceJobPlanned",
    ]


def test_stored_events_keep_their_times_with_an_offset(cached_vehicle):
    handlers.plan_maintenance_job(plan_command())

    payload = PlanningEvent.objects.get(version=2).payload
    assert payload["start_time"] == "2030-05-06T08:00:00+02:00"
    assert payload["license_number"] == "12-AB-34"


def test_a_refused_command_stores_and_publishes_nothing(db):
    with pytest.raises(PlanningRuleError, match="not known to the workshop"):
        handlers.plan_maintenance_job(plan_command(license_number="99-ZZ-99"))

    assert PlanningEvent.objects.count() == 0
    assert published(MaintenanceJobPlanned) == []


def test_finishing_and_cancelling_publish_their_events(cached_vehicle, owner):
    vehicle_b = vehicle_registered(owner, "34-CD-56")
    subscribers.when_vehicle_registered_store_vehicle(vehicle_b)
    first = handlers.plan_maintenance_job(plan_command()).job
    second = handlers.plan_maintenance_job(plan_command(license_number="34-CD-56")).job

    handlers.finish_maintenance_job(
        FinishMaintenanceJob(
            planning_date=DAY,
            job_id=first.job_id,
            actual_start_time=at("08:10"),
            actual_end_time=at("09:50"),
            notes="New oil filter",
        )
    )
    handlers.cancel_maintenance_job(
        CancelMaintenanceJob(planning_date=DAY, job_id=second.job_id, reason="Ill")
    )

    [finished] = published(MaintenanceJobFinished)
    assert (finished.job_id, finished.notes) == (first.job_id, "New oil filter")
    assert finished.actual_start_time == at("08:10")
    [cancelled] = published(MaintenanceJobCancelled)
    assert (cancelled.job_id, cancelled.reason) == (second.job_id, "Ill")
    assert [version for version, _ in stored()] == [1, 2, 3, 4, 5]


def test_finishing_an_unknown_job_is_not_found(db):
    command = FinishMaintenanceJob(
        planning_date=DAY,
        job_id=uuid4(),
        actual_start_time=at("08:00"),
        actual_end_time=at("09:00"),
        notes="",
    )
    with pytest.raises(NotFoundError):
        handlers.finish_maintenance_job(command)


def test_a_conflicting_append_is_retried_on_fresh_state(cached_vehicle, monkeypatch):
    stale = repository.load(DAY)  # read before someone else plans a job
    handlers.plan_maintenance_job(plan_command("08:00", "09:00"))
    loads = iter([stale])
    load = repository.load
    monkeypatch.setattr(repository, "load", lambda day: next(loads, None) or load(day))

    handlers.plan_maintenance_job(plan_command("09:00", "10:00"))

    assert [version for version, _ in stored()] == [1, 2, 3]
    assert len(repository.load(DAY).jobs) == 2


def test_a_conflict_that_keeps_coming_back_ends_in_a_concurrency_error(
    cached_vehicle, monkeypatch
):
    handlers.plan_maintenance_job(plan_command("08:00", "09:00"))
    attempts = []

    def always_stale(day):
        attempts.append(day)
        return WorkshopPlanning(day, repository.garage())

    monkeypatch.setattr(repository, "load", always_stale)

    with pytest.raises(ConcurrencyError):
        handlers.plan_maintenance_job(plan_command("09:00", "10:00"))

    assert len(attempts) == eventstore.ATTEMPTS
    assert stored() == [
        (1, "WorkshopPlanning.Created"),
        (2, "WorkshopPlanning.JobPlanned"),
    ]
    assert len(published(MaintenanceJobPlanned)) == 1
