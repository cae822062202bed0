from django.db import models
from django.db.models import JSONField, Value
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from garage.kernel.eventstore import StoredEvent

from .domain import limits


class PlanningEvent(StoredEvent):
    """The workshop plannings' event store; a stream per day, named by its date."""

    class Meta(StoredEvent.Meta):
        verbose_name = "planning event"


class Customer(models.Model):
    """The workshop's copy of a customer, from ``CustomerRegistered``."""

    customer_id = models.UUIDField(primary_key=True)
    name = models.CharField(max_length=200)
    telephone_number = models.CharField(max_length=30)
    version = models.PositiveIntegerField(default=0)  # of the last change applied

    class Meta:
        ordering = ["name"]
        verbose_name = "customer (cache)"
        verbose_name_plural = "customers (cache)"

    def __str__(self) -> str:
        return self.name


class Vehicle(models.Model):
    """The workshop's copy of a vehicle, from ``VehicleRegistered``.

    The owner is a plain id: the vehicle may arrive before its owner does.
    """

    license_number = models.CharField(max_length=20, primary_key=True)
    brand = models.CharField(max_length=100)
    type = models.CharField(max_length=100)
    owner_id = models.UUIDField(db_index=True)
    version = models.PositiveIntegerField(default=0)  # of the last change applied

    class Meta:
        ordering = ["license_number"]
        verbose_name = "vehicle (cache)"
        verbose_name_plural = "vehicles (cache)"

    def __str__(self) -> str:
        return f"{self.brand} {self.type} [{self.license_number}]"


class BusinessDay(models.Model):
    """A business day that has begun, from ``DayHasPassed``. Reminders follow
    the business day: a job planned on a day that has begun gets none, and the
    plan form says so."""

    date = models.DateField(primary_key=True)

    class Meta:
        verbose_name = "business day (copy)"
        verbose_name_plural = "business days (copy)"

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"


class MaintenanceJob(models.Model):
    """The read model: a job as the planning pages and the API show it."""

    class Status(models.TextChoices):
        PLANNED = "Planned"
        CHECKED_IN = "Checked in"
        IN_PROGRESS = "In progress"
        WAITING_FOR_PARTS = "Waiting for parts"
        FINISHED = "Finished"
        CANCELLED = "Cancelled"

    job_id = models.UUIDField(primary_key=True)
    planning_date = models.DateField(db_index=True)
    start_time = models.DateTimeField()
    end_time = models.DateTimeField()
    description = models.TextField()
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    customer_id = models.UUIDField(db_index=True)
    customer_name = models.CharField(max_length=200)
    customer_telephone_number = models.CharField(max_length=30)
    license_number = models.CharField(max_length=20, db_index=True)
    brand = models.CharField(max_length=100)
    type = models.CharField(max_length=100)
    # The job's day. Database defaults too, so that a row written without them
    # (an older writer, a raw INSERT) is still a valid planned job.
    odometer_km = models.PositiveIntegerField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    workstation = models.CharField(
        "bay", max_length=limits.NAME_MAX, blank=True, default="", db_default=""
    )
    mechanic = models.CharField(
        max_length=limits.NAME_MAX, blank=True, default="", db_default=""
    )
    started_at = models.DateTimeField(null=True, blank=True)
    waiting_reason = models.TextField(blank=True, default="", db_default="")
    actual_start_time = models.DateTimeField(null=True, blank=True)
    actual_end_time = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    labour_hours = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True
    )
    parts = models.JSONField(
        default=list, db_default=Value([], JSONField()), blank=True
    )  # [{description, quantity, unit_price}], amounts as decimal strings
    cancel_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["planning_date", "start_time", "job_id"]
        # The domain's field limits hold in the table too, whoever writes it.
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length(field), limit),
                name=f"job_{field}_at_most_{limit}",
            )
            for field, limit in [
                ("description", limits.DESCRIPTION_MAX),
                ("notes", limits.NOTES_MAX),
                ("cancel_reason", limits.REASON_MAX),
                ("waiting_reason", limits.REASON_MAX),
            ]
        ]
        permissions = [
            ("plan_job", "Can plan a job"),
            ("check_in_job", "Can check a vehicle in"),
            ("start_job", "Can start work on a job"),
            ("wait_for_parts", "Can put a job on waiting for parts"),
            ("finish_job", "Can finish a job"),
            ("cancel_job", "Can cancel a job"),
            ("reschedule_job", "Can reschedule a job"),
        ]

    def __str__(self) -> str:
        return f"{self.planning_date} {self.description}"

    @property
    def vehicle_label(self) -> str:
        return f"{self.brand} {self.type} [{self.license_number}]"
