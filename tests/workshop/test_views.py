import re
from datetime import date, timedelta
from uuid import uuid4

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.timekeeping.events import DayHasPassed
from apps.workshop import clock, handlers, subscribers
from apps.workshop.commands import CancelMaintenanceJob, FinishMaintenanceJob
from apps.workshop.models import MaintenanceJob, Vehicle
from garage.kernel import bus as kernel_bus

from .conftest import DAY, TODAY, at, job_row, plan_command


def planning_url(day=DAY) -> str:
    return reverse("workshop:planning", kwargs={"day": day})


def rows(html: str) -> list[str]:
    """The planning table's rows, as text, tags stripped."""
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in body.split("</tr>")
        if row.strip()
    ]


@pytest.fixture
def page(logged_in, known_vehicle):
    return logged_in


@pytest.fixture
def planned_jobs(bus, registered):
    """Three jobs on DAY, planned out of order; one finished, one cancelled."""
    registered("12-AB-34", "34-CD-56", "56-EF-78")
    late = handlers.plan_maintenance_job(plan_command("13:00", "15:00", "12-AB-34"))
    early = handlers.plan_maintenance_job(plan_command("08:00", "09:00", "34-CD-56"))
    middle = handlers.plan_maintenance_job(plan_command("10:30", "11:00", "56-EF-78"))
    handlers.finish_maintenance_job(
        FinishMaintenanceJob(
            planning_date=DAY,
            job_id=early.job.job_id,
            actual_start_time=at("08:00"),
            actual_end_time=at("09:10"),
            notes="Done",
        )
    )
    handlers.cancel_maintenance_job(
        CancelMaintenanceJob(planning_date=DAY, job_id=middle.job.job_id, reason="No")
    )
    bus.drain()
    return early.job, middle.job, late.job


