"""The whole story over HTTP: register a customer and a vehicle, plan a job,
let the day pass on the business-day page, see the reminder, finish the job,
let the next day pass, see the invoice. Written by an API client with a bearer
token, and by a logged-in employee's session (with its CSRF header)."""

import re
from collections.abc import Iterator
from datetime import date, timedelta

import httpx
import pytest

from .data import job_data, plan_job, register_customer, register_vehicle
from .web import client, eventually, post_form, settle

NEXT_DAY = re.compile(r'name="day" value="(\d{4}-\d{2}-\d{2})"')


@pytest.fixture(params=["bearer", "session"])
def writer(request, server, employee) -> Iterator[httpx.Client]:
    if request.param == "bearer":
        yield request.getfixturevalue("bearer")
        return
    headers = {"X-CSRFToken": employee.cookies["csrftoken"]}
    with client(server, **headers) as session:
        session.cookies = employee.cookies
        yield session


def next_business_day(employee: httpx.Client) -> date:
    page = employee.get("/timekeeping/")
    return date.fromisoformat(NEXT_DAY.search(page.text).group(1))


def pass_day(employee: httpx.Client, day: date) -> None:
    """Waits for the bus to settle, as a day passing after midnight finds it,
    then passes ``day`` through the business-day form, confirming it."""
    settle(employee)
    asked = post_form(employee, "/timekeeping/", {"day": str(day)})
    assert "Yes, pass the day" in asked.text
    response = post_form(
        employee, "/timekeeping/", {"day": str(day), "confirmed": "on"}
    )
    assert response.status_code == 302, response.text


def listed(api: httpx.Client, url: str, matches) -> dict | None:
    items = api.get(url, params={"limit": 500}).json()["items"]
    return next((item for item in items if matches(item)), None)


def test_planned_reminded_finished_invoiced(writer, employee):
    customer = register_customer(writer)
    vehicle = register_vehicle(writer, customer["customer_id"])
    day = next_business_day(employee)
    body = job_data(day, vehicle["license_number"], hours=(14, 16))
    planned = plan_job(writer, day, body)
    assert planned.status_code == 201, planned.text
    job_id = planned.json()["job_id"]

    pass_day(employee, day)
    reminder = eventually(
        lambda: listed(writer, "/api/reminders", lambda r: _sent(r, job_id)),
        "the reminder sent",
    )
    finished = writer.post(
        f"/api/workshop/plannings/{day}/jobs/{job_id}/finish",
        json={
            "actual_start_time": body["start_time"],
            "actual_end_time": body["end_time"],
        },
    )
    assert finished.status_code == 200, finished.text
    pass_day(employee, day + timedelta(days=1))
    invoice = eventually(
        lambda: listed(writer, "/api/invoices", lambda i: _invoices(i, job_id)),
        "the invoice sent",
    )

    assert (reminder["day"], reminder["customer_id"]) == (
        str(day),
        customer["customer_id"],
    )
    assert reminder["email_address"] == customer["email_address"]
    assert (invoice["customer_id"], invoice["subtotal"], invoice["total"]) == (
        customer["customer_id"],
        "37.00",
        "44.77",
    )
    assert invoice["invoice_date"] == str(day + timedelta(days=1))
    assert writer.get(f"/api/invoices/{invoice['number']}").json() == invoice
    paid_and_credited(writer, invoice["number"], day + timedelta(days=3))


def paid_and_credited(writer: httpx.Client, number: str, paid_on: date) -> None:
    """The invoice's PDF, a payment too large, a payment, a credit note."""
    pdf = writer.get(f"/api/invoices/{number}.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    payment = {"amount": "44.78", "paid_on": str(paid_on), "method": "card"}
    too_much = writer.post(f"/api/invoices/{number}/payments", json=payment)
    assert too_much.status_code == 409, too_much.text
    paid = writer.post(
        f"/api/invoices/{number}/payments", json=payment | {"amount": "44.77"}
    )
    assert paid.status_code == 201, paid.text
    assert writer.get(f"/api/invoices/{number}").json()["status"] == "Paid"
    note = writer.post(f"/api/invoices/{number}/credit", json={"reason": "Warranty"})
    assert note.status_code == 201, note.text
    assert (note.json()["credits"], note.json()["total"]) == (number, "-44.77")
    assert writer.get(f"/api/invoices/{number}").json()["status"] == "Credited"


def _sent(reminder: dict, job_id: str) -> bool:
    return job_id in reminder["job_ids"] and reminder["sent_at"] is not None


def _invoices(invoice: dict, job_id: str) -> bool:
    lines = [line["job_id"] for line in invoice["lines"]]
    return lines == [job_id] and invoice["sent_at"] is not None
