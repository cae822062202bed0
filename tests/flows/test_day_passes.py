"""The whole story through the real bus, in whichever mode the suite runs:
register -> plan -> the day passes (reminder) -> finish (ready for pickup) ->
the next day passes (invoice)."""

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone


def register_customer_and_vehicle(api) -> dict:
    customer = api.post(
        "/api/customers",
        {
            "name": "Jane Doe",
            "address": "Main Street 1",
            "postal_code": "1234 AB",
            "city": "Amsterdam",
            "telephone_number": "+31 6 1234 5678",
            "email_address": "jane@example.com",
        },
        content_type="application/json",
    )
    assert customer.status_code == 201, customer.content
    vehicle = api.post(
        "/api/vehicles",
        {
            "license_number": "12-ab-34",
            "brand": "Volkswagen",
            "type": "Golf",
            "owner_id": customer.json()["customer_id"],
        },
        content_type="application/json",
    )
    assert vehicle.status_code == 201, vehicle.content
    return customer.json()


def test_a_planned_job_is_reminded_then_finished_and_invoiced(bus, api_client):
    customer = register_customer_and_vehicle(api_client)
    bus.drain()  # the workshop learns the vehicle
    today = timezone.localdate()
    jobs = f"/api/workshop/plannings/{today}/jobs"

    planned = api_client.post(
        jobs,
        {
            "start_time": f"{today}T14:00:00",
            "end_time": f"{today}T16:00:00",
            "license_number": "12-AB-34",
            "description": "Replace brake pads",
        },
        content_type="application/json",
    )
    assert planned.status_code == 201, planned.content
    job_id = planned.json()["job_id"]
    bus.drain()

    call_command("day_has_passed", "--date", str(today))
    bus.drain()

    [reminder] = mail.outbox
    assert reminder.to == ["jane@example.com"]
    assert reminder.subject == "Vehicle maintenance reminder"
    assert "Jane Doe" in reminder.body
    assert "12-AB-34" in reminder.body and "Replace brake pads" in reminder.body
    assert "14:00" in reminder.body

    finished = api_client.post(
        f"{jobs}/{job_id}/finish",
        {
            "actual_start_time": f"{today}T14:00:00",
            "actual_end_time": f"{today}T16:00:00",
            "notes": "Pads and discs replaced",
        },
        content_type="application/json",
    )
    assert finished.status_code == 200, finished.content
    assert finished.json()["status"] == "Finished"
    bus.drain()

    pickup = mail.outbox[-1]
    assert pickup.to == ["jane@example.com"]
    assert pickup.subject == "Your Volkswagen Golf [12-AB-34] is ready for pickup"

    call_command("day_has_passed", "--date", str(today + timedelta(days=1)))
    bus.drain()

    invoices = api_client.get("/api/invoices").json()
    assert invoices["count"] == 1
    [invoice] = invoices["items"]
    assert invoice["customer_id"] == customer["customer_id"]
    assert (invoice["subtotal"], invoice["total"]) == ("37.00", "44.77")
    assert [line["job_id"] for line in invoice["lines"]] == [job_id]
    invoice_mail = mail.outbox[-1]
    assert invoice_mail.to == ["jane@example.com"]  # INVOICE_DELIVERY=customer
    assert invoice_mail.attachments[0][2] == "application/pdf"
    assert invoice_mail.subject == f"Pitstop Garage Invoice #{invoice['number']}"
    assert len(mail.outbox) == 3  # reminder, ready for pickup, invoice: once each