def test_planning_lists_the_days_jobs_by_start_with_their_state(
    logged_in, planned_jobs
):
    response = logged_in.get(planning_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert rows(html) == [
        "Finished 08:00 09:00 — Volkswagen Golf [34-CD-56] Oil change",
        "Cancelled 10:30 11:00 — Volkswagen Golf [56-EF-78] Oil change",
        "Planned 13:00 15:00 — Volkswagen Golf [12-AB-34] Oil change",
    ]
    assert '<tr class="finished">' in html
    assert '<tr class="cancelled">' in html


def test_planning_links_to_the_days_around_it_and_to_today(logged_in):
    html = logged_in.get(planning_url()).content.decode()

    assert 'href="/workshop/2030-05-05/"' in html
    assert 'href="/workshop/2030-05-07/"' in html
    assert 'href="/workshop/"' in html
    assert 'type="date" name="date" value="2030-05-06"' in html


def test_the_date_picker_goes_to_the_chosen_day(logged_in):
    response = logged_in.get("/workshop/?date=2030-06-01")

    assert response.status_code == 302
    assert response.url == "/workshop/2030-06-01/"


def test_a_picked_non_date_shows_todays_planning_with_a_message(logged_in):
    response = logged_in.get("/workshop/?date=someday")

    assert response.status_code == 200
    assert response.context["day"] == TODAY
    assert "someday is not a date" in response.content.decode()


def test_the_workshop_home_is_todays_planning(logged_in):
    response = logged_in.get(reverse("workshop:planning_today"))

    assert response.context["day"] == TODAY
    assert "(today)" in response.content.decode()


def test_plan_job_is_offered_for_today_and_later_only(logged_in):
    today = logged_in.get(planning_url(TODAY)).content.decode()
    past = logged_in.get(planning_url(TODAY - timedelta(days=1)))

    assert "Plan a job" in today
    assert "Plan a job" not in past.content.decode()


def test_the_plan_form_warns_when_the_days_reminders_have_gone_out(logged_in, bus):
    with transaction.atomic():
        kernel_bus.publish(DayHasPassed(date=DAY))  # the business day runs ahead
    bus.drain()

    on_it = logged_in.get(reverse("workshop:plan_job", kwargs={"day": DAY})).text
    after_it = logged_in.get(
        reverse("workshop:plan_job", kwargs={"day": DAY + timedelta(days=1)})
    ).text

    assert (
        "The business day Mon 6 May 2030 has already begun, so a job planned on "
        "Mon 6 May 2030 gets no reminder e-mail." in on_it
    )
    assert 'id="no-reminder"' not in after_it


def test_the_plan_form_redirects_away_from_a_past_day(logged_in):
    response = logged_in.get(
        reverse("workshop:plan_job", kwargs={"day": TODAY - timedelta(days=1)}),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/workshop/2030-04-30/"
    assert "only be planned for today or later" in response.content.decode()


def test_the_plan_form_defaults_to_8_to_10_and_offers_the_cached_vehicles(page):
    html = page.get(reverse("workshop:plan_job", kwargs={"day": DAY})).content.decode()

    assert 'name="start_time" value="08:00"' in html
    assert 'name="end_time" value="10:00"' in html
    assert '<option value="12-AB-34">Volkswagen Golf [12-AB-34] · Ada Lovelace' in html


def test_planning_a_job_shows_it_on_the_planning(page):
    response = page.post(
        reverse("workshop:plan_job", kwargs={"day": DAY}),
        {
            "start_time": "09:00",
            "end_time": "11:30",
            "license_number": "12-AB-34",
            "description": "Winter tyres",
        },
        follow=True,
    )

    assert response.redirect_chain == [(planning_url(), 302)]
    assert rows(response.content.decode()) == [
        "Planned 09:00 11:30 — Volkswagen Golf [12-AB-34] Winter tyres"
    ]
    assert "The job is planned." in response.content.decode()


def test_a_time_the_clocks_skip_is_refused_on_its_field(page, monkeypatch):
    # The clocks go from 02:00 to 03:00 on 31 March 2030: 02:30 never shows.
    spring_forward = date(2030, 3, 31)
    monkeypatch.setattr(clock, "today", lambda: spring_forward)

    response = page.post(
        reverse("workshop:plan_job", kwargs={"day": spring_forward}),
        {
            "start_time": "02:30",
            "end_time": "04:00",
            "license_number": "12-AB-34",
            "description": "Night shift",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "start_time": [
            "02:30 does not exist on Sun 31 Mar 2030: the clocks go forward then."
        ]
    }
    assert not MaintenanceJob.objects.exists()


def test_the_plan_form_sent_twice_plans_one_job_and_shows_no_error(page):
    url = reverse("workshop:plan_job", kwargs={"day": DAY})
    token = re.search(r'name="form_token" value="([\w-]+)"', page.get(url).text)
    data = {
        "start_time": "09:00",
        "end_time": "11:30",
        "license_number": "12-AB-34",
        "description": "Winter tyres",
        "form_token": token.group(1),
    }
    page.post(url, data)

    again = page.post(url, data, follow=True)

    assert again.redirect_chain == [(planning_url(), 302)]
    assert len(rows(again.text)) == 1
    assert "This form had already been sent: it was done once." in again.text
    assert 'class="error"' not in again.text
    assert MaintenanceJob.objects.count() == 1


def test_a_refused_job_shows_the_rule_on_the_form_and_keeps_the_input(page):
    url = reverse("workshop:plan_job", kwargs={"day": DAY})
    form = {
        "start_time": "09:00",
        "end_time": "11:00",
        "license_number": "12-AB-34",
        "description": "Brakes",
    }
    page.post(url, form)

    response = page.post(url, {**form, "start_time": "10:00", "description": "Lamp"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "license_number": ["Vehicle 12-AB-34 already has a job from 09:00 to 11:00."]
    }
    html = response.content.decode()
    assert 'name="start_time" value="10:00"' in html
    assert ">\nLamp</textarea>" in html
    assert MaintenanceJob.objects.count() == 1


def test_start_after_end_is_shown_next_to_the_end_time(page):
    response = page.post(
        reverse("workshop:plan_job", kwargs={"day": DAY}),
        {
            "start_time": "11:00",
            "end_time": "10:00",
            "license_number": "12-AB-34",
            "description": "Brakes",
        },
    )

    assert response.context["form"].errors == {
        "end_time": ["The start time must be before the end time."]
    }


def test_missing_fields_are_shown_on_the_form(page):
    response = page.post(reverse("workshop:plan_job", kwargs={"day": DAY}), {})

    assert set(response.context["form"].errors) == {
        "start_time",
        "end_time",
        "license_number",
        "description",
    }


def test_job_details_show_everything_and_offer_finish_and_cancel(
    logged_in, planned_jobs
):
    early, middle, late = planned_jobs

    finished = logged_in.get(job_url(early.job_id)).content.decode()
    planned = logged_in.get(job_url(late.job_id)).content.decode()
    cancelled = logged_in.get(job_url(middle.job_id)).content.decode()

    assert "Finished" in finished and "09:10" in finished and "Done" in finished
    assert "Ada Lovelace" in finished and "+31 20 123 4567" in finished
    assert "Finish</a>" not in finished
    assert "Finish</a>" in planned and "Cancel the job</a>" in planned
    assert "Cancelled" in cancelled and "No" in cancelled


def finish_form(*parts: tuple[str, str, str], **fields: str) -> dict[str, str]:
    """The finish form as posted: its fields and the parts formset's rows."""
    data = {
        "parts-TOTAL_FORMS": str(max(3, len(parts))),
        "parts-INITIAL_FORMS": "0",
        "labour_hours": "",
        **fields,
    }
    for n, (description, quantity, unit_price) in enumerate(parts):
        data[f"parts-{n}-description"] = description
        data[f"parts-{n}-quantity"] = quantity
        data[f"parts-{n}-unit_price"] = unit_price
    return data


def job_url(job_id, name="job_detail", day=DAY) -> str:
    return reverse(f"workshop:{name}", kwargs={"day": day, "job_id": job_id})


def test_an_unknown_job_is_404(logged_in):
    assert logged_in.get(job_url(uuid4())).status_code == 404
    assert logged_in.get(job_url(uuid4(), "finish_job")).status_code == 404


def test_an_impossible_date_is_404(logged_in):
    assert logged_in.get("/workshop/2030-02-30/").status_code == 404


def test_the_finish_form_is_prefilled_with_the_planned_times(logged_in, planned_jobs):
    late = planned_jobs[2]

    html = logged_in.get(job_url(late.job_id, "finish_job")).content.decode()

    assert 'name="actual_start_time" value="13:00"' in html
    assert 'name="actual_end_time" value="15:00"' in html


@pytest.mark.parametrize(
    "clock_at, noted", [("14:59", True), ("15:00", False), ("18:00", False)]
)
def test_the_finish_form_notes_times_ahead_of_the_clock(
    logged_in, planned_jobs, monkeypatch, clock_at, noted
):
    late = planned_jobs[2]  # planned 13:00-15:00
    monkeypatch.setattr(clock, "now", lambda: at(clock_at))

    html = logged_in.get(job_url(late.job_id, "finish_job")).text

    assert ('id="ahead-of-clock"' in html) is noted
    if noted:
        assert "The actual end, Mon 6 May 2030 15:00, is still ahead" in html


def test_finishing_ahead_of_the_clock_is_noted_on_the_form_and_allowed(
    logged_in, planned_jobs, monkeypatch
):
    late = planned_jobs[2]
    monkeypatch.setattr(clock, "now", lambda: at("12:00"))
    url = job_url(late.job_id, "finish_job")

    refused = logged_in.post(
        url, finish_form(actual_start_time="13:00", actual_end_time="nonsense")
    )
    noted = logged_in.post(
        url,
        finish_form(
            actual_start_time="13:00", actual_end_time="16:00", notes="x" * 5000
        ),
    )
    finished = logged_in.post(
        url, finish_form(actual_start_time="13:00", actual_end_time="16:00")
    )

    assert 'id="ahead-of-clock"' not in refused.text  # no time to compare
    assert "Mon 6 May 2030 16:00, is still ahead" in noted.text
    assert finished.status_code == 302
    assert MaintenanceJob.objects.get(job_id=late.job_id).status == "Finished"


def test_finishing_a_job_shows_it_finished(logged_in, planned_jobs):
    late = planned_jobs[2]

    response = logged_in.post(
        job_url(late.job_id, "finish_job"),
        finish_form(
            actual_start_time="13:10", actual_end_time="15:20", notes="New brakes"
        ),
        follow=True,
    )

    assert response.redirect_chain == [(job_url(late.job_id), 302)]
    html = response.content.decode()
    assert '<dd id="status">Finished</dd>' in html
    assert "13:10" in html and "15:20" in html and "New brakes" in html


def test_a_refused_finish_keeps_the_input(logged_in, planned_jobs):
    early = planned_jobs[0]

    response = logged_in.post(
        job_url(early.job_id, "finish_job"),
        finish_form(actual_start_time="08:00", actual_end_time="09:00", notes="x"),
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "An already finished job cannot be finished."
    ]
    assert 'value="09:00"' in response.content.decode()


@pytest.mark.parametrize(
    "which, name, message",
    [
        (0, "finish_job", "An already finished job cannot be finished."),
        (1, "finish_job", "A cancelled job cannot be finished."),
        (0, "cancel_job", "A finished job cannot be cancelled."),
        (1, "cancel_job", "An already cancelled job cannot be cancelled."),
    ],
)
def test_a_form_for_a_step_the_job_s_status_does_not_allow_leads_to_the_job(
    logged_in, planned_jobs, which, name, message
):
    job = planned_jobs[which]

    response = logged_in.get(job_url(job.job_id, name), follow=True)

    assert response.redirect_chain == [(job_url(job.job_id), 302)]
    assert [str(note) for note in response.context["messages"]] == [message]


def test_cancelling_a_job_needs_a_reason_and_shows_it_cancelled(
    logged_in, planned_jobs
):
    late = planned_jobs[2]
    url = job_url(late.job_id, "cancel_job")

    assert "reason" in logged_in.post(url, {"reason": ""}).context["form"].errors
    response = logged_in.post(url, {"reason": "Car sold"}, follow=True)

    html = response.content.decode()
    assert '<dd id="status">Cancelled</dd>' in html
    assert "Car sold" in html


def test_the_history_says_what_happened_in_the_garages_words(logged_in, planned_jobs):
    html = logged_in.get(
        reverse("workshop:planning_history", kwargs={"day": DAY})
    ).content.decode()

    body = html.split("<tbody>")[1].split("</tbody>")[0]
    steps = [
        " | ".join(re.sub(r"<[^>]+>", "", cell).strip() for cell in row[:3])
        for row in (
            re.findall(r"<td>(.*?)</td>", tr, re.S) for tr in body.split("</tr>")
        )
        if row
    ]
    assert steps == [
        "Planning opened | — | with the day&#x27;s first job",
        "Planned | Volkswagen Golf [12-AB-34]: Oil change | 2030-05-06, 13:00–15:00",
        "Planned | Volkswagen Golf [34-CD-56]: Oil change | 2030-05-06, 08:00–09:00",
        "Planned | Volkswagen Golf [56-EF-78]: Oil change | 2030-05-06, 10:30–11:00",
        "Finished | Volkswagen Golf [34-CD-56]: Oil change"
        " | 08:00–09:10, 1.17 labour hours, 0 parts",
        "Cancelled | Volkswagen Golf [56-EF-78]: Oil change | No",
    ]
    assert "WorkshopPlanning" not in html and "{" not in body


def test_jobs_per_customer_and_per_vehicle(logged_in, planned_jobs, owner):
    customer = logged_in.get(
        reverse("workshop:customer_jobs", kwargs={"customer_id": owner.customer_id})
    ).content.decode()
    vehicle = logged_in.get(
        reverse("workshop:vehicle_jobs", kwargs={"license_number": "34-cd-56"})
    ).content.decode()

    assert "Jobs of Ada Lovelace" in customer
    assert customer.count("<tr class=") == 3
    assert "Jobs of Volkswagen Golf [34-CD-56]" in vehicle
    assert vehicle.count("<tr class=") == 1
    assert "Finished" in vehicle


def test_pages_need_a_logged_in_employee(client, db):
    response = client.get(planning_url())

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["planning", "home"])
def test_pages_with_jobs_take_a_constant_number_of_queries(logged_in, url):
    address = planning_url(TODAY) if url == "planning" else "/"
    counts = []
    for _ in range(2):
        for _ in range(5):
            job_row(planning_date=TODAY)
        with CaptureQueriesContext(connection) as queries:
            assert logged_in.get(address).status_code == 200
        counts.append(len(queries))

    assert MaintenanceJob.objects.count() == 10
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_home_shows_todays_jobs_with_a_link_to_the_planning(logged_in):
    job_row(planning_date=TODAY, description="Check the lights")

    html = logged_in.get("/").content.decode()

    assert "Today in the workshop" in html
    assert "Check the lights" in html
    assert 'href="/workshop/2030-05-01/"' in html


@pytest.mark.django_db
def test_the_plan_form_says_when_no_vehicle_is_known_yet(logged_in):
    html = logged_in.get(reverse("workshop:plan_job", kwargs={"day": DAY}))

    assert "The workshop knows no vehicles yet" in html.content.decode()


def cache_fleet(owner, count: int, first: int = 0) -> None:
    subscribers.when_customer_registered_store_customer(owner)
    Vehicle.objects.bulk_create(
        Vehicle(
            license_number=f"{n % 100:02d}-XY-{n // 100:02d}",
            brand="Volvo" if n % 2 else "Fiat",
            type="V70",
            owner_id=owner.customer_id,
        )
        for n in range(first, first + count)
    )


def plan_form(client, **query) -> str:
    url = reverse("workshop:plan_job", kwargs={"day": DAY})
    return client.get(url, query).content.decode()


def offered(html: str) -> list[str]:
    select = html.split('name="license_number"')[1].split("</select>")[0]
    return [v for v in re.findall(r'value="([^"]*)"', select) if v]


@pytest.mark.django_db
def test_the_vehicle_picker_searches_and_offers_at_most_50(logged_in, owner):
    cache_fleet(owner, 120)

    assert len(offered(plan_form(logged_in))) == 50
    volvos = offered(plan_form(logged_in, vehicle_q="volvo"))
    assert len(volvos) == 50
    assert all(int(v[:2]) % 2 for v in volvos)
    assert offered(plan_form(logged_in, vehicle_q="05-xy")) == ["05-XY-00", "05-XY-01"]
    assert offered(plan_form(logged_in, vehicle_q="ada")) != []  # the owner's name


@pytest.mark.django_db
def test_the_vehicle_picker_keeps_the_chosen_vehicle_outside_the_search(
    logged_in, owner
):
    cache_fleet(owner, 60)

    html = plan_form(logged_in, vehicle="59-xy-00")

    assert "59-XY-00" in offered(html)
    assert re.search(r'<option value="59-XY-00"[^>]*selected', html)


@pytest.mark.django_db
def test_the_plan_form_takes_a_constant_number_of_queries_whatever_the_fleet(
    logged_in, owner
):
    counts = []
    for first in (0, 10, 200):
        cache_fleet(owner, 10 if first < 200 else 300, first)
        with CaptureQueriesContext(connection) as queries:
            plan_form(logged_in)
        counts.append(len(queries))

    assert Vehicle.objects.count() == 320
    assert counts[0] == counts[1] == counts[2]
