from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.timekeeping.events import DayHasPassed
from apps.timekeeping.models import BusinessDay
from garage.kernel.testing import published

pytestmark = pytest.mark.django_db


def test_shows_the_current_business_day_and_offers_the_next(logged_in):
    BusinessDay.objects.create(date=date(2026, 3, 2), passed_by="cron")

    page = logged_in.get("/timekeeping/")

    assert page.status_code == 200
    assert "Monday 2 March 2026" in page.text
    assert 'value="2026-03-03"' in page.text


def test_offers_today_when_no_day_has_passed(logged_in):
    page = logged_in.get("/timekeeping/")

    assert "No business day has passed yet." in page.text
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page.text


def test_an_employee_passes_a_day(logged_in):
    BusinessDay.objects.create(date=date(2026, 3, 2), passed_by="cron")

    asked = logged_in.post("/timekeeping/", {"day": "2026-03-04"})
    assert "Pass Wednesday 4 March 2026?" in asked.text
    assert "2 business days begin, in order" in asked.text
    assert published(DayHasPassed) == []
    response = logged_in.post(
        "/timekeeping/", {"day": "2026-03-04", "confirmed": "on"}, follow=True
    )

    assert [event.date for event in published(DayHasPassed)] == [
        date(2026, 3, 3),
        date(2026, 3, 4),
    ]
    assert "Tue 3 Mar 2026 and Wed 4 Mar 2026 began" in response.text
    assert BusinessDay.objects.get(date=date(2026, 3, 4)).passed_by == "employee"


def test_passing_a_day_again_says_it_has_already_passed(logged_in):
    BusinessDay.objects.create(date=date(2026, 3, 2), passed_by="cron")

    response = logged_in.post(
        "/timekeeping/", {"day": "2026-03-02", "confirmed": "on"}, follow=True
    )

    assert "Mon 2 Mar 2026 has already passed." in response.text
    assert published(DayHasPassed) == []


def test_an_earlier_day_is_refused_next_to_the_field_keeping_the_input(logged_in):
    BusinessDay.objects.create(date=date(2026, 3, 2), passed_by="cron")

    response = logged_in.post("/timekeeping/", {"day": "2026-02-01"})

    assert response.status_code == 200
    assert "is before the current business day 2026-03-02" in response.text
    assert 'value="2026-02-01"' in response.text
    assert published(DayHasPassed) == []


def test_a_malformed_day_is_shown_as_a_field_error(logged_in):
    response = logged_in.post("/timekeeping/", {"day": "someday"})

    assert response.status_code == 200
    assert "Enter a valid date." in response.text
    assert 'value="someday"' in response.text


def test_a_manager_passes_the_next_business_day_from_the_admin(client, staff):
    BusinessDay.objects.create(date=date(2026, 3, 2), passed_by="cron")
    client.force_login(staff)
    listing = client.get("/admin/timekeeping/businessday/").text
    assert "Pass the next business day (2026-03-03)" in listing

    confirm = client.get("/admin/timekeeping/businessday/pass-next-day/")
    assert "cannot be undone" in confirm.text
    assert published(DayHasPassed) == []
    response = client.post("/admin/timekeeping/businessday/pass-next-day/", follow=True)

    assert response.status_code == 200
    assert "Business day 2026-03-03 has begun" in response.text
    assert [event.date for event in published(DayHasPassed)] == [date(2026, 3, 3)]
    assert BusinessDay.objects.get(date=date(2026, 3, 3)).passed_by == "admin admin"


def test_staff_without_the_permission_cannot_pass_a_day_in_the_admin(
    client, django_user_model
):
    from django.contrib.auth.models import Permission

    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    clerk.user_permissions.add(
        Permission.objects.get(
            codename="view_businessday", content_type__app_label="timekeeping"
        )
    )
    client.force_login(clerk)

    listing = client.get("/admin/timekeeping/businessday/")
    refused = client.post("/admin/timekeeping/businessday/pass-next-day/")

    assert listing.status_code == 200
    assert "Pass the next business day" not in listing.text
    assert refused.status_code == 403
    assert published(DayHasPassed) == []


def test_the_admin_lists_business_days_read_only(client, staff):
    BusinessDay.objects.create(date=date(2026, 3, 2), passed_by="cron")
    client.force_login(staff)

    listing = client.get("/admin/timekeeping/businessday/")
    detail = client.get("/admin/timekeeping/businessday/2026-03-02/change/")

    assert listing.status_code == 200 and "cron" in listing.text
    assert detail.status_code == 200 and 'name="_save"' not in detail.text
    assert 'name="action"' not in listing.text  # no row actions
    assert client.get("/admin/timekeeping/businessday/add/").status_code == 403


def test_next_day_is_one_after_the_current(logged_in):
    current = timezone.localdate() - timedelta(days=5)
    BusinessDay.objects.create(date=current, passed_by="cron")

    page = logged_in.get("/timekeeping/")

    assert f'value="{current + timedelta(days=1):%Y-%m-%d}"' in page.text
