from django.db import migrations

from garage.kernel.roles import grant


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
        ("workshop", "0002_planning_events_are_append_only"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="maintenancejob",
            options={
                "ordering": ["planning_date", "start_time", "job_id"],
                "permissions": [
                    ("plan_job", "Can plan a job"),
                    ("check_in_job", "Can check a vehicle in"),
                    ("start_job", "Can start work on a job"),
                    ("wait_for_parts", "Can put a job on waiting for parts"),
                    ("finish_job", "Can finish a job"),
                    ("cancel_job", "Can cancel a job"),
                    ("reschedule_job", "Can reschedule a job"),
                ],
            },
        ),
        grant("workshop"),
    ]
