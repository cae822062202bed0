"""The job's day on the job's page: the forms each role sees for each
status, the steps taken through them, and the job's history."""

import re
from datetime import timedelta

import pytest

from apps.workshop import handlers
from apps.workshop.commands import (
    CheckInVehicle,
    RescheduleMaintenanceJob,
    StartWork,
    WaitForParts,
)
from apps.workshop.domain import PlanningRuleError
from apps.workshop.forms import FinishJobForm
from apps.workshop.models import MaintenanceJob, PlanningEvent
from garage.kernel.roles import FRONT_DESK, MANAGER, MECHANIC
from tests.conftest import member_of

from .conftest import DAY, TODAY, at, plan_command
from .test_views import finish_form, job_url, planning_url, rows

NEXT_DAY = DAY + timedelta(days=1)
STEP_FORMS = {
    "check_in_job": "Check the vehicle in",
    "start_job": "Start work",
    "wait_for_parts": "Wait for parts",
    "reschedule_job": "Reschedule",
}


@pytest.fixture(autouse=True)
def bays(settings):
    settings.WORKSTATIONS = ("Lift 1", "Lift 2", "Alignment")


@pytest.fixture
def job_id(cached_vehicle):
    return handlers.plan_maintenance_job(plan_command()).job.job_id


def as_role(client, django_user_model, role):
    user = member_of(role, django_user_model)
    user.first_name, user.last_name = "Piet", "Bakker"
    user.save()
    client.force_login(user)
    return client


def offered(html: str) -> set[str]:
    """The steps the job's page offers: its forms and its Finish/Cancel links."""
    forms = {name for name, title in STEP_FORMS.items() if f"<h2>{title}</h2>" in html}
    links = {name for name in ("finish", "cancel") if f'/{name}"' in html}
    return forms | links


def check_in(job_id, km=45_000):
    handlers.check_in_vehicle(
        CheckInVehicle(planning_date=DAY, job_id=job_id, odometer_km=km, at=at("07:55"))
    )


def start(job_id, bay="Lift 1"):
    handlers.start_work(
        StartWork(
            planning_date=DAY,
            job_id=job_id,
            workstation=bay,
            mechanic="Kees",
            at=at("08:00"),
        )
    )


def when_and_who(step: str) -> str:
    """A history row with its time (which the test does not know) as " | "."""
    return re.sub(r" \w{3} \d{1,2} \w{3} \d{4} \d\d:\d\d ", " | ", step)


def history(html: str) -> list[str]:
    table = html.split('<table id="history">')[1].split("</table>")[0]
    return rows(table)


@pytest.mark.parametrize(
    ("role", "status", "steps"),
    [
        (MANAGER, "Planned", {"check_in_job", "reschedule_job", "finish", "cancel"}),
        (FRONT_DESK, "Planned", {"check_in_job", "reschedule_job", "cancel"}),
        (MECHANIC, "Planned", {"finish"}),
        (FRONT_DESK, "Checked in", {"cancel"}),
        (MECHANIC, "Checked in", {"start_job", "finish"}),
        (MECHANIC, "In progress", {"wait_for_parts", "finish"}),
        (FRONT_DESK, "In progress", set()),
        (MECHANIC, "Waiting for parts", {"start_job", "finish"}),
        (MANAGER, "Finished", set()),
    ],
)
def test_the_job_page_offers_the_steps_its_status_and_the_role_allow(
    client, django_user_model, job_id, role, status, steps
):
    if status != "Planned":
        check_in(job_id)
    if status in ("In progress", "Waiting for parts", "Finished"):
        start(job_id)
    if status == "Waiting for parts":
        handlers.wait_for_parts(
            WaitForParts(planning_date=DAY, job_id=job_id, reason="Pads")
        )
    if status == "Finished":
        client.force_login(member_of(MANAGER, django_user_model, "boss"))
        client.post(
            job_url(job_id, "finish_job"),
            finish_form(actual_start_time="08:00", actual_end_time="09:00"),
        )
    page = as_role(client, django_user_model, role)

    html = page.get(job_url(job_id)).content.decode()

    assert f'<dd id="status">{status}</dd>' in html
    assert offered(html) == steps


