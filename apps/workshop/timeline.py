"""The planning page's timeline and the week's figures (SPEC 12).

Layout only: it takes the read model's rows of a day and decides where each
job's block goes: a lane per bay, hours across. A job in progress sits in its
bay; the others are laid out by interval partitioning (earliest start first,
first free lane), which always fits when the capacity rule holds. A strip
shows per half hour how many bays are taken.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from html import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .models import MaintenanceJob

Status = MaintenanceJob.Status
DAY_MINUTES = 24 * 60
SNAP_MINUTES = 15


# What the planning page shows of a job: its other columns (parts, notes, the
# customer, ...) are left in the database, and 300 rows load in half the time.
OVERVIEW = [
    "job_id",
    "planning_date",
    "start_time",
    "end_time",
    "description",
    "status",
    "license_number",
    "brand",
    "type",
    "workstation",
]


def get_day(day: date) -> list[MaintenanceJob]:
    """The day's jobs, by start time, with the fields the planning page shows
    (any other is loaded when asked for, one query per job: don't)."""
    rows = MaintenanceJob.objects.filter(planning_date=day).only(*OVERVIEW)
    return list(rows.order_by("start_time", "job_id"))


def workshop_hours() -> tuple[int, int]:
    """``WORKSHOP_HOURS`` ("08:00-18:00") as minutes since midnight."""
    value = settings.WORKSHOP_HOURS
    try:
        first, last = (_minutes(part) for part in value.split("-"))
    except ValueError:
        first = last = 0
    if not 0 <= first < last <= DAY_MINUTES:
        raise ImproperlyConfigured(
            f"WORKSHOP_HOURS={value!r}: give the workshop's hours as HH:MM-HH:MM, "
            "e.g. 08:00-18:00."
        )
    return first, last


def _minutes(hh_mm: str) -> int:
    hours, minutes = hh_mm.strip().split(":")
    if not (hours.isdigit() and minutes.isdigit() and int(minutes) < 60):
        raise ValueError(hh_mm)
    return int(hours) * 60 + int(minutes)


def minute_of_day(moment: datetime, day: date, zone: tzinfo | None = None) -> int:
    """Minutes since the start of ``day`` in the garage's time zone (24:00 for
    a job that ends at midnight)."""
    local = moment.astimezone(zone or timezone.get_current_timezone())
    return (local.date() - day).days * DAY_MINUTES + local.hour * 60 + local.minute


def css_class(status: str) -> str:
    """ "Waiting for parts" -> "waiting-for-parts", as Django's slugify has it."""
    return status.lower().replace(" ", "-")


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass
class Block:
    """A job on the timeline: its slot in minutes of the day and its place
    in the frame, as percentages."""

    job: MaintenanceJob
    start: int
    end: int
    style: str = ""
    href: str = ""
    draggable: bool = False

    def html(self) -> SafeString:
        """The block as a link to the job. Written here rather than in the
        template, and escaped with the standard library's ``escape``: a day
        of 300 jobs then renders in a fraction of the time."""
        job, slot = self.job, self.slot
        moves = ' data-movable="true"' if self.draggable else ""
        title = f"{slot} {job.status}: {job.vehicle_label}, {_cut(job.description, 80)}"
        desc = f"{job.brand} {job.type} · {_cut(job.description, 60)}"
        return mark_safe(
            f'<a class="block {self.status_class}" style="{self.style}" '
            f'href="{escape(self.href)}" data-job="{job.job_id}" '
            f'data-start="{self.start}" data-end="{self.end}"{moves} '
            f'title="{escape(title)}"><strong>{escape(job.license_number)}</strong> '
            f'<span class="tl-slot">{slot}</span>'
            f'<span class="tl-desc">{escape(desc)}</span></a>'
        )

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end

    @property
    def slot(self) -> str:
        return f"{clock(self.start)}–{clock(self.end)}"

    @property
    def status_class(self) -> str:
        return "status-" + css_class(self.job.status)

    @property
    def movable(self) -> bool:
        return self.job.status == Status.PLANNED


@dataclass
class Lane:
    name: str
    blocks: list[Block] = field(default_factory=list)
    pinned: list[Block] = field(default_factory=list)
    free_from: int = 0  # the end of its last block laid out (not pinned)

    def pin(self, block: Block) -> None:
        self.blocks.append(block)
        self.pinned.append(block)

    def is_free(self, block: Block) -> bool:
        return self.free_from <= block.start and not any(
            other.overlaps(block.start, block.end) for other in self.pinned
        )

    def add(self, block: Block) -> None:
        self.blocks.append(block)
        self.free_from = block.end


@dataclass(frozen=True)
class Cell:
    """A half hour of the occupancy strip: how many bays are taken then."""

    start: int
    taken: int
    bays: int
    style: str

    @property
    def label(self) -> str:
        slot = f"{clock(self.start)}–{clock(self.start + 30)}"
        return f"{slot}: {self.taken} of {self.bays} bays taken"

    @property
    def level(self) -> str:
        if self.taken == 0:
            return "free"
        return "full" if self.taken >= self.bays else "busy"


@dataclass(frozen=True)
class Timeline:
    first: int
    last: int
    lanes: list[Lane]
    occupancy: list[Cell]
    hours: list[tuple[int, str, str]]  # (minute, "08:00", style)
    cancelled: list[MaintenanceJob]
    snap: int = SNAP_MINUTES

    @property
    def hour_width(self) -> str:
        """An hour's share of the frame, for the hour lines (CSS)."""
        return f"{6000 / (self.last - self.first):.3f}%"


def build(
    day: date,
    jobs: Sequence[MaintenanceJob],
    bays: Sequence[str],
    jobs_url: str = "",
    may_move: bool = False,
) -> Timeline:
    """The day's timeline: ``jobs`` are the read model's rows of ``day``; a
    block links to ``jobs_url`` + its job id, and, when ``may_move``, a
    planned one may be dragged."""
    running = [job for job in jobs if job.status != Status.CANCELLED]
    zone = timezone.get_current_timezone()
    blocks = [_block(job, day, zone) for job in running]
    first, last = _frame(blocks)
    lanes = lay_out(blocks, bays)
    for block in blocks:
        block.style = _place(block.start, block.end, first, last)
        block.href = f"{jobs_url}{block.job.job_id}/"
        block.draggable = may_move and block.movable
    return Timeline(
        first=first,
        last=last,
        lanes=lanes,
        occupancy=occupancy(blocks, first, last, len(bays)),
        hours=[
            (minute, clock(minute), _place(minute, minute, first, last, width=False))
            for minute in range(first, last, 60)
        ],
        cancelled=[job for job in jobs if job.status == Status.CANCELLED],
    )


def _block(job: MaintenanceJob, day: date, zone: tzinfo) -> Block:
    start = minute_of_day(job.start_time, day, zone)
    return Block(job, start, max(start + 1, minute_of_day(job.end_time, day, zone)))


def _frame(blocks: Iterable[Block]) -> tuple[int, int]:
    """``WORKSHOP_HOURS``, widened to whole hours to fit every block."""
    first, last = workshop_hours()
    first, last = first // 60 * 60, -(-last // 60) * 60
    for block in blocks:
        first = min(first, block.start // 60 * 60)
        last = max(last, -(-block.end // 60) * 60)
    return max(first, 0), min(last, DAY_MINUTES)


def _place(start: int, end: int, first: int, last: int, width: bool = True) -> str:
    span = last - first
    left = f"left:{(start - first) * 100 / span:.3f}%"
    return f"{left};width:{(end - start) * 100 / span:.3f}%" if width else left


def lay_out(blocks: Sequence[Block], bays: Sequence[str]) -> list[Lane]:
    """A lane per bay: a job in progress in its bay, the others earliest start
    first, each in the first lane free for its slot. A block that fits nowhere
    (data older than the capacity rule, or a bay that is no longer the
    garage's) gets a lane of its own after the bays."""
    lanes = [Lane(bay) for bay in bays]
    by_name = {bay.casefold(): lane for bay, lane in zip(bays, lanes, strict=True)}
    rest = []
    for block in blocks:
        bay = by_name.get(block.job.workstation.casefold())
        if block.job.status == Status.IN_PROGRESS and bay is not None:
            bay.pin(block)
        else:
            rest.append(block)
    extra: list[Lane] = []
    for block in sorted(rest, key=lambda block: (block.start, block.end)):
        lane = next((lane for lane in lanes + extra if lane.is_free(block)), None)
        if lane is None:
            lane = Lane("More")
            extra.append(lane)
        lane.add(block)
    for lane in lanes:
        lane.blocks.sort(key=lambda block: (block.start, block.end))
    return lanes + extra


def occupancy(blocks: Sequence[Block], first: int, last: int, bays: int) -> list[Cell]:
    """Per half hour of the frame, the most jobs running at once in it."""
    points = sorted(
        [(block.start, 1) for block in blocks] + [(block.end, -1) for block in blocks]
    )  # ends (-1) before starts at the same minute: slots are half-open
    cells, running, n = [], 0, 0
    for start in range(first, last, 30):
        while n < len(points) and points[n][0] <= start:
            running += points[n][1]
            n += 1
        most = running
        while n < len(points) and points[n][0] < start + 30:
            running += points[n][1]
            most = max(most, running)
            n += 1
        style = _place(start, min(start + 30, last), first, last)
        cells.append(Cell(start, most, bays, style))
    return cells
