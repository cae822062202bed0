import uuid
from datetime import date

import pytest
from django.utils import timezone

from apps.notifications.models import Job, Reminder
from tests.notifications.factories import at

pytestmark = pytest.mark.django_db


def make_reminder(day: date = date(2026, 3, 2), jobs: int = 2, **fields) -> Reminder:
    reminder = Reminder.objects.create(
        **{
            "customer_id": uuid.uuid4(),
            "customer_name": "Ann Smith",
            "day": day,
            "email_address": "ann@example.com",
            "sent_at": timezone.now(),
            **fields,
        }
    )
    for n in range(jobs):
        Job.objects.create(
            job_id=uuid.uuid4(),
            customer_id=reminder.customer_id,
            customer_name=reminder.customer_name,
            start_time=at(day, f"{8 + 2 * n:02d}:00"),
            end_time=at(day, f"{9 + 2 * n:02d}:00"),
            description=f"Job {n}",
            license_number="12-AB-34",
            brand="Volkswagen",
            type="Golf",
            reminder=reminder,
        )
    return reminder


def test_lists_reminders_in_the_shape_of_the_spec(api_client):
    reminder = make_reminder()

    response = api_client.get("/api/reminders")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert set(item) == {"customer_id", "email_address", "day", "job_ids", "sent_at"}
    assert item["customer_id"] == str(reminder.customer_id)
    assert item["email_address"] == "ann@example.com"
    assert item["day"] == "2026-03-02"
    job_ids = reminder.jobs.order_by("start_time").values_list("job_id", flat=True)
    assert item["job_ids"] == [str(job_id) for job_id in job_ids]
    assert item["sent_at"].endswith(("+01:00", "+02:00"))


def test_newest_day_first_and_paginated(api_client):
    for day in range(1, 4):
        make_reminder(date(2026, 3, day), jobs=1)

    first = api_client.get("/api/reminders?limit=2").json()
    rest = api_client.get("/api/reminders?limit=2&offset=2").json()

    assert first["count"] == 3
    assert [item["day"] for item in first["items"]] == ["2026-03-03", "2026-03-02"]
    assert [item["day"] for item in rest["items"]] == ["2026-03-01"]


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "offset=-5", "offset=a"])
def test_bad_paging_is_422(api_client, query):
    response = api_client.get(f"/api/reminders?{query}")

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_reminders_need_authentication(client):
    assert client.get("/api/reminders").status_code == 401