def test_checking_a_vehicle_in_shows_the_odometer_and_who_did_it(
    client, django_user_model, job_id
):
    page = as_role(client, django_user_model, FRONT_DESK)

    response = page.post(
        job_url(job_id, "check_in_job"),
        {"odometer_km": "45210", "at": "07:50"},
        follow=True,
        HTTP_X_REQUEST_ID="check-in-1",
    )

    assert response.redirect_chain == [(job_url(job_id), 302)]
    html = response.content.decode()
    assert '<dd id="status">Checked in</dd>' in html
    assert "07:50, odometer 45210 km" in html
    assert "The vehicle is checked in." in html
    assert (
        when_and_who(history(html)[-1]) == "Checked in odometer 45,210 km | front_desk"
    )
    stored = PlanningEvent.objects.get(event_type="WorkshopPlanning.JobCheckedIn")
    user = django_user_model.objects.get(username="front_desk")
    assert stored.metadata == {
        "command": "CheckInVehicle",
        "user": {"id": user.pk, "username": "front_desk"},
        "correlation_id": "check-in-1",  # the request's
        "causation_id": "check-in-1",
    }


def test_a_refused_check_in_shows_the_rule_on_its_field_and_keeps_the_input(
    logged_in, job_id, cached_vehicle
):
    other = handlers.plan_maintenance_job(
        plan_command(planning_date=NEXT_DAY)
    ).job.job_id
    handlers.check_in_vehicle(
        CheckInVehicle(
            planning_date=NEXT_DAY, job_id=other, odometer_km=50_000, at=at("08:00")
        )
    )

    response = logged_in.post(
        job_url(job_id, "check_in_job"), {"odometer_km": "49000", "at": "07:50"}
    )

    assert response.status_code == 200
    form = response.context["forms"]["check_in"]
    assert form.errors == {
        "odometer_km": [
            "The odometer reads less than the last reading of 12-AB-34: 50,000 km."
        ]
    }
    assert 'name="odometer_km" value="49000"' in response.content.decode()
    assert MaintenanceJob.objects.get(pk=job_id).status == "Planned"


def test_a_negative_odometer_is_a_form_error(logged_in, job_id):
    response = logged_in.post(
        job_url(job_id, "check_in_job"), {"odometer_km": "-1", "at": "07:50"}
    )

    assert "odometer_km" in response.context["forms"]["check_in"].errors


def test_starting_offers_the_garages_bays_and_shows_the_bay_on_the_planning(
    client, django_user_model, job_id
):
    check_in(job_id)
    page = as_role(client, django_user_model, MECHANIC)
    html = page.get(job_url(job_id)).content.decode()
    select = html.split('name="workstation"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]+)"', select) == [
        "Lift 1",
        "Lift 2",
        "Alignment",
    ]
    assert 'name="mechanic" value="Piet Bakker"' in html

    page.post(
        job_url(job_id, "start_job"),
        {"workstation": "Lift 2", "mechanic": "Piet Bakker", "at": "08:10"},
    )

    planning = page.get(planning_url()).content.decode()
    assert rows(planning) == [
        "In progress 08:00 10:00 Lift 2 Volkswagen Golf [12-AB-34] Oil change"
    ]
    assert '<tr class="in-progress">' in planning


