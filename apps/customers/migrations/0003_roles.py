from django.db import migrations

from garage.kernel.roles import grant


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
        ("customers", "0002_search_indexes"),
    ]

    operations = [
        grant("customers"),
    ]
