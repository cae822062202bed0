from datetime import date
from uuid import uuid4

import pytest

from apps.workshop import clock

from .conftest import DAY

BASE = "/api/workshop/plannings"
JOB = {
    "start_time": "2030-05-06T08:00:00",
    "end_time": "2030-05-06T10:00:00",
    "license_number": "12-ab-34",
    "description": "Oil change",
}


@pytest.fixture
def api(api_client, known_vehicle):
    return api_client


def post(client, path: str, body: dict):
    return client.post(path, body, content_type="application/json")


def plan(client, day: str = "2030-05-06", **changes):
    return post(client, f"{BASE}/{day}/jobs", {**JOB, **changes})


def test_a_day_without_jobs_has_an_empty_planning(api):
    response = api.get(f"{BASE}/2030-05-06")

    assert response.status_code == 200
    assert response.json() == {"date": "2030-05-06", "jobs": []}


def test_planning_a_job_answers_201_with_the_job(api, known_vehicle, owner):
    job_id = str(uuid4())

    response = plan(api, job_id=job_id)

    assert response.status_code == 201
    assert response.json() == {
        "job_id": job_id,
        "planning_date": "2030-05-06",
        "start_time": "2030-05-06T08:00:00+02:00",
        "end_time": "2030-05-06T10:00:00+02:00",
        "description": "Oil change",
        "status": "Planned",
        "customer": {
            "customer_id": str(owner.customer_id),
            "name": owner.name,
            "telephone_number": owner.telephone_number,
        },
        "vehicle": {
            "license_number": "12-AB-34",
            "brand": "Volkswagen",
            "type": "Golf",
        },
        "actual_start_time": None,
        "actual_end_time": None,
        "notes": "",
        "workstation": "",
        "mechanic": "",
        "odometer_km": None,
        "waiting_reason": "",
        "labour_hours": None,
        "parts": [],
        "cancel_reason": "",
    }


def test_the_planned_job_is_read_back_at_once(api):
    job = plan(api).json()

    planning = api.get(f"{BASE}/2030-05-06").json()
    single = api.get(f"{BASE}/2030-05-06/jobs/{job['job_id']}")

    assert planning["jobs"] == [job]
    assert single.status_code == 200
    body = single.json()
    history = body.pop("history")
    assert body == job
    assert [(step["event"], step["by"]) for step in history] == [
        ("Planned", "employee")
    ]


def test_times_with_an_offset_are_converted_to_the_garages_time(api):
    response = plan(
        api, start_time="2030-05-06T06:00:00Z", end_time="2030-05-06T09:30:00+01:00"
    )

    assert response.status_code == 201
    assert response.json()["start_time"] == "2030-05-06T08:00:00+02:00"
    assert response.json()["end_time"] == "2030-05-06T10:30:00+02:00"


def test_a_local_time_the_clocks_skip_is_422(api, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: date(2030, 3, 1))

    response = plan(
        api,
        "2030-03-31",
        start_time="2030-03-31T02:30:00",
        end_time="2030-03-31T04:00:00",
    )

    assert response.status_code == 422
    assert response.json()["errors"]["start_time"] == [
        "Value error, 2030-03-31 02:30 does not exist in the garage's time zone:"
        " the clocks go forward then."
    ]


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        ({"end_time": "2030-05-06T08:00:00"}, "The start time must be before the end"),
        (
            {"start_time": "2030-05-07T08:00:00", "end_time": "2030-05-07T09:00:00"},
            "must start and end on that date",
        ),
        ({"license_number": "99-ZZ-99"}, "Vehicle 99-ZZ-99 is not known"),
    ],
)
def test_rule_violations_are_409_with_the_rules_message(api, changes, detail):
    response = plan(api, **changes)

    assert response.status_code == 409
    assert detail in response.json()["detail"]
    assert response.json()["code"]