def test_a_taken_bay_is_shown_next_to_the_bay(logged_in, job_id, cached_vehicle, owner):
    from apps.workshop import subscribers

    from .conftest import vehicle_registered

    subscribers.when_vehicle_registered_store_vehicle(
        vehicle_registered(owner, "34-CD-56")
    )
    busy = handlers.plan_maintenance_job(plan_command(license_number="34-CD-56"))
    check_in(busy.job.job_id)
    start(busy.job.job_id, "Lift 1")
    check_in(job_id, 1)

    response = logged_in.post(
        job_url(job_id, "start_job"),
        {"workstation": "Lift 1", "mechanic": "Kees", "at": "08:10"},
    )

    assert response.context["forms"]["start"].errors == {
        "workstation": ["Lift 1 is taken: 34-CD-56 (Oil change) is in progress there."]
    }


def test_waiting_for_parts_shows_the_reason_and_frees_the_bay(logged_in, job_id):
    check_in(job_id)
    start(job_id)

    response = logged_in.post(
        job_url(job_id, "wait_for_parts"), {"reason": "Brake pads"}, follow=True
    )

    html = response.content.decode()
    assert '<dd id="status">Waiting for parts</dd>' in html
    assert '<dd id="waiting">Brake pads</dd>' in html
    planning = logged_in.get(planning_url()).content.decode()
    assert rows(planning)[0].startswith("Waiting for parts 08:00 10:00 —")
    assert '<tr class="waiting-for-parts">' in planning


@pytest.mark.parametrize("step", ["wait_for_parts", "cancel_job"])
def test_a_reason_is_one_line_of_text_refused_next_to_its_field(
    logged_in, job_id, step
):
    # The command takes one line: a line break once answered 500.
    check_in(job_id)
    start(job_id)
    before = MaintenanceJob.objects.get(pk=job_id).status

    response = logged_in.post(job_url(job_id, step), {"reason": "Brake\npads"})

    assert response.status_code == 200
    assert "Enter printable text on one line" in response.content.decode()
    assert MaintenanceJob.objects.get(pk=job_id).status == before


def test_finishing_with_labour_hours_and_parts(logged_in, job_id):
    form = logged_in.get(job_url(job_id, "finish_job")).content.decode()
    assert (
        form.split("<template")[0].count('name="parts-') == 3 * 3 + 4
    )  # three rows, management
    assert "Labour hours</label>" in form and "Labour hours:" not in form

    response = logged_in.post(
        job_url(job_id, "finish_job"),
        finish_form(
            ("Brake pads", "1", "45.50"),
            ("Clip", "4", "0.25"),
            actual_start_time="08:00",
            actual_end_time="09:30",
            labour_hours="2",
        ),
        follow=True,
    )

    html = response.content.decode()
    assert '<dd id="status">Finished</dd>' in html
    assert '<dd id="labour-hours">2.00</dd>' in html
    parts = html.split('<table id="parts">')[1].split("</table>")[0]
    assert rows(parts) == ["Brake pads 1 45.50", "Clip 4 0.25"]
    assert offered(html) == set()


def test_labour_hours_left_empty_are_the_actual_duration(logged_in, job_id):
    response = logged_in.post(
        job_url(job_id, "finish_job"),
        finish_form(actual_start_time="08:00", actual_end_time="09:45"),
        follow=True,
    )

    assert '<dd id="labour-hours">1.75</dd>' in response.content.decode()


def test_a_bad_part_line_is_shown_on_its_row(logged_in, job_id):
    response = logged_in.post(
        job_url(job_id, "finish_job"),
        finish_form(
            ("Pads", "0", "45.50"),
            actual_start_time="08:00",
            actual_end_time="09:00",
        ),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.parts.errors[0]) == ["quantity"]
    assert MaintenanceJob.objects.get(pk=job_id).status == "Planned"


def test_a_refused_part_line_goes_to_the_row_it_came_from():
    form = FinishJobForm(
        finish_form(
            ("Pads", "1", "4"),
            ("", "", ""),
            ("Clip", "2", "1"),
            actual_start_time="08:00",
            actual_end_time="09:00",
        )
    )
    assert form.is_valid()

    form.add_command_error(
        PlanningRuleError("No such clip.", "invalid_quantity", "parts.1.quantity")
    )

    assert form.parts.forms[2].errors == {"quantity": ["No such clip."]}


