"""The messages page and API (SPEC 14, 17): every e-mail sent to a customer."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.notifications.models import Message

pytestmark = pytest.mark.django_db


def make_message(kind: str = "ready_for_pickup", **fields) -> Message:
    return Message.objects.create(
        **{
            "kind": kind,
            "reference": str(uuid.uuid4()),
            "customer_id": uuid.uuid4(),
            "customer_name": "Ann Smith",
            "subject": f"A {kind} message",
            "email_address": "ann@example.com",
            "sent_at": timezone.now(),
            **fields,
        }
    )


def test_the_api_lists_messages_newest_first_in_the_shape_of_the_spec(api_client):
    older, newer = make_message("reminder"), make_message("service_due")

    response = api_client.get("/api/messages")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [item["subject"] for item in body["items"]] == [newer.subject, older.subject]
    [first, _] = body["items"]
    assert set(first) == {"kind", "customer_id", "email_address", "subject", "sent_at"}
    assert first["kind"] == "service_due"
    assert first["customer_id"] == str(newer.customer_id)
    assert first["email_address"] == "ann@example.com"


def test_the_api_filters_by_kind_and_customer(api_client):
    pickup = make_message("ready_for_pickup")
    make_message("reminder", customer_id=pickup.customer_id)
    make_message("ready_for_pickup")

    by_kind = api_client.get("/api/messages?kind=ready_for_pickup").json()
    by_customer = api_client.get(f"/api/messages?customer_id={pickup.customer_id}")
    both = api_client.get(
        f"/api/messages?kind=ready_for_pickup&customer_id={pickup.customer_id}"
    ).json()

    assert by_kind["count"] == 2
    assert {item["kind"] for item in by_kind["items"]} == {"ready_for_pickup"}
    assert by_customer.json()["count"] == 2
    assert [item["subject"] for item in both["items"]] == [pickup.subject]


def test_the_api_is_paginated(api_client):
    for _ in range(3):
        make_message()

    body = api_client.get("/api/messages?limit=2&offset=2").json()

    assert body["count"] == 3 and len(body["items"]) == 1


@pytest.mark.parametrize("query", ["kind=postcard", "customer_id=nope", "limit=-1"])
def test_bad_filters_are_a_422(api_client, query):
    response = api_client.get(f"/api/messages?{query}")

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_the_page_lists_messages_with_their_kind_linking_to_the_customer(logged_in):
    message = make_message("service_due", subject="Your car is due")

    page = logged_in.get("/messages/")

    assert page.status_code == 200
    assert "Your car is due" in page.text and "service due" in page.text
    assert f'href="/customers/{message.customer_id}/"' in page.text
    assert "Ann Smith" in page.text and "ann@example.com" in page.text


def test_the_page_filters_by_kind_and_by_customer(logged_in):
    pickup = make_message("ready_for_pickup", subject="Pickup!")
    make_message("reminder", subject="Remember!", customer_id=pickup.customer_id)
    make_message("service_due", subject="Due!")

    by_kind = logged_in.get("/messages/?kind=reminder").text
    by_customer = logged_in.get(f"/messages/?customer={pickup.customer_id}").text

    assert "Remember!" in by_kind and "Pickup!" not in by_kind
    assert "Due!" not in by_customer
    assert "Remember!" in by_customer and "Pickup!" in by_customer


def test_a_bad_filter_shows_a_form_error_and_everything(logged_in):
    make_message(subject="Pickup!")

    page = logged_in.get("/messages/?kind=postcard")

    assert page.status_code == 200
    assert "Select a valid choice" in page.text
    assert "Pickup!" in page.text


def test_the_page_says_so_when_there_are_none_and_is_paginated(logged_in):
    assert "No messages" in logged_in.get("/messages/").text
    for _ in range(30):
        make_message()

    assert "Page 1 of 2" in logged_in.get("/messages/").text


def test_the_page_takes_the_same_queries_for_many_messages(
    logged_in, django_assert_max_num_queries
):
    make_message()
    logged_in.get("/messages/")  # sessions, permissions: cached after this
    with CaptureQueriesContext(connection) as one:
        logged_in.get("/messages/")
    for _ in range(24):
        make_message()

    with django_assert_max_num_queries(len(one)):
        page = logged_in.get("/messages/")

    assert page.text.count("Ann Smith") == 25


def test_a_sent_reminder_is_in_the_messages(publish_reminder):
    reminder = publish_reminder()

    [message] = Message.objects.filter(kind="reminder")
    assert message.reference == str(reminder.pk)
    assert message.subject == "Vehicle maintenance reminder"
    assert message.email_address == "ann@example.com"
    assert message.sent_at == reminder.sent_at


@pytest.fixture
def publish_reminder(bus):
    from datetime import date

    from apps.notifications.models import Reminder
    from apps.timekeeping.events import DayHasPassed
    from garage.kernel import bus as kernel_bus

    from .factories import customer_registered, job_planned

    def publish_reminder():
        ann = customer_registered("Ann Smith")
        kernel_bus.publish(ann, job_planned(ann, date(2026, 3, 2)))
        bus.drain()
        kernel_bus.publish(DayHasPassed(date=date(2026, 3, 2)))
        bus.drain()
        return Reminder.objects.get()

    return publish_reminder


def test_the_admin_shows_messages_read_only(client, staff):
    message = make_message()
    client.force_login(staff)

    for url in [
        "/admin/notifications/message/",
        f"/admin/notifications/message/{message.pk}/change/",
        "/admin/notifications/vehicle/",
        "/admin/notifications/odometerreading/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="_save"' not in response.text
