from django.db import migrations

from garage.kernel.roles import grant


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
        ("timekeeping", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="businessday",
            options={
                "ordering": ["-date"],
                "permissions": [("pass_day", "Can pass a business day")],
            },
        ),
        grant("timekeeping"),
    ]
