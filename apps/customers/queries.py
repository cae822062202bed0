from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Upper

from garage.kernel.errors import NotFoundError

from . import rules
from .models import Customer, Vehicle

MAX_SEARCH_LENGTH = 100


def list_customers(search: str = "") -> QuerySet[Customer]:
    """Customers by name; ``search`` matches part of a name, city or e-mail."""
    customers = Customer.objects.defer("search_text")
    if term := _search_term(search):
        # Upper-cased by the database on both sides, so its idea of case wins.
        customers = customers.filter(search_text__contains=Upper(Value(term)))
    return customers


def get_customer(customer_id: UUID | str) -> Customer:
    try:
        return Customer.objects.get(pk=rules.owner_id(customer_id))
    except (ValidationError, Customer.DoesNotExist):
        raise NotFoundError("No customer has this id.") from None


def list_owner_choices(
    search: str, selected: UUID | None, limit: int = 50
) -> list[Customer]:
    """At most ``limit`` customers matching ``search``, plus ``selected``."""
    choices = list(list_customers(search)[:limit])
    if selected and all(c.customer_id != selected for c in choices):
        choices += Customer.objects.filter(pk=selected)
    return choices


def list_vehicles(search: str = "") -> QuerySet[Vehicle]:
    """Vehicles by license; ``search`` matches part of a license, brand or type."""
    vehicles = Vehicle.objects.select_related("owner")
    if term := _search_term(search):
        vehicles = vehicles.filter(
            Q(license_number__icontains=term)
            | Q(brand__icontains=term)
            | Q(type__icontains=term)
        )
    return vehicles


def list_vehicles_of(customer: Customer) -> QuerySet[Vehicle]:
    return Vehicle.objects.filter(owner=customer)


def get_vehicle(license_number: str) -> Vehicle:
    """The vehicle with ``license_number``, in any case."""
    try:
        number = rules.license_number(license_number)
        return Vehicle.objects.select_related("owner").get(pk=number)
    except (ValidationError, Vehicle.DoesNotExist):
        raise NotFoundError("No vehicle has this license number.") from None


def _search_term(search: str) -> str:
    # PostgreSQL refuses NUL in text; nobody searches for control characters.
    return rules.CONTROL_CHARACTERS.sub("", search or "").strip()[:MAX_SEARCH_LENGTH]
