"""The week's figures (SPEC 12): jobs, booked hours and free bay-hours."""

from datetime import timedelta

from apps.workshop import week

from .conftest import DAY, at, job_row


def test_the_week_runs_monday_to_sunday():
    assert DAY.weekday() == 0
    for day in (DAY, DAY + timedelta(days=6)):
        assert week.week_of(day) == [DAY + timedelta(days=n) for n in range(7)]


def test_the_week_counts_jobs_booked_hours_and_free_bay_hours(db, settings):
    settings.WORKSHOP_HOURS = "08:00-18:00"
    tuesday = DAY + timedelta(days=1)
    job_row(DAY, start_time=at("08:00"), end_time=at("10:30"))
    job_row(DAY, start_time=at("13:00"), end_time=at("14:00"))
    job_row(DAY, status="Cancelled")
    job_row(tuesday, start_time=at("09:00", tuesday), end_time=at("09:15", tuesday))
    job_row(DAY - timedelta(days=1))  # the Sunday before: another week

    days = week.get_week(DAY + timedelta(days=3), bays=3)

    assert [(d.day, d.jobs, d.booked_hours, d.free_bay_hours) for d in days[:3]] == [
        (DAY, 2, 3.5, 26.5),
        (tuesday, 1, 0.25, 29.75),
        (DAY + timedelta(days=2), 0, 0.0, 30.0),
    ]
    assert len(days) == 7
