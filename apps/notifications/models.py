from django.db import models


class Customer(models.Model):
    """The contact details reminders need, copied from ``CustomerRegistered``."""

    customer_id = models.UUIDField(primary_key=True)
    name = models.CharField(max_length=200)
    email_address = models.EmailField()

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
    license_number = models.CharField(max_length=20)
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
