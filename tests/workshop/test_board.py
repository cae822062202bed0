"""The mechanics' board (SPEC 12): today's jobs by bay, a button for each
step the job's status and the user's role allow, and finishing with parts."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.workshop import clock, handlers
from apps.workshop.commands import CheckInVehicle, RescheduleMaintenanceJob, StartWork
from apps.workshop.models import MaintenanceJob
from garage.kernel.roles import FRONT_DESK, MANAGER, MECHANIC
from tests.conftest import member_of

from .conftest import DAY, at, job_row, plan_command

BOARD = "/workshop/board/"


@pytest.fixture(autouse=True)
def today_is_the_day(monkeypatch, settings):
    """The board shows the garage's today: DAY, in these tests."""
    monkeypatch.setattr(clock, "today", lambda: DAY)
    settings.WORKSTATIONS = ("Lift 1", "Lift 2", "Alignment")


@pytest.fixture
def job_id(cached_vehicle):
    return handlers.plan_maintenance_job(plan_command()).job.job_id


def step_url(name: str, job_id) -> str:
    return reverse(f"workshop:{name}", kwargs={"day": DAY, "job_id": job_id})


def as_role(client, django_user_model, role):
    client.force_login(member_of(role, django_user_model))
    return client


def buttons(html: str) -> list[str]:
    html = html.split('<div class="board">')[1]
    return re.findall(r'<button type="submit"[^>]*>([^<]+)</button>', html) + (
        ["Finish"] if 'class="finish"' in html else []
    )


def bays(html: str) -> dict[str, list[str]]:
    sections = re.findall(r'<h2 id="bay-\d+">([^<]+)</h2>(.*?)</section>', html, re.S)
    return {
        name: re.findall(r'<strong class="license">([^<]+)</strong>', body)
        for name, body in sections
    }


def check_in(job_id):
    handlers.check_in_vehicle(
        CheckInVehicle(
            planning_date=DAY, job_id=job_id, odometer_km=1000, at=at("08:00")
        )
    )


def start(job_id, bay="Lift 2"):
    handlers.start_work(
        StartWork(
            planning_date=DAY,
            job_id=job_id,
            workstation=bay,
            mechanic="Kees",
            at=at("08:05"),
        )
    )


def test_the_board_shows_todays_jobs_by_bay(logged_in, db):
    job_row(license_number="11-AA-11", start_time=at("08:00"), end_time=at("12:00"))
    job_row(license_number="22-BB-22", status="In progress", workstation="Alignment")
    job_row(license_number="33-CC-33", start_time=at("13:00"), end_time=at("14:00"))
    job_row(DAY.replace(day=7), license_number="44-DD-44")  # tomorrow

    html = logged_in.get(BOARD).content.decode()

    assert bays(html) == {
        "Lift 1": ["11-AA-11", "33-CC-33"],
        "Lift 2": [],
        "Alignment": ["22-BB-22"],
    }
    assert "Nothing in this bay today." in html


@pytest.mark.parametrize(
    "role, planned, checked_in, in_progress",
    [
        (FRONT_DESK, ["Check in"], [], []),
        (MECHANIC, ["Finish"], ["Start", "Finish"], ["Waiting for parts", "Finish"]),
        (
            MANAGER,
            ["Check in", "Finish"],
            ["Start", "Finish"],
            ["Waiting for parts", "Finish"],
        ),
    ],
)
def test_each_job_offers_the_steps_its_status_and_the_role_allow(
    client, django_user_model, job_id, role, planned, checked_in, in_progress
):
    as_role(client, django_user_model, role)
    offered = [buttons(client.get(BOARD).content.decode())]
    check_in(job_id)
    offered.append(buttons(client.get(BOARD).content.decode()))
    start(job_id)
    offered.append(buttons(client.get(BOARD).content.decode()))

    assert offered == [planned, checked_in, in_progress]


def test_checking_in_from_the_board_goes_back_to_the_board(logged_in, job_id):
    response = logged_in.post(
        step_url("board_check_in", job_id), {"odometer_km": "45000", "at": "07:50"}
    )

    assert response.status_code == 302 and response.url == BOARD
    job = MaintenanceJob.objects.get(pk=job_id)
    assert (job.status, job.odometer_km) == ("Checked in", 45_000)


def test_a_step_on_a_job_rescheduled_to_another_day_is_not_taken(logged_in, job_id):
    next_day = DAY + timedelta(days=1)
    handlers.reschedule_maintenance_job(
        RescheduleMaintenanceJob(
            planning_date=DAY,
            job_id=job_id,
            new_planning_date=next_day,
            start_time=at("08:00", next_day),
            end_time=at("10:00", next_day),
        )
    )

    response = logged_in.post(
        step_url("board_check_in", job_id), {"odometer_km": "1000", "at": "08:00"}
    )

    assert MaintenanceJob.objects.get(pk=job_id).status == "Planned"
    assert response.context["day"] == next_day
    assert "nothing was recorded" in response.content.decode()


