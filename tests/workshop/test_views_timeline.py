"""The planning page's timeline and week strip, and the week view."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.workshop import clock
from garage.kernel.roles import FRONT_DESK, MECHANIC
from tests.conftest import member_of

from .conftest import DAY, TODAY, at, job_row
from .test_views import planning_url


@pytest.fixture(autouse=True)
def bays(settings):
    settings.WORKSTATIONS = ("Lift 1", "Lift 2", "Alignment")
    settings.WORKSHOP_HOURS = "08:00-18:00"


def lanes(html: str) -> dict[str, list[str]]:
    """Each lane's name and the license numbers of its blocks, in order."""
    found = re.findall(r'data-lane="([^"]+)"(.*?)</div>\s*</div>', html, re.S)
    return {
        name: re.findall(r'data-job="[^"]+".*?<strong>([^<]+)</strong>', body, re.S)
        for name, body in found
    }


def blocks(html: str) -> list[str]:
    return re.findall(r'<a class="block [^"]*"[^>]*>', html, re.S)


def day_of_jobs(count: int):
    for n in range(count):
        start = at("08:00") + timedelta(minutes=20 * (n // 3))
        job_row(
            start_time=start,
            end_time=start + timedelta(minutes=20),
            license_number=f"{n:02d}-XY-99",
            status=["Planned", "Checked in", "Finished"][n % 3],
        )


def test_the_planning_shows_a_lane_per_bay_with_the_jobs_as_blocks(logged_in, db):
    job_row(license_number="11-AA-11", start_time=at("09:00"), end_time=at("10:30"))
    job_row(
        license_number="22-BB-22",
        status="In progress",
        workstation="Alignment",
        mechanic="Kees",
    )
    job_row(license_number="33-CC-33", status="Cancelled")

    html = logged_in.get(planning_url()).content.decode()

    assert lanes(html) == {
        "Lift 1": ["11-AA-11"],
        "Lift 2": [],
        "Alignment": ["22-BB-22"],
    }
    planned, working = blocks(html)
    assert 'class="block status-planned"' in planned
    assert 'style="left:10.000%;width:15.000%"' in planned
    assert 'class="block status-in-progress"' in working
    assert "1 cancelled (in the table)" in html
    assert html.count('<tr class="') == 3  # the table stays, for every job


def test_the_strip_counts_bays_taken_per_half_hour(logged_in, db):
    job_row(start_time=at("08:00"), end_time=at("09:00"))
    job_row(start_time=at("08:30"), end_time=at("09:00"), license_number="1-A-1")

    html = logged_in.get(planning_url()).content.decode()

    assert 'aria-label="08:00–08:30: 1 of 3 bays taken"' in html
    assert 'aria-label="08:30–09:00: 2 of 3 bays taken"' in html
    assert 'aria-label="09:00–09:30: 0 of 3 bays taken"' in html


def test_planned_jobs_may_be_dragged_by_who_may_reschedule(
    client, django_user_model, db
):
    job_row(license_number="11-AA-11")
    job_row(license_number="22-BB-22", status="Checked in")
    client.force_login(member_of(FRONT_DESK, django_user_model))

    html = client.get(planning_url()).content.decode()

    movable = {"11-AA-11" in b: "data-movable" in b for b in blocks(html)}
    assert movable == {True: True, False: False}  # planned, checked in
    assert "workshop/timeline.js" in html
    assert f"/api/workshop/plannings/{DAY}/jobs/" in html  # where a drop posts


def test_a_mechanic_drags_nothing(client, django_user_model, db):
    job_row(license_number="11-AA-11")
    client.force_login(member_of(MECHANIC, django_user_model))

    html = client.get(planning_url()).content.decode()

    assert len(blocks(html)) == 1
    assert "data-movable" not in html and "timeline.js" not in html


def test_nothing_is_dragged_on_a_day_in_the_past(logged_in, db):
    past = TODAY - timedelta(days=1)
    job_row(past, start_time=at("08:00", past), end_time=at("09:00", past))

    html = logged_in.get(planning_url(past)).content.decode()

    assert len(blocks(html)) == 1 and "data-movable" not in html


def test_the_week_strip_links_each_day_with_its_figures(logged_in, db):
    job_row(DAY + timedelta(days=2), start_time=at("08:00", DAY + timedelta(days=2)))

    html = logged_in.get(planning_url()).content.decode()

    strip = html.split('class="week-strip"')[1].split("</nav>")[0]
    days = re.findall(r'data-day="([\d-]+)"', strip)
    assert days == [str(DAY + timedelta(days=n)) for n in range(7)]
    assert f'data-day="{DAY}" aria-current="date"' in strip
    assert "1 job · 28 h free" in strip and "0 jobs · 30 h free" in strip
    assert reverse("workshop:week", kwargs={"day": DAY}) in strip


def test_the_planning_renders_in_the_same_queries_for_any_number_of_jobs(
    logged_in, db, django_assert_max_num_queries
):
    day_of_jobs(3)
    logged_in.get(planning_url())
    with CaptureQueriesContext(connection) as few:
        logged_in.get(planning_url())
    day_of_jobs(60)

    with django_assert_max_num_queries(len(few)):
        html = logged_in.get(planning_url()).content.decode()

    assert len(blocks(html)) == 63


def test_the_week_view_shows_jobs_booked_and_free_bay_hours(logged_in, db):
    wednesday = DAY + timedelta(days=2)
    job_row(
        wednesday, start_time=at("08:00", wednesday), end_time=at("11:00", wednesday)
    )
    job_row(
        wednesday, start_time=at("08:00", wednesday), end_time=at("09:30", wednesday)
    )

    response = logged_in.get(reverse("workshop:week", kwargs={"day": wednesday}))

    html = response.content.decode()
    table = html.split('<table id="week"')[1]
    cells = [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in table.split("</tr>")[1:8]
    ]
    assert cells[0] == "Monday 6 May 0 0 30"
    assert cells[2] == "Wednesday 8 May 2 4.50 25.50"
    assert "open 08:00–18:00" in html
    assert reverse("workshop:week", kwargs={"day": DAY + timedelta(days=7)}) in html


def test_the_week_view_of_today_is_linked(logged_in, db):
    html = logged_in.get(reverse("workshop:week", kwargs={"day": DAY})).content
    assert reverse("workshop:week", kwargs={"day": clock.today()}).encode() in html


def test_what_a_job_says_is_shown_as_text(logged_in, db):
    job_row(description='<b onclick="x()">Brakes & "pads"</b>', workstation="<i>")

    html = logged_in.get(planning_url()).content.decode()

    assert "<b onclick" not in html and "<i>" not in html
    assert html.count("&lt;b onclick=&quot;x()&quot;&gt;Brakes &amp; &quot;pads") == 3
