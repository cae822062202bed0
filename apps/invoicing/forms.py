"""The invoice page's forms: record a payment, credit the invoice, export a
date range. Their cleaned data becomes a command."""

from datetime import date
from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator

from garage.kernel import fields
from garage.kernel.web import CommandForm

from .commands import AMOUNT_MAX, REASON_MAX, CreditInvoice, RecordPayment
from .models import Payment


class PaymentForm(CommandForm):
    amount = forms.DecimalField(
        min_value=Decimal("0.01"), max_value=AMOUNT_MAX, max_digits=12, decimal_places=2
    )
    paid_on = forms.DateField(
        label="Paid on", widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.ChoiceField(choices=Payment.Method.choices)

    def command(self, number: str, user) -> RecordPayment:
        return RecordPayment(
            number=number, recorded_by=user.get_username(), **self.cleaned_data
        )


class CreditForm(CommandForm):
    # The command's rule (one line of printable text), so a line break or a
    # control character is a form error, as the API's 422, not a 500.
    reason = forms.CharField(
        max_length=REASON_MAX,
        strip=True,
        validators=[RegexValidator(fields.LINE, fields.LINE_MESSAGE)],
    )

    def command(self, number: str, user) -> CreditInvoice:
        return CreditInvoice(
            number=number,
            reason=self.cleaned_data["reason"],
            credited_by=user.get_username(),
        )


class PeriodForm(forms.Form):
    """A date range for the accountant's export: at most ten years."""

    first = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    last = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if isinstance(first, date) and isinstance(last, date):
            if last < first:
                self.add_error("last", "The end of the period comes before its start.")
            elif (last - first).days > 3660:
                self.add_error("last", "Export at most ten years at a time.")
        return data
