from django.db import migrations

from garage.kernel.roles import grant


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        grant("notifications"),
    ]