def test_planning_in_the_past_is_409(api):
    response = plan(
        api,
        "2030-04-30",
        start_time="2030-04-30T08:00:00",
        end_time="2030-04-30T10:00:00",
    )

    assert response.status_code == 409
    assert "in the past" in response.json()["detail"]


def test_a_full_workshop_is_409(api, registered):
    registered("11-AA-11", "22-BB-22", "33-CC-33")
    for license_number in ("11-AA-11", "22-BB-22", "33-CC-33"):
        assert plan(api, license_number=license_number).status_code == 201

    response = plan(api)

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "The workshop is fully booked at 08:00: all 3 workstations are taken."
    )
    assert response.json()["code"] == "workshop_full"


def test_an_overlapping_job_for_the_same_vehicle_is_409(api):
    plan(api)

    response = plan(
        api, license_number="12-AB-34", start_time="2030-05-06T09:00:00+02:00"
    )

    assert response.status_code == 409
    assert "already has a job" in response.json()["detail"]


def test_a_job_id_used_twice_is_409(api):
    job_id = str(uuid4())
    plan(api, job_id=job_id)

    response = plan(
        api,
        job_id=job_id,
        start_time="2030-05-06T11:00:00",
        end_time="2030-05-06T12:00:00",
    )

    assert response.status_code == 409


def test_a_job_id_used_on_another_day_is_409(api):
    job_id = str(uuid4())
    plan(api, job_id=job_id)

    response = plan(
        api,
        "2030-05-07",
        job_id=job_id,
        start_time="2030-05-07T08:00:00",
        end_time="2030-05-07T10:00:00",
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": f"A job with id {job_id} already exists on another planning.",
        "code": "duplicate_job_id",
    }
    assert api.get(f"{BASE}/2030-05-07").json()["jobs"] == []
    assert api.get(f"{BASE}/2030-05-06").json()["jobs"][0]["job_id"] == job_id


def test_a_job_retried_with_its_own_id_returns_the_job(api):
    job_id = str(uuid4())
    first = plan(api, job_id=job_id)

    retried = plan(api, job_id=job_id)

    assert (first.status_code, retried.status_code) == (201, 201)
    assert retried.json() == first.json()
    assert len(api.get(f"{BASE}/2030-05-06").json()["jobs"]) == 1


def test_a_job_id_reused_with_other_details_is_always_a_duplicate_job_id(api):
    job_id = str(uuid4())
    plan(api, job_id=job_id)
    overlapping = {"description": "Tyres"}  # the vehicle is busy then
    elsewhere = {
        "start_time": "2030-05-06T13:00:00",
        "end_time": "2030-05-06T14:00:00",
    }

    answers = [plan(api, job_id=job_id, **other) for other in (overlapping, elsewhere)]

    assert [a.status_code for a in answers] == [409, 409]
    assert {a.json()["code"] for a in answers} == {"duplicate_job_id"}
    assert len(api.get(f"{BASE}/2030-05-06").json()["jobs"]) == 1


def test_finishing_a_job(api):
    job = plan(api).json()
    path = f"{BASE}/2030-05-06/jobs/{job['job_id']}/finish"
    body = {
        "actual_start_time": "2030-05-06T08:15:00",
        "actual_end_time": "2030-05-06T10:30:00",
        "notes": "Replaced the oil filter",
    }

    response = post(api, path, body)

    assert response.status_code == 200
    finished = response.json()
    assert finished["status"] == "Finished"
    assert finished["actual_start_time"] == "2030-05-06T08:15:00+02:00"
    assert finished["actual_end_time"] == "2030-05-06T10:30:00+02:00"
    assert finished["notes"] == "Replaced the oil filter"
    single = api.get(f"{BASE}/2030-05-06/jobs/{job['job_id']}").json()
    assert single | {"history": []} == finished | {"history": []}

    again = post(api, path, body)
    assert again.status_code == 409
    assert again.json()["detail"] == "An already finished job cannot be finished."


