"""Each class of API error, with the error shape of SPEC 9: 401, 404, 409, 422."""

import uuid

import pytest

from .data import customer_data, job_data, job_day, planned_job, register_customer


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    if code:
        assert body["code"] == code, body
    return body


@pytest.mark.parametrize("url", ["/api/customers", "/api/invoices", "/api/reminders"])
def test_reading_without_credentials_is_401(anonymous, url):
    assert_error(anonymous.get(url), 401, "not_authenticated")


def test_writing_without_credentials_is_401(anonymous):
    response = anonymous.post("/api/customers", json=customer_data())

    assert_error(response, 401, "not_authenticated")


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_unknown_token_is_401(anonymous, method):
    response = anonymous.request(
        method, "/api/customers", json=customer_data() if method == "POST" else None,
        headers={"Authorization": "Bearer not-a-token"},
    )  # fmt: skip

    assert_error(response, 401, "not_authenticated")


def test_unknown_things_are_404(bearer):
    unknown = uuid.uuid4()
    day = job_day()
    for url in (
        f"/api/customers/{unknown}",
        "/api/vehicles/999-ZZZ-999",
        "/api/invoices/1999-99999",
        f"/api/workshop/plannings/{day}/jobs/{unknown}",
    ):
        assert_error(bearer.get(url), 404)


def test_finishing_an_unknown_job_is_404(bearer):
    day = job_day()

    response = bearer.post(
        f"/api/workshop/plannings/{day}/jobs/{uuid.uuid4()}/finish",
        json={"actual_start_time": f"{day}T10:00", "actual_end_time": f"{day}T11:00"},
    )

    assert_error(response, 404)


def test_a_duplicate_license_number_is_409(bearer):
    job = planned_job(bearer)
    owner = register_customer(bearer)
    vehicle = {**job["vehicle"], "owner_id": owner["customer_id"]}

    assert_error(bearer.post("/api/vehicles", json=vehicle), 409)


def test_a_job_ending_before_it_starts_is_409(bearer):
    job = planned_job(bearer)
    day = job_day()
    body = job_data(day, job["vehicle"]["license_number"], hours=(12, 10))

    response = bearer.post(f"/api/workshop/plannings/{day}/jobs", json=body)

    assert_error(response, 409, "start_not_before_end")


def test_cancelling_a_finished_job_is_409(bearer):
    job = planned_job(bearer)
    day, url = job["planning_date"], f"/api/workshop/plannings/{job['planning_date']}"
    finish = {"actual_start_time": f"{day}T10:00", "actual_end_time": f"{day}T11:00"}
    finished = bearer.post(f"{url}/jobs/{job['job_id']}/finish", json=finish)

    response = bearer.post(f"{url}/jobs/{job['job_id']}/cancel", json={"reason": "x"})

    assert finished.status_code == 200, finished.text
    assert_error(response, 409)


def test_a_field_rule_broken_is_422_naming_the_field(bearer):
    response = bearer.post(
        "/api/customers", json={**customer_data(), "email_address": "no-at-sign"}
    )

    assert "email_address" in assert_error(response, 422)["errors"]


def test_a_missing_field_is_422(bearer):
    response = bearer.post("/api/customers", json={"name": "Only A Name"})

    assert_error(response, 422, "invalid")


def test_a_malformed_body_is_422(bearer):
    response = bearer.post(
        "/api/customers",
        content=b'{"name": ',
        headers={"Content-Type": "application/json"},
    )

    assert_error(response, 422)


@pytest.mark.parametrize(
    "url", ["/api/customers/not-a-uuid", "/api/workshop/plannings/2026-13-45"]
)
def test_a_malformed_path_is_422(bearer, url):
    assert_error(bearer.get(url), 422)
