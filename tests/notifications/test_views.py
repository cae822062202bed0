import pytest

from .test_api import make_reminder

pytestmark = pytest.mark.django_db


def test_the_page_lists_sent_reminders_with_their_jobs(logged_in):
    make_reminder()

    page = logged_in.get("/reminders/")

    assert page.status_code == 200
    assert "Ann Smith" in page.text and "ann@example.com" in page.text
    assert "08:00 Job 0 [12-AB-34]" in page.text
    assert "10:00 Job 1 [12-AB-34]" in page.text


def test_says_so_when_there_are_none(logged_in):
    assert "No reminders have been sent yet." in logged_in.get("/reminders/").text


def test_the_page_is_paginated(logged_in):
    for _ in range(30):
        make_reminder(jobs=0)

    assert "Page 1 of 2" in logged_in.get("/reminders/").text


def test_the_admin_shows_reminders_read_only(client, staff):
    reminder = make_reminder()
    client.force_login(staff)

    for url in [
        "/admin/notifications/reminder/",
        f"/admin/notifications/reminder/{reminder.pk}/change/",
        "/admin/notifications/job/",
        "/admin/notifications/customer/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="_save"' not in response.text
