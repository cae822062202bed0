from django.db import models


class Customer(models.Model):
    """The contact details reminders need, copied from ``CustomerRegistered``."""

    customer_id = models.UUIDField(primary_key=True)
    name = models.CharField(max_length=200)
    email_address = models.EmailField()
    version = models.PositiveIntegerField(default=0)  # of the last change applied

    class Meta:
        verbose_name = "customer (copy for reminders)"
        verbose_name_plural = "customers (copy for reminders)"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Reminder(models.Model):
    """One e-mail to one customer about their jobs on one day.

    Recorded before it is sent; ``sent_at`` is set in the same transaction as
    the send, so a sent reminder is never sent again.
    """

    customer_id = models.UUIDField(db_index=True)
    customer_name = models.CharField(max_length=200)
    day = models.DateField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    email_address = models.EmailField(blank=True, help_text="set when sent")
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    delivery_status = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-day", "customer_name", "-id"]

    def __str__(self) -> str:
        return f"Reminder for {self.customer_name} on {self.day}"


class Job(models.Model):
    """A maintenance job as the workshop announced it, and whether it was
    reminded of."""

    class Status(models.TextChoices):
        PLANNED = "Planned"
        FINISHED = "Finished"
        CANCELLED = "Cancelled"

    job_id = models.UUIDField(primary_key=True)
    customer_id = models.UUIDField(db_index=True)
    customer_name = models.CharField(max_length=200)
    start_time = models.DateTimeField(db_index=True)
    end_time = models.DateTimeField()
    description = models.TextField()
    license_number = models.CharField(max_length=20, db_index=True)
    brand = models.CharField(max_length=100)
    type = models.CharField(max_length=100)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    reminder = models.ForeignKey(
        Reminder,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
    )

    class Meta:
        verbose_name = "job (copy for reminders)"
        verbose_name_plural = "jobs (copy for reminders)"
        ordering = ["start_time"]

    def __str__(self) -> str:
        return f"{self.description} [{self.license_number}]"


class Vehicle(models.Model):
    """A vehicle as service reminders see it: its current owner (from
    ``VehicleRegistered``, or the customer of its first job here), its last
    service, and when the next one is due, reckoned by ``domain.service``
    whenever a reading or a service arrives."""

    class Reason(models.TextChoices):
        DATE = "date"
        MILEAGE = "mileage"

    license_number = models.CharField(max_length=20, primary_key=True)
    brand = models.CharField(max_length=100)
    type = models.CharField(max_length=100)
    owner_id = models.UUIDField(db_index=True)
    version = models.PositiveIntegerField(default=0)  # of the last transfer applied
    last_service_on = models.DateField(null=True, blank=True)
    service_km = models.PositiveIntegerField(
        null=True, blank=True, help_text="the odometer at the last service"
    )
    km_per_day = models.FloatField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True, db_index=True)
    due_reason = models.CharField(max_length=10, choices=Reason.choices, blank=True)
    due_basis = models.CharField(
        max_length=40, blank=True, help_text="the intervals due_on was reckoned with"
    )
    noticed_period = models.DateField(
        null=True,
        blank=True,
        help_text="the last service whose due period has had its e-mail",
    )

    class Meta:
        verbose_name = "vehicle (copy for service reminders)"
        verbose_name_plural = "vehicles (copy for service reminders)"
        ordering = ["license_number"]
        permissions = [("view_service_due", "Can see which vehicles are due")]

    def __str__(self) -> str:
        return f"{self.brand} {self.type} [{self.license_number}]"


class OdometerReading(models.Model):
    """The odometer read when a vehicle was checked in for a job."""

    job_id = models.UUIDField(primary_key=True)
    license_number = models.CharField(max_length=20, db_index=True)
    day = models.DateField()
    km = models.PositiveIntegerField()

    class Meta:
        ordering = ["license_number", "day", "km"]

    def __str__(self) -> str:
        return f"{self.license_number}: {self.km} km on {self.day}"


class Message(models.Model):
    """Every e-mail to a customer, by kind. A ready-for-pickup or service-due
    message is recorded before it is sent and sent once (``sent_at``); a
    reminder, which has its own record, is logged here when it is sent.
    ``reference`` says what it is about, once per kind: the reminder, the
    job, or the vehicle and the service its due period starts at."""

    class Kind(models.TextChoices):
        REMINDER = "reminder"
        READY_FOR_PICKUP = "ready_for_pickup", "ready for pickup"
        SERVICE_DUE = "service_due", "service due"
        PAYMENT_REMINDER = "payment_reminder", "payment reminder"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    reference = models.CharField(max_length=100)
    customer_id = models.UUIDField(db_index=True)
    customer_name = models.CharField(max_length=200, blank=True)
    license_number = models.CharField(max_length=20, blank=True)
    subject = models.CharField(max_length=200)
    facts = models.JSONField(default=dict, blank=True)  # what the body needs
    created_at = models.DateTimeField(auto_now_add=True)
    email_address = models.EmailField(blank=True, help_text="set when sent")
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    delivery_status = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "reference"], name="one_message_per_kind_and_thing"
            )
        ]
        indexes = [models.Index(fields=["kind", "-id"], name="message_kind_newest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.customer_name or self.customer_id}"
