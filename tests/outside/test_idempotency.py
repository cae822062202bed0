"""A retried POST over real HTTP does its work once: the API's
``Idempotency-Key`` and a page's one-time form token."""

import re
import uuid
from concurrent.futures import ThreadPoolExecutor

from .data import (
    customer_data,
    job_data,
    job_day,
    plan_job,
    register_customer,
    register_vehicle,
)
from .web import client, form_token

ONE_TIME = re.compile(r'name="form_token" value="([\w-]+)"')


def register(api, body: dict, key: str):
    return api.post("/api/customers", json=body, headers={"Idempotency-Key": key})


def registered(api, email_address: str) -> int:
    return api.get("/api/customers", params={"q": email_address}).json()["count"]


def test_a_retry_with_its_key_gets_the_first_answer_once(bearer):
    body, key = customer_data(), str(uuid.uuid4())

    first = register(bearer, body, key)
    retry = register(bearer, body, key)

    assert (first.status_code, retry.status_code) == (201, 201), retry.text
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert registered(bearer, body["email_address"]) == 1


def test_the_key_with_another_body_is_422(bearer):
    body, key = customer_data(), str(uuid.uuid4())
    register(bearer, body, key)

    response = register(bearer, {**body, "name": "Someone Else"}, key)

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert list(response.json()["errors"]) == ["Idempotency-Key"]


def test_concurrent_retries_register_one_customer(server, bearer):
    body, key = customer_data(), str(uuid.uuid4())
    auth = {"Authorization": f"Bearer {server.token}"}

    def send(_):
        with client(server, **auth) as api:
            return register(api, body, key)

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(send, range(4)))

    assert [a.status_code for a in answers] == [201] * 4
    assert len({a.json()["customer_id"] for a in answers}) == 1
    assert registered(bearer, body["email_address"]) == 1


def test_a_planned_job_retried_with_its_key_or_its_id_is_the_same_job(bearer):
    day = job_day()
    customer = register_customer(bearer)
    vehicle = register_vehicle(bearer, customer["customer_id"])
    body = {**job_data(day, vehicle["license_number"]), "job_id": str(uuid.uuid4())}
    first = plan_job(bearer, day, body)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    url = f"/api/workshop/plannings/{day}/jobs"

    by_id = bearer.post(url, json=body)
    by_key = [bearer.post(url, json=body, headers=key) for _ in range(2)]

    assert [r.status_code for r in (first, by_id, *by_key)] == [201] * 4
    assert by_id.json() == first.json() == by_key[1].json()
    assert len(bearer.get(f"/api/workshop/plannings/{day}").json()["jobs"]) == 1


def test_a_form_sent_twice_with_its_one_time_token_registers_once(employee, bearer):
    page = employee.get("/customers/register")
    data = {
        **customer_data(),
        "csrfmiddlewaretoken": form_token(page),
        "form_token": ONE_TIME.search(page.text).group(1),
    }

    first = employee.post("/customers/register", data=data)
    second = employee.post("/customers/register", data=data)
    shown = employee.get(second.headers["location"])

    assert (first.status_code, second.status_code) == (302, 302)
    assert second.headers["location"] == first.headers["location"]
    assert "This form had already been sent: it was done once." in shown.text
    assert registered(bearer, data["email_address"]) == 1
