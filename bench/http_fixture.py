"""What the HTTP benchmark's requests need, made through the running server:
a logged-in session, vehicles for each client to plan, a planning to show."""

from dataclasses import dataclass
from datetime import date, timedelta

import httpx

from tests.outside.data import job_data, plan_job
from tests.outside.server import ADMIN, ADMIN_PASSWORD, Server
from tests.outside.web import log_in, settle

VEHICLES_PER_CLIENT = 3  # one per workstation: a client's jobs never overlap


@dataclass
class Fixture:
    session: httpx.Client
    cookie: str
    csrf_token: str
    vehicles: list[list[str]]
    page_day: date


def prepare(server: Server, clients: int) -> Fixture:
    """Customers and vehicles through the API on a session (it takes writes
    with the CSRF header whatever becomes of bearer writes), then a planning
    of three jobs for the page."""
    session = httpx.Client(base_url=server.url, timeout=30)
    assert log_in(session, ADMIN, ADMIN_PASSWORD).status_code == 302
    token = session.cookies["csrftoken"]
    session.headers["X-CSRFToken"] = token
    vehicles = [_vehicles_of_a_customer(session, client) for client in range(clients)]
    settle(session)  # the workshop knows every vehicle
    page_day = date.today() + timedelta(days=5)
    for license in vehicles[0]:
        planned = plan_job(session, page_day, job_data(page_day, license, (8, 12)))
        assert planned.status_code == 201, planned.text
    cookie = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
    return Fixture(session, cookie, token, vehicles, page_day)


def _vehicles_of_a_customer(session: httpx.Client, client: int) -> list[str]:
    owner = session.post("/api/customers", json=customer(f"owner{client}"))
    assert owner.status_code == 201, owner.text
    licenses = [f"{client + 1}-BN-{n + 1}" for n in range(VEHICLES_PER_CLIENT)]
    for license in licenses:
        vehicle = {"license_number": license, "brand": "Kia", "type": "Niro"}
        vehicle["owner_id"] = owner.json()["customer_id"]
        response = session.post("/api/vehicles", json=vehicle)
        assert response.status_code == 201, response.text
    return licenses


def customer(tag: str) -> dict:
    return {
        "name": f"Bench {tag}",
        "address": "Dorpsstraat 1",
        "postal_code": "1234 AB",
        "city": "Utrecht",
        "telephone_number": "06-12345678",
        "email_address": f"{tag}@bench.example",
    }
