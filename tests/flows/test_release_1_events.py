"""A `MaintenanceJobFinished` that release 1 published (schema 1: no labour
hours, no parts) and that is still in the outbox when release 2 starts is
delivered as it was written: every consumer opens it and handles it, the
labour being the actual duration."""

from datetime import date
from decimal import Decimal

from django.core import mail
from django.db import transaction
from django.utils import timezone

from apps.invoicing.models import Invoice, InvoiceLine
from apps.notifications.models import Message
from apps.notifications.models import Vehicle as NotificationsVehicle
from apps.timekeeping.events import DayHasPassed
from garage.kernel import bus as kernel_bus
from garage.kernel import outbox
from garage.kernel.messages import Envelope
from garage.kernel.subscriptions import consumers_of
from tests.notifications.factories import (
    customer_registered,
    job_planned,
    vehicle_registered,
)

DAY = date(2026, 3, 2)


def as_release_1_wrote_it(job) -> Envelope:
    return Envelope(
        event_type="MaintenanceJobFinished",
        schema_version=1,
        occurred_at=timezone.now(),
        source="workshop",
        data={
            "job_id": str(job.job_id),
            "planning_date": DAY.isoformat(),
            "actual_start_time": "2026-03-02T08:00:00+01:00",
            "actual_end_time": "2026-03-02T09:30:00+01:00",
            "notes": "Done",
        },
    )


def test_a_schema_1_job_finished_is_invoiced_announced_and_counted_as_a_service(bus):
    ann = customer_registered("Ann Smith")
    job = job_planned(ann, DAY)
    kernel_bus.publish(ann, vehicle_registered(ann), job)
    bus.drain()

    with transaction.atomic():
        outbox.write([as_release_1_wrote_it(job)], consumers_of)
    bus.drain()
    kernel_bus.publish(DayHasPassed(date=date(2026, 3, 3)))
    bus.drain()

    line = InvoiceLine.objects.get()
    assert (line.quantity, line.amount) == (Decimal("1.50"), Decimal("27.75"))
    assert Invoice.objects.get().customer_name == "Ann Smith"
    pickup = Message.objects.get(kind="ready_for_pickup")
    assert pickup.sent_at is not None
    assert any("ready for pickup" in m.subject for m in mail.outbox)
    assert NotificationsVehicle.objects.get().last_service_on == DAY
