"""The planning's timeline in a browser: dragging a planned job to another
time or day, a refused move, and the same done with the keyboard through the
job's reschedule form."""

from datetime import date, datetime, time, timedelta
from uuid import uuid4

import pytest
from django.db import transaction
from django.utils import timezone

from apps.customers.events import CustomerRegistered, VehicleRegistered
from apps.workshop import clock, handlers
from apps.workshop.commands import PlanMaintenanceJob
from apps.workshop.models import MaintenanceJob
from garage.kernel import bus as kernel_bus

from .conftest import snapshot

TODAY = date(2030, 5, 1)
DAY = date(2030, 5, 6)  # a Monday
LICENSES = ["12-AB-34", "23-BC-45", "34-CD-56", "45-DE-67"]


def at(hh_mm: str, day: date = DAY) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(hh_mm)))


@pytest.fixture(autouse=True)
def workshop(monkeypatch, settings):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    settings.WORKSTATIONS = ("Lift 1", "Lift 2", "Alignment")
    settings.WORKSHOP_HOURS = "08:00-18:00"


@pytest.fixture
def vehicles(bus):
    owner = CustomerRegistered(
        customer_id=uuid4(),
        name="Ada Lovelace",
        address="Keizersgracht 1",
        postal_code="1015 CJ",
        city="Amsterdam",
        telephone_number="+31 20 123 4567",
        email_address="ada@example.com",
    )
    with transaction.atomic():
        kernel_bus.publish(
            owner,
            *(
                VehicleRegistered(
                    license_number=number,
                    brand="Volvo",
                    type="V70",
                    owner_id=owner.customer_id,
                )
                for number in LICENSES
            ),
        )
    bus.drain()


def plan(start: str, end: str, license_number: str, what: str = "Brake pads"):
    command = PlanMaintenanceJob(
        planning_date=DAY,
        start_time=at(start),
        end_time=at(end),
        license_number=license_number,
        description=what,
    )
    return handlers.plan_maintenance_job(command).job.job_id


def block(page, job_id):
    return page.locator(f'.block[data-job="{job_id}"]')


def drag_by(page, job_id, minutes: int, to=None) -> None:
    """Drags the job's block ``minutes`` along its track, or onto ``to``."""
    box = block(page, job_id).bounding_box()
    track = block(page, job_id).locator("xpath=..").bounding_box()
    x, y = box["x"] + 10, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    if to is None:
        dx = minutes * track["width"] / (10 * 60)
        page.mouse.move(x + dx, y, steps=12)
    else:
        target = to.bounding_box()
        tx, ty = target["x"] + target["width"] / 2, target["y"] + target["height"] / 2
        page.mouse.move(tx, ty, steps=12)
    page.mouse.up()


def stored(job_id) -> MaintenanceJob:
    return MaintenanceJob.objects.get(pk=job_id)


def test_dragging_a_job_to_another_time_reschedules_it(logged_in_page, vehicles):
    job_id = plan("08:00", "10:00", "12-AB-34")
    page = logged_in_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/workshop/{DAY}/")

    drag_by(page, job_id, 2 * 60 + 5)  # snaps to 15 minutes: 10:00

    message = page.locator("#timeline-message")
    message.wait_for()
    assert message.inner_text() == "The job is rescheduled to 10:00–12:00."
    assert block(page, job_id).locator(".tl-slot").inner_text() == "10:00–12:00"
    job = stored(job_id)
    assert (job.start_time, job.end_time) == (at("10:00"), at("12:00"))
    snapshot(page, "timeline")


def test_a_move_into_a_full_slot_is_refused_and_the_block_returns(
    logged_in_page, vehicles
):
    job_id = plan("08:00", "10:00", "12-AB-34")
    for license_number in LICENSES[1:]:
        plan("12:00", "14:00", license_number, "Service")
    page = logged_in_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/workshop/{DAY}/")

    drag_by(page, job_id, 4 * 60)

    message = page.locator("#timeline-message")
    message.wait_for()
    assert message.inner_text() == (
        "The workshop is fully booked at 12:00: all 3 workstations are taken."
    )
    page.wait_for_function(
        f"!document.querySelector('.block[data-job=\"{job_id}\"]').style.transform"
    )
    assert block(page, job_id).locator(".tl-slot").inner_text() == "08:00–10:00"
    assert stored(job_id).start_time == at("08:00")
    snapshot(page, "timeline-refused")


def test_dropping_a_job_on_a_day_of_the_week_moves_it_there(logged_in_page, vehicles):
    job_id = plan("09:00", "10:30", "12-AB-34")
    wednesday = DAY + timedelta(days=2)
    page = logged_in_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/workshop/{DAY}/")

    target = page.locator(f'.week-strip a[data-day="{wednesday}"]')
    drag_by(page, job_id, 0, to=target)

    page.locator("#timeline-message").wait_for()
    assert block(page, job_id).count() == 0  # gone from Monday
    job = stored(job_id)
    assert job.planning_date == wednesday
    assert (job.start_time, job.end_time) == (
        at("09:00", wednesday),
        at("10:30", wednesday),
    )


def test_a_job_is_rescheduled_with_the_keyboard_alone(logged_in_page, vehicles):
    job_id = plan("08:00", "10:00", "12-AB-34")
    page = logged_in_page
    page.goto(f"/workshop/{DAY}/")

    focus(page, f'.block[data-job="{job_id}"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/jobs/{job_id}/")
    focus(page, "#id_start_time")
    page.keyboard.type("1400")
    leave(page, "id_start_time")
    page.keyboard.type("1530")
    leave(page, "id_end_time")
    assert page.evaluate("document.activeElement.textContent") == "Reschedule"
    page.keyboard.press("Enter")

    page.get_by_text("The job is rescheduled.").wait_for()
    job = stored(job_id)
    assert (job.start_time, job.end_time) == (at("14:00"), at("15:30"))


def focus(page, selector: str, presses: int = 80) -> None:
    """Tabs through the page until ``selector`` has the focus."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def leave(page, element_id: str) -> None:
    """Tabs on until the focus leaves the field (a time field has a stop for
    each of its parts)."""
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") != element_id:
            return
    raise AssertionError(f"Tab never left #{element_id}")
