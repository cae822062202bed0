"""The API of a job's day (SPEC 17): check in, start, wait for parts, finish
with labour and parts, reschedule; the job's history on its GET."""

from uuid import uuid4

import pytest

from apps.workshop.models import PlanningEvent
from garage.kernel.models import ApiToken
from garage.kernel.roles import FRONT_DESK, MECHANIC
from tests.conftest import member_of

from .test_api import BASE, plan, post

JOB = f"{BASE}/2030-05-06/jobs"


@pytest.fixture
def api(api_client, known_vehicle):
    return api_client


@pytest.fixture
def job(api):
    return plan(api).json()["job_id"]


def step(api, job_id, action, body, day="2030-05-06"):
    return post(api, f"{BASE}/{day}/jobs/{job_id}/{action}", body)


def check_in(api, job_id, km=45_000):
    return step(api, job_id, "check-in", {"odometer_km": km})


def start(api, job_id, bay="Bay 1"):
    return step(api, job_id, "start", {"workstation": bay, "mechanic": "Piet"})


def finish(api, job_id, **body):
    times = {
        "actual_start_time": "2030-05-06T08:00:00",
        "actual_end_time": "2030-05-06T09:45:00",
    }
    return step(api, job_id, "finish", times | body)


def test_checking_in_answers_the_job_checked_in(api, job):
    response = step(
        api, job, "check-in", {"odometer_km": 45_210, "at": "2030-05-06T07:50:00"}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["odometer_km"]) == ("Checked in", 45_210)


def test_checking_in_twice_is_409(api, job):
    check_in(api, job)

    response = check_in(api, job)

    assert response.status_code == 409
    assert response.json() == {
        "detail": "An already checked-in job cannot be checked in.",
        "code": "job_checked_in",
    }


def test_an_odometer_below_the_last_reading_is_409(api, job):
    check_in(api, job, 45_000)
    other = plan(
        api,
        "2030-05-07",
        start_time="2030-05-07T08:00:00",
        end_time="2030-05-07T09:00:00",
    ).json()["job_id"]

    response = step(api, other, "check-in", {"odometer_km": 44_999}, "2030-05-07")

    assert response.status_code == 409
    assert response.json()["code"] == "odometer_below_last_reading"
    assert "45,000 km" in response.json()["detail"]


@pytest.mark.parametrize("km", [-1, 12.5, "100", None, 10_000_000, True])
def test_an_odometer_that_is_no_whole_number_of_km_is_422(api, job, km):
    response = check_in(api, job, km)

    assert response.status_code == 422
    assert "odometer_km" in response.json()["errors"]


def test_starting_answers_the_bay_as_the_garage_spells_it(api, job):
    check_in(api, job)

    response = start(api, job, "bay 2")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["workstation"], body["mechanic"]) == (
        "In progress",
        "Bay 2",
        "Piet",
    )


@pytest.mark.parametrize(
    ("bay", "code"), [("Bay 9", "unknown_workstation"), ("Bay 1", "workstation_taken")]
)
def test_an_unknown_or_taken_bay_is_409(api, job, registered, bay, code):
    registered("34-CD-56")
    other = plan(api, license_number="34-CD-56").json()["job_id"]
    for job_id in (other, job):
        check_in(api, job_id, 10)
    start(api, other, "Bay 1")

    response = start(api, job, bay)

    assert (response.status_code, response.json()["code"]) == (409, code)


def test_starting_a_planned_job_is_409(api, job):
    response = start(api, job)

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "A planned job cannot be started: check the vehicle in first."
    )


def test_waiting_for_parts_answers_the_reason(api, job):
    check_in(api, job)
    start(api, job)

    response = step(api, job, "wait-for-parts", {"reason": "Pads on order"})

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["waiting_reason"], body["workstation"]) == (
        "Waiting for parts",
        "Pads on order",
        "",
    )
    assert step(api, job, "wait-for-parts", {"reason": " "}).status_code == 422


def test_finishing_with_labour_hours_and_parts(api, job):
    response = finish(
        api,
        job,
        labour_hours="1.5",
        parts=[
            {"description": "Brake pads", "quantity": 1, "unit_price": "45.50"},
            {"description": "Clip", "quantity": "2.5", "unit_price": "0.25"},
        ],
    )

    assert response.status_code == 200
    body = response.json()
    assert body["labour_hours"] == "1.50"
    assert body["parts"] == [
        {"description": "Brake pads", "quantity": "1", "unit_price": "45.50"},
        {"description": "Clip", "quantity": "2.5", "unit_price": "0.25"},
    ]


def test_finishing_without_labour_hours_takes_the_actual_duration(api, job):
    response = finish(api, job)

    assert (response.json()["labour_hours"], response.json()["parts"]) == ("1.75", [])


