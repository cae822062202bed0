"""The timeline's layout (SPEC 12): lanes per bay, hours across, the
half-hour occupancy strip and the week's figures."""

import os
import subprocess
import sys
from pathlib import Path
from uuid import uuid4

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.workshop import timeline
from apps.workshop.models import MaintenanceJob

from .conftest import DAY, at

BAYS = ("Lift 1", "Lift 2", "Alignment")


def job(start: str, end: str, status: str = "Planned", bay: str = "", **fields):
    return MaintenanceJob(
        job_id=uuid4(),
        planning_date=DAY,
        start_time=at(start),
        end_time=at(end),
        status=status,
        workstation=bay,
        description=fields.pop("description", f"{start}-{end}"),
        license_number=fields.pop("license_number", "12-AB-34"),
        **fields,
    )


def lanes_of(jobs, bays=BAYS) -> dict[str, list[str]]:
    built = timeline.build(DAY, jobs, bays)
    return {lane.name: [b.job.description for b in lane.blocks] for lane in built.lanes}


def test_jobs_are_laid_out_earliest_start_first_in_the_first_free_lane():
    jobs = [job("10:00", "11:00"), job("08:00", "11:00"), job("08:00", "09:00")]
    jobs += [job("09:00", "10:00")]

    assert lanes_of(jobs) == {
        "Lift 1": ["08:00-09:00", "09:00-10:00", "10:00-11:00"],
        "Lift 2": ["08:00-11:00"],
        "Alignment": [],
    }


def test_a_job_in_progress_sits_in_its_bay():
    jobs = [
        job("08:00", "10:00"),
        job("08:30", "09:30", "In progress", "alignment", description="working"),
        job("09:00", "12:00", "Waiting for parts", "Lift 1", description="waiting"),
    ]

    assert lanes_of(jobs) == {
        "Lift 1": ["08:00-10:00"],
        "Lift 2": ["waiting"],
        "Alignment": ["working"],
    }


def test_cancelled_jobs_take_no_lane_and_are_counted_apart():
    cancelled = job("08:00", "10:00", "Cancelled")

    built = timeline.build(DAY, [cancelled, job("08:00", "10:00")], BAYS)

    assert [len(lane.blocks) for lane in built.lanes] == [1, 0, 0]
    assert built.cancelled == [cancelled]


def test_a_job_that_fits_no_bay_gets_a_lane_of_its_own():
    jobs = [job("08:00", "10:00", description=f"job {n}") for n in range(3)]

    assert lanes_of(jobs, bays=("Bay 1", "Bay 2")) == {
        "Bay 1": ["job 0"],
        "Bay 2": ["job 1"],
        "More": ["job 2"],
    }


def test_blocks_are_placed_in_the_workshop_hours_as_percentages(settings):
    settings.WORKSHOP_HOURS = "08:00-18:00"

    built = timeline.build(DAY, [job("09:00", "09:30")], BAYS)

    assert (built.first, built.last) == (8 * 60, 18 * 60)
    assert built.lanes[0].blocks[0].style == "left:10.000%;width:5.000%"
    assert built.lanes[0].blocks[0].slot == "09:00–09:30"
    assert [label for _, label, _ in built.hours][:2] == ["08:00", "09:00"]
    assert len(built.hours) == 10


def test_the_frame_widens_to_whole_hours_to_fit_every_job(settings):
    settings.WORKSHOP_HOURS = "08:30-17:30"

    built = timeline.build(DAY, [job("06:45", "07:15"), job("17:00", "19:10")], BAYS)

    assert (timeline.clock(built.first), timeline.clock(built.last)) == (
        "06:00",
        "20:00",
    )


@pytest.mark.parametrize("hours", ["8-18", "18:00-08:00", "08:00-25:00", "", "x"])
def test_workshop_hours_must_be_a_span_of_the_day(settings, hours):
    settings.WORKSHOP_HOURS = hours

    with pytest.raises(ImproperlyConfigured, match="WORKSHOP_HOURS"):
        timeline.workshop_hours()


def test_the_strip_shows_how_many_bays_are_taken_per_half_hour(settings):
    settings.WORKSHOP_HOURS = "08:00-10:00"
    jobs = [
        job("08:00", "08:15"),
        job("08:15", "08:30"),  # one after the other: one bay
        job("08:30", "10:00"),
        job("08:45", "09:00"),
        job("09:00", "09:45"),
        job("09:30", "10:00", "Cancelled"),
    ]

    cells = timeline.build(DAY, jobs, BAYS).occupancy

    assert [(timeline.clock(c.start), c.taken) for c in cells] == [
        ("08:00", 1),
        ("08:30", 2),
        ("09:00", 2),
        ("09:30", 2),
    ]
    assert cells[1].label == "08:30–09:00: 2 of 3 bays taken"
    assert [c.level for c in timeline.build(DAY, [], BAYS).occupancy] == ["free"] * 4


def test_a_full_half_hour_is_marked_full(settings):
    settings.WORKSHOP_HOURS = "08:00-09:00"
    jobs = [job("08:00", "09:00") for _ in BAYS]

    cells = timeline.build(DAY, jobs, BAYS).occupancy

    assert [c.level for c in cells] == ["full", "full"]


def test_workshop_hours_are_checked_when_the_app_starts():
    program = "import django; django.setup()"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "garage.settings"}
    root = Path(__file__).resolve().parents[2]

    def start(hours: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", program],
            cwd=root,
            env={**env, "WORKSHOP_HOURS": hours},
            capture_output=True,
            text=True,
        )

    assert "ImproperlyConfigured: WORKSHOP_HOURS='8-18'" in start("8-18").stderr
    assert start("07:30-17:00").returncode == 0
