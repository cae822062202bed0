"""The register forms. Every field is cleaned by its rule in ``rules``, the
same function the command handlers apply to API input."""

from collections.abc import Iterable
from typing import Any

from django import forms

from garage.kernel.web import CommandForm

from . import rules
from .models import Customer


class RuleField(forms.Field):
    """A form field cleaned by one rule from ``rules``.

    Not ``required`` for Django: the rule says what an empty value means, so a
    form and the API give the same message.
    """

    def __init__(self, rule: rules.Rule, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)
        self.rule = rule

    def clean(self, value: object) -> Any:
        return self.rule(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "required": True}


class CustomerForm(CommandForm):
    name = RuleField(rules.name, label="Name")
    address = RuleField(rules.address, label="Address")
    postal_code = RuleField(rules.postal_code, label="Postal code")
    city = RuleField(rules.city, label="City")
    telephone_number = RuleField(
        rules.telephone_number,
        label="Telephone number",
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    email_address = RuleField(
        rules.email_address, label="E-mail address", widget=forms.EmailInput
    )


class VehicleForm(CommandForm):
    owner_id = RuleField(rules.owner_id, label="Owner", widget=forms.Select)
    license_number = RuleField(
        rules.license_number,
        label="License number",
        help_text="Three groups joined by -, for example 12-AB-34.",
    )
    brand = RuleField(rules.brand, label="Brand")
    type = RuleField(rules.vehicle_type, label="Type")

    def __init__(self, *args: Any, owners: Iterable[Customer] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner_id"].widget.choices = [("", "Choose the owner…")] + [
            (str(owner.customer_id), owner_label(owner)) for owner in owners
        ]


class TransferForm(CommandForm):
    owner_id = RuleField(rules.owner_id, label="New owner", widget=forms.Select)

    def __init__(self, *args: Any, owners: Iterable[Customer] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner_id"].widget.choices = [("", "Choose the new owner…")] + [
            (str(owner.customer_id), owner_label(owner)) for owner in owners
        ]


def owner_label(owner: Customer) -> str:
    return f"{owner.name}, {owner.city} ({owner.email_address})"
