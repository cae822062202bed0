"""The service-due page (SPEC 14): due in the next 30 days and overdue."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.notifications.models import Customer, Job, Vehicle
from garage.kernel.roles import FRONT_DESK
from tests.conftest import member_of

from .factories import at

pytestmark = pytest.mark.django_db


def make_vehicle(due_in_days: int, reason: str = "date", **fields) -> Vehicle:
    today = timezone.localdate()
    owner = Customer.objects.create(
        customer_id=uuid.uuid4(), name=f"Owner {due_in_days}", email_address="o@x.nl"
    )
    n = Vehicle.objects.count()
    return Vehicle.objects.create(
        **{
            "license_number": f"{n:02d}-AB-{abs(due_in_days) % 100:02d}",
            "brand": "Volkswagen",
            "type": "Golf",
            "owner_id": owner.customer_id,
            "last_service_on": today - timedelta(days=365 - due_in_days),
            "due_on": today + timedelta(days=due_in_days),
            "due_reason": reason,
            "km_per_day": 60.0 if reason == "mileage" else None,
            "service_km": 20_000 if reason == "mileage" else None,
            **fields,
        }
    )


def test_lists_due_and_overdue_vehicles_soonest_first_with_the_reason(logged_in):
    later = make_vehicle(20, "mileage")
    overdue = make_vehicle(-3)
    not_yet = make_vehicle(31)
    Vehicle.objects.create(  # never serviced here: never due
        license_number="99-ZZ-99", brand="Fiat", type="Panda", owner_id=uuid.uuid4()
    )

    page = logged_in.get("/service-due/").text

    assert page.index(overdue.license_number) < page.index(later.license_number)
    # By plate: "31-" alone also matched a random owner id in a link.
    assert not_yet.license_number not in page and "99-ZZ-99" not in page
    assert "overdue" in page
    assert "mileage: about 60 km a day since 20000 km" in page
    assert "date: months since the last service" in page
    assert "Owner 20" in page
    assert f'href="/customers/{later.owner_id}/"' in page


def test_each_row_links_to_the_plan_job_form_with_the_vehicle_chosen(logged_in):
    today = timezone.localdate()
    later, overdue = make_vehicle(20), make_vehicle(-3)

    page = logged_in.get("/service-due/").text

    assert (
        f'href="/workshop/{later.due_on}/jobs/new?vehicle={later.license_number}"'
        in page
    )
    assert f'href="/workshop/{today}/jobs/new?vehicle={overdue.license_number}"' in page


def test_the_plan_job_link_opens_the_form_with_the_vehicle_chosen(logged_in):
    from apps.workshop.models import Vehicle as WorkshopVehicle  # the other side

    vehicle = make_vehicle(5)
    WorkshopVehicle.objects.create(
        license_number=vehicle.license_number,
        brand="Volkswagen",
        type="Golf",
        owner_id=vehicle.owner_id,
    )

    form = logged_in.get(f"/workshop/{vehicle.due_on}/jobs/new?vehicle={vehicle.pk}")

    assert f'<option value="{vehicle.pk}" selected>' in form.text


def test_a_vehicle_with_a_job_planned_says_so_instead(logged_in):
    vehicle = make_vehicle(5)
    day = timezone.localdate() + timedelta(days=2)
    Job.objects.create(
        job_id=uuid.uuid4(),
        customer_id=vehicle.owner_id,
        customer_name="Owner 5",
        start_time=at(day, "08:00"),
        end_time=at(day, "09:00"),
        description="Service",
        license_number=vehicle.license_number,
        brand="Volkswagen",
        type="Golf",
    )

    page = logged_in.get("/service-due/").text

    assert "job planned" in page and "jobs/new" not in page


def test_no_plan_link_for_who_may_not_plan(client, django_user_model):
    make_vehicle(5)
    desk = member_of(FRONT_DESK, django_user_model)
    desk.groups.clear()  # may see the page only
    from django.contrib.auth.models import Permission

    desk.user_permissions.add(Permission.objects.get(codename="view_service_due"))
    client.force_login(desk)

    page = client.get("/service-due/")

    assert page.status_code == 200
    assert "Owner 5" in page.text and "jobs/new" not in page.text


def test_says_so_when_none_is_due(logged_in):
    page = logged_in.get("/service-due/").text

    assert "No vehicle is due for a service in the next 30 days." in page


def test_the_page_is_paginated(logged_in):
    for n in range(30):
        make_vehicle(n - 10)

    assert "Page 1 of 2" in logged_in.get("/service-due/").text


def test_the_page_takes_the_same_queries_for_many_vehicles(
    logged_in, django_assert_max_num_queries
):
    make_vehicle(1)
    logged_in.get("/service-due/")  # sessions, permissions: cached after this
    with CaptureQueriesContext(connection) as one:
        logged_in.get("/service-due/")
    for n in range(24):
        make_vehicle(n - 10)

    with django_assert_max_num_queries(len(one)):
        page = logged_in.get("/service-due/")

    assert page.text.count("Plan a job") == 25


def test_a_vehicle_due_in_more_than_30_days_is_not_listed(logged_in):
    make_vehicle(31)

    assert "No vehicle is due" in logged_in.get("/service-due/").text
