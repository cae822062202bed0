"""Vehicle care in the browser: a vehicle due for a service is planned from
the service-due page; the customer's e-mails are on the messages page; the
vehicle's history is one click from its page in customers."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from garage.kernel import bus as kernel_bus
from tests.notifications.factories import (
    customer_registered,
    job_checked_in,
    job_finished,
    job_planned,
    vehicle_registered,
)

from .conftest import snapshot


def serviced_a_year_ago(bus):
    ann = customer_registered("Ann Smith")
    serviced = job_planned(
        ann, timezone.localdate() - timedelta(days=360), description="Big service"
    )
    kernel_bus.publish(ann, vehicle_registered(ann), serviced)
    bus.drain()
    kernel_bus.publish(job_checked_in(serviced, 42_000), job_finished(serviced))
    bus.drain()
    return ann


def test_a_vehicle_due_is_planned_from_the_service_due_page(logged_in_page, bus):
    page = logged_in_page
    serviced_a_year_ago(bus)

    page.get_by_role("link", name="Service due").click()
    row = page.get_by_role("row").filter(has_text="12-AB-34")
    expect(row).to_contain_text("Ann Smith")
    expect(row).to_contain_text("date: months since the last service")
    snapshot(page, "service_due")
    row.get_by_role("link", name="Plan a job").click()

    expect(page.get_by_role("heading", name="Plan a job")).to_be_visible()
    expect(page.get_by_label("Vehicle", exact=True)).to_have_value("12-AB-34")
    page.get_by_label("Description").fill("Periodic service")
    page.get_by_role("button", name="Plan the job").click()
    expect(page.get_by_text("The job is planned.")).to_be_visible()
    bus.drain()

    page.get_by_role("link", name="Service due").click()
    row = page.get_by_role("row").filter(has_text="12-AB-34")
    expect(row).to_contain_text("job planned")


def test_the_messages_page_lists_the_ready_for_pickup_e_mail(logged_in_page, bus):
    page = logged_in_page
    ann = serviced_a_year_ago(bus)

    page.get_by_role("link", name="Messages").click()
    row = page.get_by_role("row").filter(has_text="ready for pickup")
    expect(row).to_contain_text("Your Volkswagen Golf [12-AB-34] is ready for pickup")
    expect(row).to_contain_text("ann@example.com")
    page.get_by_label("Kind").select_option("service_due")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No messages of this kind or customer")).to_be_visible()
    page.get_by_label("Kind").select_option("")
    page.get_by_role("button", name="Filter").click()
    snapshot(page, "messages")
    page.get_by_role("link", name="Ann Smith").first.click()
    expect(page).to_have_url(f"/customers/{ann.customer_id}/", timeout=5_000)


def test_the_vehicle_s_history_is_one_click_from_its_page(logged_in_page, bus):
    from datetime import datetime, time
    from decimal import Decimal

    from apps.customers import handlers as customers
    from apps.customers.commands import RegisterCustomer, RegisterVehicle
    from apps.workshop import clock
    from apps.workshop import handlers as workshop
    from apps.workshop.commands import (
        CheckInVehicle,
        FinishMaintenanceJob,
        PartUsed,
        PlanMaintenanceJob,
    )

    owner = customers.register_customer(
        RegisterCustomer(
            name="Ann Smith",
            address="Keizersgracht 1",
            postal_code="1015 AA",
            city="Amsterdam",
            telephone_number="+31 20 123 4567",
            email_address="ann@example.com",
        )
    )
    customers.register_vehicle(
        RegisterVehicle(
            license_number="12-AB-34",
            brand="Volkswagen",
            type="Golf",
            owner_id=owner.customer_id,
        )
    )
    bus.drain()
    day = clock.today()

    def at(hh_mm: str):
        return timezone.make_aware(datetime.combine(day, time.fromisoformat(hh_mm)))

    job = workshop.plan_maintenance_job(
        PlanMaintenanceJob(
            planning_date=day,
            start_time=at("08:00"),
            end_time=at("10:00"),
            license_number="12-AB-34",
            description="Big service",
        )
    ).job
    ids = {"planning_date": day, "job_id": job.job_id}
    workshop.check_in_vehicle(CheckInVehicle(**ids, odometer_km=45_210, at=at("08:00")))
    workshop.finish_maintenance_job(
        FinishMaintenanceJob(
            **ids,
            actual_start_time=at("08:05"),
            actual_end_time=at("09:35"),
            notes="Brake fluid replaced",
            parts=[
                PartUsed(
                    description="Oil filter", quantity=1, unit_price=Decimal("12.50")
                )
            ],
        )
    )
    bus.drain()
    page = logged_in_page

    page.goto("/vehicles/12-AB-34/")
    page.get_by_role("link", name="History in the workshop").click()

    expect(page.get_by_role("heading", name="History of")).to_be_visible()
    row = page.locator("#vehicle-history tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Finished")
    expect(row).to_contain_text("45210 km")
    expect(row).to_contain_text("Brake fluid replaced")
    expect(row).to_contain_text("1 × Oil filter")
    snapshot(page, "vehicle_history")
