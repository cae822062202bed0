import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class OutboxEvent(models.Model):
    """An event as it was published: the envelope, stored once.

    Written in the publisher's transaction; the audit log of every event the
    system ever published.
    """

    event_id = models.UUIDField(unique=True)
    event_type = models.CharField(max_length=100, db_index=True)
    source = models.CharField(max_length=50)
    occurred_at = models.DateTimeField()
    envelope = models.JSONField()
    correlation_id = models.CharField(
        max_length=128,
        blank=True,
        default="",
        db_index=True,
        help_text="The user action (request, command) the event belongs to.",
    )
    causation_id = models.CharField(
        max_length=128,
        blank=True,
        default="",
        db_index=True,
        help_text="The event (or request, command) that caused it.",
    )

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


class Delivery(models.Model):
    """One event on its way to one consuming context: the outbox row proper."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        HANDLED = "handled", "Handled"
        DEAD = "dead", "Dead-lettered"

    event = models.ForeignKey(
        OutboxEvent, on_delete=models.PROTECT, related_name="deliveries"
    )
    consumer = models.CharField(max_length=50)
    ordering_key = models.CharField(
        max_length=100,
        blank=True,
        default="",
        help_text="The event's ordering key: a delivery waits for the earlier "
        "ones to this consumer with the same key.",
    )
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(
        default=timezone.now, help_text="When a pending delivery may next be sent."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "consumer"], name="one_delivery_per_consumer"
            )
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                name="pending_deliveries",
                condition=models.Q(state="pending"),
            ),
            models.Index(
                fields=["sent_at"],
                name="sent_deliveries",
                condition=models.Q(state="sent"),
            ),
            models.Index(
                fields=["consumer", "ordering_key", "id"],
                name="ordered_in_flight",
                condition=models.Q(state__in=["pending", "sent"])
                & ~models.Q(ordering_key=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} -> {self.consumer} ({self.state})"


class InboxEntry(models.Model):
    """A subscriber has handled an event; recorded in the same transaction as its
    effect, so a redelivered event is skipped."""

    event_id = models.UUIDField()
    subscriber = models.CharField(max_length=200)
    handled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "inbox entries"
        constraints = [
            models.UniqueConstraint(
                fields=["event_id", "subscriber"], name="handled_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} by {self.subscriber}"


class ApiToken(models.Model):
    """A bearer token for the REST API. Only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"API token {self.pk} of {self.user}"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)

    @classmethod
    def issue(cls, user) -> str:
        """Creates a token for ``user`` and returns its only readable copy."""
        key = cls.new_key()
        cls.objects.create(user=user, key_hash=cls.hash(key))
        return key


class IdempotentRequest(models.Model):
    """The first answer to a POST sent again: a form's one-time token, or an
    API request's ``Idempotency-Key``, per user (see ``garage.kernel.once``).

    Claimed before the work, in the work's transaction: a concurrent duplicate
    waits on the unique row, then finds the answer and replays it."""

    FORM = "form"
    API = "api"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(max_length=4, choices=[(FORM, "form"), (API, "API")])
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(
        max_length=64, help_text="SHA-256 of the method, path and body."
    )
    status = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    location = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scope", "key"], name="one_answer_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} of user {self.user_id}"