def test_cancelling_a_job(api):
    job = plan(api).json()
    path = f"{BASE}/2030-05-06/jobs/{job['job_id']}/cancel"

    response = post(api, path, {"reason": "Customer is ill"})

    assert response.status_code == 200
    assert response.json()["status"] == "Cancelled"
    finish = post(
        api,
        f"{BASE}/2030-05-06/jobs/{job['job_id']}/finish",
        {
            "actual_start_time": "2030-05-06T08:00:00",
            "actual_end_time": "2030-05-06T09:00:00",
        },
    )
    assert finish.status_code == 409


@pytest.mark.parametrize("action", ["finish", "cancel", ""])
def test_an_unknown_job_is_404(api, action):
    path = f"{BASE}/2030-05-06/jobs/{uuid4()}/{action}".rstrip("/")
    body = {
        "finish": {
            "actual_start_time": "2030-05-06T08:00:00",
            "actual_end_time": "2030-05-06T09:00:00",
            "notes": "",
        },
        "cancel": {"reason": "x"},
        "": {},
    }[action]

    response = post(api, path, body) if action else api.get(path)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "path",
    [
        f"{BASE}/2030-02-30",
        f"{BASE}/tomorrow",
        f"{BASE}/2030-05-06/jobs/not-a-uuid",
        f"{BASE}/20300506x/jobs/{uuid4()}",
    ],
)
def test_malformed_dates_and_ids_in_the_path_are_422(api, path):
    response = api.get(path)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize(
    "changes",
    [
        {"start_time": "08:00"},
        {"start_time": "2030-05-06T25:00:00"},
        {"end_time": "not a time"},
        {"end_time": None},
        {"start_time": "0001-01-01T00:00:00+14:00"},
        {"end_time": "9999-12-31T23:00:00-12:00"},
        {"description": "   "},
        {"license_number": ""},
        {"job_id": "123"},
    ],
)
def test_malformed_bodies_are_422(api, changes):
    response = plan(api, **changes)

    assert response.status_code == 422, response.content
    assert response.json()["errors"]


def test_missing_fields_are_422(api):
    response = post(api, f"{BASE}/2030-05-06/jobs", {"description": "x"})

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {"start_time", "end_time", "license_number"} <= set(errors)


def test_a_blank_cancel_reason_is_422(api):
    job = plan(api).json()

    response = post(
        api, f"{BASE}/2030-05-06/jobs/{job['job_id']}/cancel", {"reason": " "}
    )

    assert response.status_code == 422


def test_the_api_needs_authentication(client, db):
    assert client.get(f"{BASE}/{DAY}").status_code == 401


@pytest.mark.parametrize(("day", "status"), [("0001-01-01", 409), ("9999-12-31", 201)])
def test_far_away_dates_never_answer_500(api, day, status):
    assert api.get(f"{BASE}/{day}").status_code == 200
    response = plan(api, day, start_time=f"{day}T08:00:00", end_time=f"{day}T10:00:00")
    assert response.status_code == status


@pytest.mark.parametrize("day", ["0", "20300506", "2030-W19-1", "2030-5-6", "tomorrow"])
def test_a_date_in_the_path_is_iso_or_422(api, day):
    response = api.get(f"{BASE}/{day}")

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_an_unknown_vehicle_says_it_may_be_on_its_way_and_when_to_retry(api):
    response = plan(api, license_number="99-ZZ-99")

    assert response.status_code == 409
    assert response.json()["code"] == "unknown_vehicle"
    assert "try again shortly" in response.json()["detail"]
    assert response["Retry-After"] == "5"


def test_planning_a_job_answers_without_reading_the_job_back(api):
    """The answer is the job as planned, the same as the read model's (see
    the two tests above), made from the command's outcome."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert plan(api).status_code == 201

    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and "workshop_maintenancejob" in q["sql"]
    ]
    assert reads == []
