"""Unique test data, and the API calls a client makes to create it."""

import itertools
import random
import string
import uuid
from datetime import date, timedelta

import httpx

from .web import eventually

_days = itertools.count(30)
NOT_KNOWN_YET = {"unknown_vehicle", "unknown_owner"}


def customer_data() -> dict:
    tag = uuid.uuid4().hex[:10]
    return {
        "name": f"Outside {tag}",
        "address": "Main Street 1",
        "postal_code": "1234 AB",
        "city": "Amsterdam",
        "telephone_number": "+31 6 1234 5678",
        "email_address": f"outside.{tag}@example.com",
    }


def license_number() -> str:
    letters = "".join(random.choices(string.ascii_uppercase, k=3))
    return f"{random.randint(1, 999)}-{letters}-{random.randint(1, 999)}"


def job_day() -> date:
    """A day of its own for each test's jobs: no test fills another's slots."""
    return date.today() + timedelta(days=next(_days))


def register_customer(api: httpx.Client) -> dict:
    response = api.post("/api/customers", json=customer_data())
    assert response.status_code == 201, response.text
    return response.json()


def register_vehicle(api: httpx.Client, owner_id: str) -> dict:
    vehicle = {"license_number": license_number(), "brand": "Volvo", "type": "V70"}
    response = api.post("/api/vehicles", json={**vehicle, "owner_id": owner_id})
    assert response.status_code == 201, response.text
    return response.json()


def job_data(day: date, license: str, hours: tuple[int, int] = (10, 12)) -> dict:
    return {
        "start_time": f"{day}T{hours[0]:02}:00:00",
        "end_time": f"{day}T{hours[1]:02}:00:00",
        "license_number": license,
        "description": "Replace brake pads",
    }


def plan_job(api: httpx.Client, day: date, body: dict) -> httpx.Response:
    """POSTs the job; while the workshop has not yet learnt of a just registered
    vehicle (production mode: through the bus), it asks again."""

    def answered() -> httpx.Response | None:
        response = api.post(f"/api/workshop/plannings/{day}/jobs", json=body)
        not_yet = response.status_code == 409 and _code(response) in NOT_KNOWN_YET
        return None if not_yet else response

    return eventually(answered, f"the workshop knowing {body['license_number']}")


def planned_job(api: httpx.Client, day: date | None = None) -> dict:
    """A new customer's vehicle, planned on a day of its own."""
    day = day or job_day()
    customer = register_customer(api)
    vehicle = register_vehicle(api, customer["customer_id"])
    response = plan_job(api, day, job_data(day, vehicle["license_number"]))
    assert response.status_code == 201, response.text
    return response.json()


def _code(response: httpx.Response) -> str:
    try:
        return response.json().get("code", "")
    except ValueError:
        return ""