def test_start_is_offered_in_the_bay_the_job_is_shown_in(logged_in, job_id):
    check_in(job_id)

    html = logged_in.get(BOARD).content.decode()

    assert '<option value="Lift 1" selected>' in html


def test_starting_from_the_board_records_bay_and_mechanic(logged_in, job_id):
    check_in(job_id)

    logged_in.post(
        step_url("board_start", job_id),
        {"workstation": "Lift 2", "mechanic": "Kees", "at": "08:10"},
    )

    job = MaintenanceJob.objects.get(pk=job_id)
    assert (job.status, job.workstation, job.mechanic) == (
        "In progress",
        "Lift 2",
        "Kees",
    )


def test_a_refused_step_shows_the_board_with_the_rule_next_to_the_field(
    logged_in, job_id
):
    job_row(DAY.replace(day=2), license_number="12-AB-34", odometer_km=50_000)

    response = logged_in.post(
        step_url("board_check_in", job_id), {"odometer_km": "45000", "at": "07:42"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The odometer reads less than the last reading of 12-AB-34" in html
    assert 'value="07:42"' in html  # what was typed is kept
    assert MaintenanceJob.objects.get(pk=job_id).status == "Planned"


def test_waiting_for_parts_from_the_board(logged_in, job_id):
    check_in(job_id)
    start(job_id)

    logged_in.post(step_url("board_wait_for_parts", job_id), {"reason": "Brake discs"})

    job = MaintenanceJob.objects.get(pk=job_id)
    assert (job.status, job.waiting_reason) == ("Waiting for parts", "Brake discs")


def finish_data(**parts) -> dict[str, str]:
    data = {
        "actual_start_time": "08:00",
        "actual_end_time": "10:30",
        "notes": "",
        "labour_hours": "2.25",
        "parts-TOTAL_FORMS": "3",
        "parts-INITIAL_FORMS": "0",
        "parts-MIN_NUM_FORMS": "0",
        "parts-MAX_NUM_FORMS": "50",
    }
    return data | parts


def test_finishing_from_the_board_takes_labour_hours_and_parts(logged_in, job_id):
    form = logged_in.get(step_url("board_finish", job_id)).content.decode()
    assert (
        form.split("<template")[0].count('class="part-row"') == 3
    )  # empty rows, without JavaScript
    assert 'id="part-row-template"' in form and "workshop/parts.js" in form

    response = logged_in.post(
        step_url("board_finish", job_id),
        finish_data(
            **{
                "parts-0-description": "Oil filter",
                "parts-0-quantity": "1",
                "parts-0-unit_price": "12.50",
                "parts-2-description": "Engine oil (l)",
                "parts-2-quantity": "4.5",
                "parts-2-unit_price": "9.95",
            }
        ),
    )

    assert response.status_code == 302 and response.url == BOARD
    job = MaintenanceJob.objects.get(pk=job_id)
    assert (job.status, job.labour_hours) == ("Finished", Decimal("2.25"))
    assert [p["description"] for p in job.parts] == ["Oil filter", "Engine oil (l)"]


def test_the_finish_form_of_a_finished_job_leads_back_to_the_board(logged_in, job_id):
    logged_in.post(step_url("board_finish", job_id), finish_data(), follow=True)

    response = logged_in.get(step_url("board_finish", job_id), follow=True)

    assert response.redirect_chain == [(BOARD, 302)]
    assert [str(note) for note in response.context["messages"]] == [
        "An already finished job cannot be finished."
    ]


def test_a_wrong_part_line_is_shown_on_its_row(logged_in, job_id):
    response = logged_in.post(
        step_url("board_finish", job_id),
        finish_data(
            **{
                "parts-0-description": "Oil filter",
                "parts-0-quantity": "0",
                "parts-0-unit_price": "12.50",
            }
        ),
    )

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0.01." in response.text
    assert MaintenanceJob.objects.get(pk=job_id).status == "Planned"


def test_the_board_fits_a_tablet(logged_in, db):
    html = logged_in.get(BOARD).content.decode()

    assert "workshop/board.css" in html
    assert '<meta name="viewport" content="width=device-width' in html


@pytest.mark.parametrize("clock_at, noted", [("09:00", True), ("10:00", False)])
def test_the_boards_finish_form_notes_times_ahead_of_the_clock(
    logged_in, job_id, monkeypatch, clock_at, noted
):
    monkeypatch.setattr(clock, "now", lambda: at(clock_at))  # planned 08:00-10:00

    form = logged_in.get(step_url("board_finish", job_id)).text

    assert ('id="ahead-of-clock"' in form) is noted
