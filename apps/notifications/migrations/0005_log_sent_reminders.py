from django.db import migrations

SUBJECT = "Vehicle maintenance reminder"


def log_sent_reminders(apps, schema_editor) -> None:
    """Every reminder sent before the messages log existed is in it too."""
    Reminder = apps.get_model("notifications", "Reminder")
    Message = apps.get_model("notifications", "Message")
    sent = Reminder.objects.filter(sent_at__isnull=False).order_by("sent_at", "pk")
    Message.objects.bulk_create(
        (
            Message(
                kind="reminder",
                reference=str(reminder.pk),
                customer_id=reminder.customer_id,
                customer_name=reminder.customer_name,
                subject=SUBJECT,
                facts={"day": reminder.day.isoformat()},
                email_address=reminder.email_address,
                sent_at=reminder.sent_at,
                message_id=reminder.message_id,
                delivery_status=reminder.delivery_status,
            )
            for reminder in sent.iterator()
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_vehicle_care")]

    operations = [
        migrations.RunPython(log_sent_reminders, migrations.RunPython.noop),
    ]
