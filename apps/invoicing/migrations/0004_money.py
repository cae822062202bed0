"""Release 2's money: VAT, part lines, payments, credit notes.

Invoices issued before it carried no VAT: they keep their total as subtotal,
at 0 % VAT. Their lines are labour lines of round 0.
"""

from decimal import Decimal

from django.db import migrations, models
from django.db.models import F


def release_1_invoices_had_no_vat(apps, schema_editor):
    Invoice = apps.get_model("invoicing", "Invoice")
    Invoice.objects.update(subtotal=F("total"), vat_rate=Decimal("0"), vat=Decimal("0"))
    apps.get_model("invoicing", "InvoiceLine").objects.update(round=0)


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0003_copies_named"),
    ]

    operations = [
        migrations.RenameField("invoiceline", "hours", "quantity"),
        migrations.AlterField(
            model_name="invoiceline",
            name="quantity",
            field=models.DecimalField(decimal_places=2, max_digits=12),
        ),
        migrations.AlterField(
            model_name="invoiceline",
            name="job_id",
            field=models.UUIDField(db_index=True),
        ),
        migrations.AddField(
            model_name="invoiceline",
            name="round",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="invoiceline",
            name="kind",
            field=models.CharField(
                choices=[("labour", "Labour"), ("part", "Part")],
                default="labour",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="invoiceline",
            name="unit_price",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=12, null=True
            ),
        ),
        migrations.AddField(
            model_name="customer",
            name="email_address",
            field=models.CharField(blank=True, max_length=254),
        ),
        migrations.AddField(
            model_name="job",
            name="labour_hours",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=8, null=True
            ),
        ),
        migrations.AddField(
            model_name="job",
            name="parts",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="job",
            name="rounds",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="How many times a credit note sent it to be invoiced again.",
            ),
        ),
        migrations.AddField(
            model_name="invoice",
            name="kind",
            field=models.CharField(
                choices=[("invoice", "Invoice"), ("credit_note", "Credit note")],
                default="invoice",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="invoice",
            name="credits",
            field=models.OneToOneField(
                blank=True,
                help_text="The invoice this credit note corrects.",
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="credit_note",
                to="invoicing.invoice",
            ),
        ),
        migrations.AddField(
            model_name="invoice", name="reason", field=models.TextField(blank=True)
        ),
        migrations.AddField(
            model_name="invoice",
            name="subtotal",
            field=models.DecimalField(decimal_places=2, default=0, max_digits=14),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="invoice",
            name="vat_rate",
            field=models.DecimalField(decimal_places=2, default=0, max_digits=5),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="invoice",
            name="vat",
            field=models.DecimalField(decimal_places=2, default=0, max_digits=14),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="invoice",
            name="amount_paid",
            field=models.DecimalField(
                decimal_places=2, default=Decimal("0.00"), max_digits=14
            ),
        ),
        migrations.AddField(
            model_name="invoice",
            name="paid_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="invoice",
            name="payment_reminded_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="invoice",
            name="pdf",
            field=models.BinaryField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="invoice",
            name="sent_to",
            field=models.CharField(blank=True, max_length=600),
        ),
        migrations.RunPython(release_1_invoices_had_no_vat, migrations.RunPython.noop),
        migrations.CreateModel(
            name="Payment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("amount", models.DecimalField(decimal_places=2, max_digits=14)),
                ("paid_on", models.DateField()),
                ("method", models.CharField(choices=[("cash", "Cash"), ("card", "Card"), ("bank_transfer", "Bank transfer")], max_length=20)),
                ("recorded_by", models.CharField(max_length=150)),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
                ("invoice", models.ForeignKey(on_delete=models.deletion.PROTECT, related_name="payments", to="invoicing.invoice")),
            ],
            options={"ordering": ["invoice", "paid_on", "id"]},
        ),
        migrations.CreateModel(
            name="BusinessDay",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("date", models.DateField()),
            ],
        ),
        migrations.AddConstraint(
            model_name="invoiceline",
            constraint=models.UniqueConstraint(
                condition=models.Q(kind="labour"),
                fields=("job_id", "round"),
                name="invoicing_job_billed_once_per_round",
            ),
        ),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.CheckConstraint(
                condition=models.Q(kind="invoice", credits__isnull=True)
                | models.Q(kind="credit_note", credits__isnull=False),
                name="invoicing_credit_note_credits_an_invoice",
            ),
        ),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.CheckConstraint(
                condition=models.Q(amount_paid__gte=0),
                name="invoicing_amount_paid_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="invoicing_payment_positive"
            ),
        ),
    ]
