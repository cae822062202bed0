from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from garage.kernel import bus
from garage.kernel.errors import NotFoundError, RuleViolationError

from . import rules
from .commands import (
    ChangeCustomerDetails,
    RegisterCustomer,
    RegisterVehicle,
    TransferVehicle,
)
from .events import (
    CustomerDetailsChanged,
    CustomerRegistered,
    VehicleOwnerChanged,
    VehicleRegistered,
)
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


def change_customer_details(cmd: ChangeCustomerDetails) -> Customer:
    """Changes the fields given, each by the rule it was registered by, and
    publishes every field as it is now in ``CustomerDetailsChanged``; a change
    that leaves every detail as it was (an empty PATCH, a form saved
    unchanged) publishes nothing.

    Only the fields given are checked: a detail stored before its rule was
    tightened (a postal code from before the Dutch rule) stays as it is and
    never stands in the way of changing another one."""
    with transaction.atomic():
        customer = _locked(Customer, cmd.customer_id, "customer")
        current = {field: getattr(customer, field) for field in rules.CUSTOMER}
        given = cmd.model_dump(exclude={"customer_id"}, exclude_none=True)
        checked = {field: rules.CUSTOMER[field] for field in given}
        fields = current | rules.clean(checked, given)
        if fields == current:
            return customer  # nothing changed: no new version, nothing to tell
        for field, value in fields.items():
            setattr(customer, field, value)
        customer.version += 1
        customer.save(update_fields=[*fields, "version"])
        bus.publish(
            CustomerDetailsChanged(
                customer_id=customer.customer_id, version=customer.version, **fields
            )
        )
    return customer


def transfer_vehicle(cmd: TransferVehicle) -> Vehicle:
    """Gives the vehicle to another existing customer; jobs planned from now
    on are theirs."""
    license_number = _stored_license(cmd.license_number)
    with transaction.atomic():
        vehicle = _locked(Vehicle, license_number, "vehicle")
        if not _owner_exists(cmd.owner_id):
            raise _unknown_owner()
        if vehicle.owner_id == cmd.owner_id:
            raise SameOwnerError(
                f"Vehicle {license_number} already belongs to this customer."
            )
        previous_owner_id, vehicle.owner_id = vehicle.owner_id, cmd.owner_id
        vehicle.version += 1
        vehicle.save(update_fields=["owner", "version"])
        bus.publish(
            VehicleOwnerChanged(
                license_number=license_number,
                previous_owner_id=previous_owner_id,
                owner_id=cmd.owner_id,
                version=vehicle.version,
            )
        )
    return vehicle


class SameOwnerError(RuleViolationError):
    code = "same_owner"
    field = "owner_id"


def _stored_license(license_number: str) -> str:
    """The license as stored, read as registering reads it (any case, dashes
    optional), so a vehicle found by ``GET /api/vehicles/12ab34`` can be
    transferred there too; a license no vehicle can have is not found."""
    try:
        return rules.license_number(license_number)
    except ValidationError:
        raise NotFoundError(f"There is no vehicle {license_number}.") from None


def _locked(model, pk, what: str):
    found = model.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFoundError(f"There is no {what} {pk}.")
    return found


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
