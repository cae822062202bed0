"""SPEC 13 through the real bus: a customer's details change and a vehicle
changes owner; every context's copy follows."""

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from apps.invoicing.models import Customer as InvoicingCustomer

from .test_day_passes import register_customer_and_vehicle


def plan(api, day, start: str = "14:00", end: str = "15:00"):
    response = api.post(
        f"/api/workshop/plannings/{day}/jobs",
        {
            "start_time": f"{day}T{start}:00",
            "end_time": f"{day}T{end}:00",
            "license_number": "12-AB-34",
            "description": "Oil change",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_a_reminder_after_an_e_mail_change_goes_to_the_new_address(bus, api_client):
    customer = register_customer_and_vehicle(api_client)
    bus.drain()
    day = timezone.localdate() + timedelta(days=1)
    plan(api_client, day)

    changed = api_client.patch(
        f"/api/customers/{customer['customer_id']}",
        {"email_address": "jane.doe@example.org", "city": "Utrecht"},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["email_address"] == "jane.doe@example.org"
    assert changed.json()["name"] == "Jane Doe"  # left out: kept
    bus.drain()
    call_command("day_has_passed", "--date", str(day))
    bus.drain()

    [reminder] = mail.outbox
    assert reminder.to == ["jane.doe@example.org"]
    copy = InvoicingCustomer.objects.get(customer_id=customer["customer_id"])
    assert (copy.city, copy.email_address) == ("Utrecht", "jane.doe@example.org")


def test_a_job_planned_after_a_transfer_belongs_to_the_new_owner(bus, api_client):
    jane = register_customer_and_vehicle(api_client)
    bob = api_client.post(
        "/api/customers",
        {
            "name": "Bob Smith",
            "address": "Side Street 2",
            "postal_code": "1234 AB",
            "city": "Amsterdam",
            "telephone_number": "+31 6 8765 4321",
            "email_address": "bob@example.com",
        },
        content_type="application/json",
    ).json()
    bus.drain()
    day = timezone.localdate() + timedelta(days=1)
    before = plan(api_client, day, "09:00", "10:00")

    moved = api_client.post(
        "/api/vehicles/12-ab-34/transfer",
        {"owner_id": bob["customer_id"]},
        content_type="application/json",
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["owner_id"] == bob["customer_id"]
    bus.drain()
    after = plan(api_client, day, "11:00", "12:00")
    bus.drain()  # the job reaches notifications before the day passes

    assert before["customer"]["customer_id"] == jane["customer_id"]  # kept
    assert after["customer"]["customer_id"] == bob["customer_id"]
    call_command("day_has_passed", "--date", str(day))
    bus.drain()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "bob@example.com",
        "jane@example.com",
    ]


def test_changes_arriving_late_or_twice_leave_the_latest(bus):
    """Copies apply a change only if it is newer than what they hold."""
    import uuid

    from apps.customers.events import CustomerDetailsChanged, CustomerRegistered
    from apps.notifications.models import Customer as NotificationsCustomer
    from garage.kernel import bus as kernel_bus

    customer_id = uuid.uuid4()
    details = {
        "customer_id": customer_id,
        "name": "Ann",
        "address": "A 1",
        "postal_code": "1234 AB",
        "city": "Amsterdam",
        "telephone_number": "+31 6 1111 1111",
        "email_address": "ann@example.com",
    }
    second = CustomerDetailsChanged(**details | {"email_address": "2@x.nl"}, version=2)
    first = CustomerDetailsChanged(**details | {"email_address": "1@x.nl"}, version=1)

    kernel_bus.publish(CustomerRegistered(**details))
    bus.drain()
    kernel_bus.publish(second)
    bus.drain()
    kernel_bus.publish(first)
    kernel_bus.publish(second)
    bus.drain()

    copy = NotificationsCustomer.objects.get(customer_id=customer_id)
    assert (copy.email_address, copy.version) == ("2@x.nl", 2)
    invoicing = InvoicingCustomer.objects.get(customer_id=customer_id)
    assert invoicing.email_address == "2@x.nl"