def test_rescheduling_to_another_day_shows_the_job_there(logged_in, job_id):
    response = logged_in.post(
        job_url(job_id, "reschedule_job"),
        {"planning_date": str(NEXT_DAY), "start_time": "09:00", "end_time": "11:00"},
        follow=True,
    )

    assert response.redirect_chain == [(job_url(job_id, day=NEXT_DAY), 302)]
    html = response.content.decode()
    assert "09:00 &ndash; 11:00" in html
    assert [step.split(" 20")[0] for step in history(html)] == [
        "Planned",
        "Rescheduled from",
    ]
    assert "from 2030-05-06 to 2030-05-07, 09:00–11:00" in history(html)[1]
    assert "No jobs are planned" in logged_in.get(planning_url()).content.decode()
    assert len(rows(logged_in.get(planning_url(NEXT_DAY)).content.decode())) == 1
    assert logged_in.get(job_url(job_id)).url == job_url(job_id, day=NEXT_DAY)


def test_rescheduling_into_the_past_is_shown_on_the_date(logged_in, job_id):
    response = logged_in.post(
        job_url(job_id, "reschedule_job"),
        {
            "planning_date": str(TODAY - timedelta(days=1)),
            "start_time": "09:00",
            "end_time": "11:00",
        },
    )

    errors = response.context["forms"]["reschedule"].errors
    assert list(errors) == ["planning_date"]
    assert "is in the past" in errors["planning_date"][0]


def moved_to_next_day(job_id):
    handlers.reschedule_maintenance_job(
        RescheduleMaintenanceJob(
            planning_date=DAY,
            job_id=job_id,
            new_planning_date=NEXT_DAY,
            start_time=at("09:00", NEXT_DAY),
            end_time=at("11:00", NEXT_DAY),
        )
    )


@pytest.mark.parametrize("name", ["job_detail", "finish_job", "cancel_job"])
def test_a_rescheduled_job_s_page_on_the_day_it_left_leads_to_its_new_day(
    logged_in, job_id, name
):
    moved_to_next_day(job_id)

    response = logged_in.get(job_url(job_id, name), follow=True)

    assert response.redirect_chain == [(job_url(job_id, name, day=NEXT_DAY), 302)]
    assert "now on the planning of Tue 7 May 2030" in response.content.decode()


def test_a_step_sent_from_a_page_the_job_has_left_since_is_not_taken(logged_in, job_id):
    moved_to_next_day(job_id)

    response = logged_in.post(
        job_url(job_id, "check_in_job"), {"odometer_km": "100", "at": "08:55"}
    )

    assert response.status_code == 200
    assert MaintenanceJob.objects.get(pk=job_id).status == "Planned"
    assert response.context["day"] == NEXT_DAY  # its forms send there
    assert "nothing was recorded" in response.content.decode()


def test_opening_a_step_s_address_goes_to_the_job(logged_in, job_id):
    response = logged_in.get(job_url(job_id, "check_in_job"))

    assert (response.status_code, response.url) == (302, job_url(job_id))


def test_the_history_says_each_step_when_and_by_whom(client, django_user_model, job_id):
    page = as_role(client, django_user_model, MANAGER)
    page.post(job_url(job_id, "check_in_job"), {"odometer_km": "100", "at": "07:50"})
    page.post(
        job_url(job_id, "start_job"),
        {"workstation": "Lift 1", "mechanic": "Kees", "at": "08:00"},
    )

    html = page.get(job_url(job_id)).content.decode()

    steps = [when_and_who(step) for step in history(html)]
    assert steps == [
        "Planned 2030-05-06, 08:00–10:00 | system",
        "Checked in odometer 100 km | manager",
        "Work started in Lift 1 by Kees | manager",
    ]
