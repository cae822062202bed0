from decimal import Decimal

from django.db import models
from django.utils.timezone import localdate

from . import domain

# An invoice's sums have no upper limit (SPEC 6): a single job of the most
# parts the workshop accepts comes to about 6 x 10^12 incl. VAT, and an
# invoice adds up all of a customer's jobs. SQLite keeps 15 significant
# digits of a decimal exactly; PostgreSQL all of them.
TOTAL_DIGITS = 20


class Customer(models.Model):
    """Name and address for the invoice, copied from ``CustomerRegistered``."""

    customer_id = models.UUIDField(primary_key=True)
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=200)
    postal_code = models.CharField(max_length=20)
    city = models.CharField(max_length=100)
    email_address = models.CharField(max_length=254, blank=True)
    version = models.PositiveIntegerField(default=0)  # of the last change applied

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
    """An issued invoice or credit note: a snapshot of what was billed, and
    its document, as HTML and (once sent) as PDF.

    Never edited or deleted: a wrong invoice is corrected by a credit note,
    which ``credits`` it. Payments add up in ``amount_paid``. Stored before it
    is mailed; ``sent_at`` is set in the same transaction as the send, so a
    sent invoice is never mailed again.
    """

    class Kind(models.TextChoices):  # domain.Kind
        INVOICE = "invoice", "Invoice"
        CREDIT_NOTE = "credit_note", "Credit note"

    number = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default="invoice")
    credits = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_note",
        help_text="The invoice this credit note corrects.",
    )
    reason = models.TextField(blank=True)
    customer_id = models.UUIDField(db_index=True)
    customer_name = models.CharField(max_length=200)
    customer_address = models.CharField(max_length=200)
    customer_postal_code = models.CharField(max_length=20)
    customer_city = models.CharField(max_length=100)
    invoice_date = models.DateField(db_index=True)
    due_date = models.DateField()
    subtotal = models.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=2)
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2)
    vat = models.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=2)
    total = models.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=2)
    amount_paid = models.DecimalField(
        max_digits=TOTAL_DIGITS, decimal_places=2, default=Decimal("0.00")
    )
    paid_on = models.DateField(null=True, blank=True)
    payment_reminded_on = models.DateField(null=True, blank=True)
    html = models.TextField()
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.CharField(max_length=600, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    delivery_status = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-invoice_date", "-number"]
        permissions = [
            ("record_payment", "Can record a payment"),
            ("credit_invoice", "Can credit an invoice"),
            ("view_receivables", "Can view the receivables"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="invoice", credits__isnull=True)
                | models.Q(kind="credit_note", credits__isnull=False),
                name="invoicing_credit_note_credits_an_invoice",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_paid__gte=0),
                name="invoicing_amount_paid_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_credit_note(self) -> bool:
        return self.kind == domain.Kind.CREDIT_NOTE

    @property
    def sent_before_its_date(self) -> bool:
        """Sent on a calendar day before the invoice's date: the business day
        (which dates invoices) ran ahead of the clock, as it may in a demo."""
        return bool(self.sent_at) and localdate(self.sent_at) < self.invoice_date

    @property
    def open_amount(self) -> Decimal:
        if self.is_credit_note or self.is_credited:
            return Decimal("0.00")
        return domain.open_amount(self.total, self.amount_paid)

    @property
    def is_credited(self) -> bool:
        return hasattr(self, "credit_note")

    def status_on(self, today) -> domain.Status:
        return domain.status(
            domain.Kind(self.kind),
            self.total,
            self.amount_paid,
            self.due_date,
            today,
            credited=self.is_credited,
        )


class InvoiceLine(models.Model):
    """A job's labour, or a part used on it, on an invoice or credit note.

    A job's labour is billed once per ``round``: the first invoice is round
    0, and each credit note sends the job round again (``Job.rounds``).
    Credit-note lines have no round.
    """

    class Kind(models.TextChoices):  # domain.LineKind
        LABOUR = "labour", "Labour"
        PART = "part", "Part"

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    job_id = models.UUIDField(db_index=True)
    round = models.PositiveSmallIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default="labour")
    day = models.DateField()
    description = models.TextField()
    license_number = models.CharField(max_length=20)
    quantity = models.DecimalField(max_digits=12, decimal_places=2)
    unit_price = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["invoice", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["job_id", "round"],
                condition=models.Q(kind="labour"),
                name="invoicing_job_billed_once_per_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.invoice.number}: {self.description}"


class Payment(models.Model):
    """Money received against an invoice. Never edited or deleted."""

    class Method(models.TextChoices):
        CASH = "cash", "Cash"
        CARD = "card", "Card"
        BANK_TRANSFER = "bank_transfer", "Bank transfer"

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    paid_on = models.DateField()
    method = models.CharField(max_length=20, choices=Method.choices)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["invoice", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="invoicing_payment_positive"
            )
        ]

    def __str__(self) -> str:
        return f"€ {self.amount} on {self.invoice.number}"


class BusinessDay(models.Model):
    """The last day invoicing saw pass: its 'today' for due dates, overdue
    invoices and credit notes. One row."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    date = models.DateField()

    def __str__(self) -> str:
        return str(self.date)


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
    labour_hours = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True
    )
    parts = models.JSONField(
        default=list, blank=True
    )  # [{description, quantity, unit_price}]
    rounds = models.PositiveSmallIntegerField(
        default=0,
        help_text="How many times a credit note sent it to be invoiced again.",
    )
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
