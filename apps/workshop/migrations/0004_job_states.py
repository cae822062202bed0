from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workshop", "0003_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="maintenancejob",
            name="checked_in_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="maintenancejob",
            name="labour_hours",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=5, null=True
            ),
        ),
        migrations.AddField(
            model_name="maintenancejob",
            name="mechanic",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=100
            ),
        ),
        migrations.AddField(
            model_name="maintenancejob",
            name="odometer_km",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="maintenancejob",
            name="parts",
            field=models.JSONField(
                blank=True,
                db_default=models.Value([], models.JSONField()),
                default=list,
            ),
        ),
        migrations.AddField(
            model_name="maintenancejob",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="maintenancejob",
            name="waiting_reason",
            field=models.TextField(blank=True, db_default="", default=""),
        ),
        migrations.AddField(
            model_name="maintenancejob",
            name="workstation",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                max_length=100,
                verbose_name="bay",
            ),
        ),
        migrations.AlterField(
            model_name="maintenancejob",
            name="status",
            field=models.CharField(
                choices=[
                    ("Planned", "Planned"),
                    ("Checked in", "Checked In"),
                    ("In progress", "In Progress"),
                    ("Waiting for parts", "Waiting For Parts"),
                    ("Finished", "Finished"),
                    ("Cancelled", "Cancelled"),
                ],
                default="Planned",
                max_length=20,
            ),
        ),
    ]