@pytest.mark.parametrize(
    "body",
    [
        {"labour_hours": -1},
        {"labour_hours": "1.255"},
        {"labour_hours": "NaN"},
        {"parts": [{"description": "Pad", "quantity": 0, "unit_price": 1}]},
        {"parts": [{"description": "Pad", "quantity": "0.125", "unit_price": 1}]},
        {"parts": [{"description": "Pad", "quantity": 1, "unit_price": "-0.01"}]},
        {"parts": [{"description": "Pad", "quantity": 1, "unit_price": 0.25}]},
        {"parts": [{"description": "Pad", "quantity": 1, "unit_price": True}]},
        {"parts": [{"description": "Pad", "quantity": "1e2", "unit_price": 1}]},
        {"labour_hours": 1000},
        {"parts": [{"description": " ", "quantity": 1, "unit_price": 1}]},
        {"parts": [{"description": "Pad", "quantity": 1}]},
        {"parts": [{"description": "Pad", "quantity": 1, "unit_price": 1}] * 51},
        {"parts": "Pads"},
    ],
)
def test_bad_labour_hours_or_parts_are_422(api, job, body):
    response = finish(api, job, **body)

    assert response.status_code == 422, response.content
    assert response.json()["errors"]


def test_rescheduling_within_the_day(api, job):
    response = step(
        api,
        job,
        "reschedule",
        {
            "planning_date": "2030-05-06",
            "start_time": "2030-05-06T13:00:00",
            "end_time": "2030-05-06T14:30:00",
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["job_id"], body["planning_date"]) == (job, "2030-05-06")
    assert body["start_time"] == "2030-05-06T13:00:00+02:00"


def test_rescheduling_to_another_day_answers_the_job_there(api, job):
    response = step(
        api,
        job,
        "reschedule",
        {
            "planning_date": "2030-05-08",
            "start_time": "2030-05-08T09:00:00",
            "end_time": "2030-05-08T11:00:00",
        },
    )

    assert response.status_code == 200
    assert (response.json()["job_id"], response.json()["planning_date"]) == (
        job,
        "2030-05-08",
    )
    assert api.get(f"{JOB}/{job}").status_code == 404
    moved = api.get(f"{BASE}/2030-05-08/jobs/{job}").json()
    assert [(s["event"], s["details"], s["by"]) for s in moved["history"]] == [
        ("Planned", "2030-05-06, 08:00–10:00", "employee"),
        ("Rescheduled", "from 2030-05-06 to 2030-05-08, 09:00–11:00", "employee"),
    ]
    assert api.get(f"{BASE}/2030-05-06").json()["jobs"] == []


@pytest.mark.parametrize(
    ("day", "code"),
    [("2030-04-30", "planning_in_past"), ("2030-05-07", "job_finished")],
)
def test_a_refused_reschedule_is_409(api, job, day, code):
    if code == "job_finished":
        finish(api, job)

    response = step(
        api,
        job,
        "reschedule",
        {
            "planning_date": day,
            "start_time": f"{day}T09:00:00",
            "end_time": f"{day}T10:00:00",
        },
    )

    assert (response.status_code, response.json()["code"]) == (409, code)


def test_the_jobs_history_says_each_step_when_and_by_whom(api, job):
    check_in(api, job, 100)
    start(api, job)
    finish(api, job, labour_hours=2)

    history = api.get(f"{JOB}/{job}").json()["history"]

    assert [(s["event"], s["details"], s["by"]) for s in history] == [
        ("Planned", "2030-05-06, 08:00–10:00", "employee"),
        ("Checked in", "odometer 100 km", "employee"),
        ("Work started", "in Bay 1 by Piet", "employee"),
        ("Finished", "08:00–09:45, 2.00 labour hours, 0 parts", "employee"),
    ]
    assert all(s["at"].endswith(("+01:00", "+02:00")) for s in history)


def test_a_bearer_tokens_user_is_recorded_as_who_did_it(api, job, user):
    check_in(api, job)

    stored = PlanningEvent.objects.get(event_type="WorkshopPlanning.JobCheckedIn")
    assert stored.metadata["user"] == {"id": user.pk, "username": "employee"}


@pytest.mark.parametrize(
    "action", ["check-in", "start", "wait-for-parts", "reschedule"]
)
def test_a_step_on_an_unknown_job_is_404(api, action):
    body = {
        "check-in": {"odometer_km": 1},
        "start": {"workstation": "Bay 1", "mechanic": "Piet"},
        "wait-for-parts": {"reason": "x"},
        "reschedule": {
            "planning_date": "2030-05-06",
            "start_time": "2030-05-06T09:00:00",
            "end_time": "2030-05-06T10:00:00",
        },
    }[action]

    response = step(api, uuid4(), action, body)

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize(
    ("role", "action", "body"),
    [
        (MECHANIC, "check-in", {"odometer_km": 1}),
        (MECHANIC, "reschedule", {}),
        (FRONT_DESK, "start", {"workstation": "Bay 1", "mechanic": "Piet"}),
        (FRONT_DESK, "wait-for-parts", {"reason": "x"}),
    ],
)
def test_each_step_needs_its_permission(
    client, django_user_model, job, role, action, body
):
    token = ApiToken.issue(member_of(role, django_user_model))
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    full = {
        "planning_date": "2030-05-07",
        "start_time": "2030-05-07T09:00:00",
        "end_time": "2030-05-07T10:00:00",
    }

    response = step(client, job, action, body or full)

    assert response.status_code == 403
    assert PlanningEvent.objects.count() == 2
