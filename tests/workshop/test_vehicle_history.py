"""A vehicle's history (SPEC 17): every job, newest first, with its status,
dates, odometer at check-in, notes and parts; a page and an API operation."""

import pytest

from .test_api import BASE, plan, post

HISTORY = "/api/workshop/vehicles/{}/history"


@pytest.fixture
def api(api_client, known_vehicle):
    return api_client


def step(api, day, job_id, action, body):
    return post(api, f"{BASE}/{day}/jobs/{job_id}/{action}", body)


def serviced(api, day, km, notes="Oil and filter changed", parts=()):
    job = plan(
        api,
        day,
        start_time=f"{day}T08:00:00",
        end_time=f"{day}T10:00:00",
        description=f"Service {day}",
    ).json()["job_id"]
    assert step(api, day, job, "check-in", {"odometer_km": km}).status_code == 200
    finished = step(
        api,
        day,
        job,
        "finish",
        {
            "actual_start_time": f"{day}T08:00:00",
            "actual_end_time": f"{day}T09:30:00",
            "notes": notes,
            "parts": list(parts),
        },
    )
    assert finished.status_code == 200, finished.content
    return job


OIL = {"description": "Oil filter", "quantity": "1", "unit_price": "12.50"}


def test_the_api_gives_every_job_newest_first_with_its_odometer(api):
    first = serviced(api, "2030-05-06", 40_000, parts=[OIL])
    second = serviced(api, "2030-06-10", 42_500, notes="Brakes checked")
    third = plan(
        api,
        "2030-07-01",
        start_time="2030-07-01T08:00:00",
        end_time="2030-07-01T09:00:00",
        description="Tyres",
    ).json()["job_id"]

    response = api.get(HISTORY.format("12-ab-34"))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [job["job_id"] for job in body["items"]] == [third, second, first]
    newest, middle, oldest = body["items"]
    assert (newest["status"], newest["odometer_km"]) == ("Planned", None)
    assert (middle["odometer_km"], middle["notes"]) == (42_500, "Brakes checked")
    assert oldest["status"] == "Finished" and oldest["odometer_km"] == 40_000
    assert oldest["parts"] == [
        {"description": "Oil filter", "quantity": "1", "unit_price": "12.50"}
    ]
    assert oldest["planning_date"] == "2030-05-06"
    assert oldest["actual_end_time"] == "2030-05-06T09:30:00+02:00"


def test_the_api_is_paginated(api):
    for day in ["2030-05-06", "2030-05-07", "2030-05-08"]:
        plan(api, day, start_time=f"{day}T08:00:00", end_time=f"{day}T09:00:00")

    body = api.get(HISTORY.format("12-AB-34") + "?limit=1&offset=1").json()

    assert body["count"] == 3
    assert [job["planning_date"] for job in body["items"]] == ["2030-05-07"]


def test_the_license_is_read_as_the_customers_api_reads_it(api, logged_in):
    job = plan(
        api, "2030-05-06", start_time="2030-05-06T08:00:00",
        end_time="2030-05-06T09:00:00",
    ).json()["job_id"]  # fmt: skip

    body = api.get(HISTORY.format("12ab34")).json()

    assert [item["job_id"] for item in body["items"]] == [job]
    page = logged_in.get("/workshop/vehicles/12ab34/history")
    assert page.status_code == 200 and "12-AB-34" in page.text


def test_a_known_vehicle_without_jobs_has_an_empty_history(api):
    body = api.get(HISTORY.format("12-AB-34")).json()

    assert body == {"items": [], "count": 0}


def test_an_unknown_vehicle_is_404(api):
    response = api.get(HISTORY.format("99-ZZ-99"))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_license_too_long_is_422(api):
    assert api.get(HISTORY.format("X" * 21)).status_code == 422


def test_the_page_shows_each_job_with_odometer_notes_and_parts(api, logged_in):
    serviced(api, "2030-05-06", 40_000, notes="Oil changed", parts=[OIL])
    serviced(api, "2030-06-10", 42_500, notes="Brakes checked")

    page = logged_in.get("/workshop/vehicles/12-ab-34/history")

    assert page.status_code == 200
    text = page.text
    assert "History of Volkswagen Golf [12-AB-34]" in text
    assert text.index("2030-06-10") < text.index("2030-05-06")
    assert "42500 km" in text and "40000 km" in text
    assert "Oil changed" in text and "Brakes checked" in text
    assert "1 × Oil filter" in text
    assert "Finished" in text and "1.50 h" in text
    assert "last odometer reading 42500 km" in text
    assert 'href="/workshop/2030-05-01/jobs/new?vehicle=12-AB-34"' in text


def test_the_page_of_an_unknown_vehicle_is_404(logged_in):
    assert logged_in.get("/workshop/vehicles/99-ZZ-99/history").status_code == 404
