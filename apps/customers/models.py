from uuid import uuid4

from django.db import models
from django.db.models.functions import Concat, Upper
from django.utils import timezone

from .rules import MAX_LENGTH


class Customer(models.Model):
    customer_id = models.UUIDField(primary_key=True, default=uuid4, editable=False)
    name = models.CharField(max_length=MAX_LENGTH["name"])
    address = models.CharField(max_length=MAX_LENGTH["address"])
    postal_code = models.CharField(max_length=MAX_LENGTH["postal_code"])
    city = models.CharField(max_length=MAX_LENGTH["city"])
    telephone_number = models.CharField(max_length=MAX_LENGTH["telephone_number"])
    email_address = models.EmailField(max_length=MAX_LENGTH["email_address"])
    registered_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=0, editable=False)  # changes made
    # What the customer search looks in, kept by the database. The separator
    # is a control character, which a search term never holds.
    search_text = models.GeneratedField(
        expression=Upper(
            Concat(
                "name",
                models.Value("\n"),
                "city",
                models.Value("\n"),
                "email_address",
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )

    class Meta:
        # customer_id breaks ties between namesakes, so pages never overlap.
        ordering = ["name", "customer_id"]
        indexes = [
            models.Index(fields=["name", "customer_id"], name="customer_by_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"


class Vehicle(models.Model):
    # Stored upper-case, so the primary key is unique case-insensitively.
    license_number = models.CharField(
        primary_key=True, max_length=MAX_LENGTH["license_number"]
    )
    brand = models.CharField(max_length=MAX_LENGTH["brand"])
    type = models.CharField(max_length=MAX_LENGTH["type"])
    owner = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="vehicles"
    )
    registered_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=0, editable=False)  # transfers

    class Meta:
        ordering = ["license_number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(license_number=Upper("license_number")),
                name="license_number_upper_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.brand} {self.type} [{self.license_number}]"
