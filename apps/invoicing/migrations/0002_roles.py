from django.db import migrations

from garage.kernel.roles import grant


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
        ("invoicing", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="invoice",
            options={
                "ordering": ["-invoice_date", "-number"],
                "permissions": [
                    ("record_payment", "Can record a payment"),
                    ("credit_invoice", "Can credit an invoice"),
                    ("view_receivables", "Can view the receivables"),
                ],
            },
        ),
        grant("invoicing"),
    ]
