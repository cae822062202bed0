"""The mechanics' board on a 1024x768 tablet: a job checked in, started and
finished with two parts lines, from the board alone."""

from decimal import Decimal

import pytest

from apps.workshop import clock
from apps.workshop.models import MaintenanceJob

from .conftest import snapshot
from .test_timeline import DAY, plan, vehicles  # noqa: F401 (a fixture)


@pytest.fixture(autouse=True)
def today_is_the_day(monkeypatch, settings):
    monkeypatch.setattr(clock, "today", lambda: DAY)
    settings.WORKSTATIONS = ("Lift 1", "Lift 2", "Alignment")


def test_a_job_is_finished_with_two_parts_from_the_board(logged_in_page, vehicles):  # noqa: F811
    job_id = plan("08:00", "10:00", "12-AB-34", "Oil change")
    plan("09:00", "11:00", "23-BC-45", "Tyres")
    page = logged_in_page
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto("/workshop/board/")
    card = page.locator(f'article[data-job="{job_id}"]')

    card.get_by_label("Odometer (km)").fill("45210")
    card.get_by_role("button", name="Check in").click()
    page.get_by_text("12-AB-34: The vehicle is checked in.").wait_for()
    card.get_by_role("button", name="Start").click()
    page.get_by_text("12-AB-34: Work on the job has started.").wait_for()
    assert card.locator(".state").inner_text() == "In progress"
    snapshot(page, "board")
    # Readable on the tablet: no sideways scrolling, buttons big enough to tap.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    for button in page.locator("main button").all():
        box = button.bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= 1024, box

    card.get_by_role("button", name="Finish").click()
    page.get_by_label("Labour hours").fill("1.75")
    page.get_by_role("button", name="Add a part").click()
    rows = page.locator("#parts-lines tbody tr.part-row")
    assert rows.count() == 4
    rows.nth(0).locator("input[name$=description]").fill("Oil filter")
    rows.nth(0).locator("input[name$=quantity]").fill("1")
    rows.nth(0).locator("input[name$=unit_price]").fill("12.50")
    rows.nth(1).locator("input[name$=description]").fill("Wiper blade")
    rows.nth(1).get_by_role("button", name="Remove this part").click()
    rows.nth(3).locator("input[name$=description]").fill("Engine oil (l)")
    rows.nth(3).locator("input[name$=quantity]").fill("4.5")
    rows.nth(3).locator("input[name$=unit_price]").fill("9.95")
    snapshot(page, "board-finish")
    page.get_by_role("button", name="Finish the job").click()

    page.get_by_text("12-AB-34: the job is finished.").wait_for()
    assert card.locator(".state").inner_text() == "Finished"
    job = MaintenanceJob.objects.get(pk=job_id)
    assert (job.status, job.labour_hours, job.odometer_km) == (
        "Finished",
        Decimal("1.75"),
        45_210,
    )
    assert job.parts == [
        {"description": "Oil filter", "quantity": "1", "unit_price": "12.50"},
        {"description": "Engine oil (l)", "quantity": "4.5", "unit_price": "9.95"},
    ]
