from uuid import uuid4

import pytest
from django.db import transaction

from apps.customers.events import CustomerRegistered, VehicleRegistered
from garage.kernel import bus as kernel_bus


@pytest.fixture
def known_vehicle(bus):
    owner = CustomerRegistered(
        customer_id=uuid4(),
        name="Ada Lovelace",
        address="Keizersgracht 1",
        postal_code="1015 CJ",
        city="Amsterdam",
        telephone_number="+31 20 123 4567",
        email_address="ada@example.com",
    )
    vehicle = VehicleRegistered(
        license_number="12-ab-34", brand="Volvo", type="V70", owner_id=owner.customer_id
    )
    with transaction.atomic():
        kernel_bus.publish(owner, vehicle)
    bus.drain()


def test_employee_plans_a_job_and_finishes_it(logged_in_page, known_vehicle):
    page = logged_in_page
    page.goto("/workshop/")

    page.get_by_role("button", name="Plan a job").click()
    page.get_by_label("Find the vehicle").fill("volvo")
    page.get_by_role("button", name="Find vehicle").click()
    page.get_by_label("Vehicle", exact=True).select_option("12-AB-34")
    page.get_by_label("Description").fill("Replace the brake pads")
    page.get_by_role("button", name="Plan the job").click()

    row = page.locator("tbody tr", has_text="Volvo V70 [12-AB-34]")
    assert row.inner_text().split("\t")[:3] == ["Planned", "08:00", "10:00"]

    page.get_by_role("link", name="Replace the brake pads", exact=True).click()
    assert page.locator("#status").inner_text() == "Planned"
    page.get_by_role("button", name="Finish", exact=True).click()
    assert page.get_by_label("Actual start").input_value() == "08:00"
    page.get_by_label("Actual end").fill("10:30")
    page.get_by_label("Notes").fill("Front pads were worn out.")
    page.get_by_role("button", name="Finish the job").click()

    assert page.locator("#status").inner_text() == "Finished"
    assert page.get_by_text("Front pads were worn out.").is_visible()
    page.get_by_role("link", name="Back to the planning").click()
    assert row.get_attribute("class") == "finished"
    assert row.inner_text().startswith("Finished")


def test_the_date_picker_sits_in_a_row_with_the_day_links(logged_in_page):
    page = logged_in_page
    page.goto("/workshop/")

    today = page.get_by_role("link", name="Today", exact=True).bounding_box()
    picker = page.get_by_label("Date").bounding_box()
    go = page.get_by_role("button", name="Go").bounding_box()

    middle = today["y"] + today["height"] / 2
    for box in (picker, go):
        assert box["y"] < middle < box["y"] + box["height"]  # the same row
    assert go["x"] - (today["x"] + today["width"]) < 400  # near, not far apart
    assert go["height"] < 2 * today["height"] + 10  # not a large button
