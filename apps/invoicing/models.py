from django.db import models


class Customer(models.Model):
    """Name and address for the invoice, copied from ``CustomerRegistered``."""

    customer_id = models.UUIDField(primary_key=True)
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=200)
    postal_code = models.CharField(max_length=20)
    city = models.CharField(max_length=100)

    class Meta:
        verbose_name = "customer (copy for invoices)"
        verbose_name_plural = "customers (copy for invoices)"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InvoiceCounter(models.Model):
    """The last invoice number used in a year; locked while numbers are given."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Invoice(models.Model):
    """An issued invoice: a snapshot of what was billed, and its HTML document.

    Stored before it is mailed; ``sent_at`` is set in the same transaction as
    the send, so a sent invoice is never mailed again.
    """

    number = models.CharField(max_length=20, unique=True)
    customer_id = models.UUIDField(db_index=True)
    customer_name = models.CharField(max_length=200)
    customer_address = models.CharField(max_length=200)
    customer_postal_code = models.CharField(max_length=20)
    customer_city = models.CharField(max_length=100)
    invoice_date = models.DateField(db_index=True)
    due_date = models.DateField()
    total = models.DecimalField(max_digits=14, decimal_places=2)
    html = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    delivery_status = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-invoice_date", "-number"]
        permissions = [
            ("record_payment", "Can record a payment"),
            ("credit_invoice", "Can credit an invoice"),
            ("view_receivables", "Can view the receivables"),
        ]

    def __str__(self) -> str:
        return f"Invoice {self.number}"


class InvoiceLine(models.Model):
    """One job on an invoice. A job appears on one line of one invoice, ever."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    job_id = models.UUIDField(unique=True)
    day = models.DateField()
    description = models.TextField()
    license_number = models.CharField(max_length=20)
    hours = models.DecimalField(max_digits=10, decimal_places=2)
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["invoice", "id"]

    def __str__(self) -> str:
        return f"{self.invoice.number}: {self.description}"


class Job(models.Model):
    """A maintenance job as the workshop announced it, and its invoice once
    it has one."""

    class Status(models.TextChoices):
        PLANNED = "Planned"
        FINISHED = "Finished"
        CANCELLED = "Cancelled"

    job_id = models.UUIDField(primary_key=True)
    customer_id = models.UUIDField(db_index=True)
    customer_name = models.CharField(max_length=200)
    planning_date = models.DateField()
    description = models.TextField()
    license_number = models.CharField(max_length=20)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    actual_start_time = models.DateTimeField(null=True, blank=True)
    actual_end_time = models.DateTimeField(null=True, blank=True)
    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="jobs"
    )

    class Meta:
        verbose_name = "job (copy for invoices)"
        verbose_name_plural = "jobs (copy for invoices)"
        ordering = ["planning_date", "actual_start_time"]
        indexes = [
            models.Index(
                fields=["customer_name", "customer_id"],
                name="invoicing_jobs_to_invoice",
                condition=models.Q(status="Finished", invoice__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.description} [{self.license_number}]"
