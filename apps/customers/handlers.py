from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction

from garage.kernel import bus

from . import rules
from .commands import RegisterCustomer, RegisterVehicle
from .events import CustomerRegistered, VehicleRegistered
from .models import Customer, Vehicle


def register_customer(cmd: RegisterCustomer) -> Customer:
    """Registers a customer whose every field keeps its rule, and publishes
    CustomerRegistered in the same transaction."""
    fields = rules.clean(rules.CUSTOMER, cmd.model_dump())
    with transaction.atomic():
        customer = Customer.objects.create(**fields)
        bus.publish(CustomerRegistered(customer_id=customer.customer_id, **fields))
    return customer


def register_vehicle(cmd: RegisterVehicle) -> Vehicle:
    """Registers a vehicle of an existing customer under a license number no
    other vehicle has (in any case), and publishes VehicleRegistered in the
    same transaction."""
    fields = rules.clean(rules.VEHICLE, cmd.model_dump())
    try:
        with transaction.atomic():
            vehicle = _insert_vehicle(fields)
            bus.publish(VehicleRegistered(**fields))
    except IntegrityError as exc:
        # Someone registered the same license (or removed the owner) between
        # the checks and the insert; the database caught it.
        raise _conflict(fields) from exc
    return vehicle


def _insert_vehicle(fields: dict[str, Any]) -> Vehicle:
    _check_vehicle_can_be_inserted(fields)
    return Vehicle.objects.create(**fields)


def _check_vehicle_can_be_inserted(fields: dict[str, Any]) -> None:
    if not _owner_exists(fields["owner_id"]):
        raise _unknown_owner()
    if _license_taken(fields["license_number"]):
        raise _duplicate_license(fields["license_number"])


def _conflict(fields: dict[str, Any]) -> rules.FieldRuleViolationError:
    if not _owner_exists(fields["owner_id"]):
        return _unknown_owner()
    return _duplicate_license(fields["license_number"])


def _owner_exists(customer_id: UUID) -> bool:
    return Customer.objects.filter(pk=customer_id).exists()


def _license_taken(license_number: str) -> bool:
    return Vehicle.objects.filter(pk=license_number).exists()


def _unknown_owner() -> rules.UnknownOwnerError:
    return rules.UnknownOwnerError("No customer has this id.")


def _duplicate_license(license_number: str) -> rules.DuplicateLicenseError:
    return rules.DuplicateLicenseError(
        f"A vehicle with license number {license_number} is already registered."
    )
