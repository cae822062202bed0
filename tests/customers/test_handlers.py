import pydantic
import pytest

from apps.customers import handlers
from apps.customers.commands import RegisterCustomer, RegisterVehicle
from apps.customers.events import CustomerRegistered, VehicleRegistered
from apps.customers.models import Customer, Vehicle
from apps.customers.rules import DuplicateLicenseError, UnknownOwnerError
from garage.kernel.errors import InvalidInputError
from garage.kernel.testing import published

from .cases import CUSTOMER, CUSTOMER_CASES, INVALID, VEHICLE, VEHICLE_CASES, case_id

pytestmark = pytest.mark.django_db

UNKNOWN_ID = "8a0c1d7e-5f0f-4a57-9a4c-2b1f2c3d4e5f"


def register_vehicle(owner, **fields):
    values = {**VEHICLE, "owner_id": owner.customer_id, **fields}
    return handlers.register_vehicle(RegisterVehicle(**values))


def refused_fields(attempt) -> list[str]:
    """The fields named by the refusal: the command's own field limits, or
    the handler's field rules."""
    try:
        attempt()
    except pydantic.ValidationError as refused:
        return [str(error["loc"][0]) for error in refused.errors()]
    except InvalidInputError as refused:
        return list(refused.errors)
    raise AssertionError("not refused")


@pytest.mark.parametrize("case", CUSTOMER_CASES, ids=case_id)
def test_register_customer_applies_field_rule(case):
    field, value, expected = case

    def register():
        return handlers.register_customer(
            RegisterCustomer(**{**CUSTOMER, field: value})
        )

    if expected is INVALID:
        assert refused_fields(register) == [field]
        assert not Customer.objects.exists()
        assert published(CustomerRegistered) == []
    else:
        customer = register()
        assert getattr(Customer.objects.get(), field) == expected
        assert getattr(published(CustomerRegistered)[0], field) == expected
        assert customer.customer_id == Customer.objects.get().customer_id


@pytest.mark.parametrize("case", VEHICLE_CASES, ids=case_id)
def test_register_vehicle_applies_field_rule(case, customer):
    field, value, expected = case

    if expected is INVALID:
        register = lambda: register_vehicle(customer, **{field: value})  # noqa: E731
        assert refused_fields(register) == [field]
        assert not Vehicle.objects.exists()
        assert published(VehicleRegistered) == []
    else:
        register_vehicle(customer, **{field: value})
        assert getattr(Vehicle.objects.get(), field) == expected
        assert getattr(published(VehicleRegistered)[0], field) == expected


def test_register_customer_reports_every_broken_field_at_once():
    command = RegisterCustomer(**{**CUSTOMER, "name": " ", "email_address": "jan"})

    with pytest.raises(InvalidInputError) as caught:
        handlers.register_customer(command)

    assert caught.value.errors == {
        "name": ["This field is required."],
        "email_address": ["Enter a valid email address."],
    }


def test_registering_a_customer_publishes_customer_registered_once_with_every_field():
    padded = {field: f"  {value} " for field, value in CUSTOMER.items()}

    customer = handlers.register_customer(RegisterCustomer(**padded))

    assert published(CustomerRegistered) == [
        CustomerRegistered(customer_id=customer.customer_id, **CUSTOMER)
    ]


def test_registering_a_vehicle_publishes_vehicle_registered_once_with_every_field(
    customer,
):
    register_vehicle(customer, license_number="ab-123-c", brand=" Volvo ")

    assert published(VehicleRegistered) == [
        VehicleRegistered(
            license_number="AB-123-C",
            brand="Volvo",
            type="Golf",
            owner_id=customer.customer_id,
        )
    ]


def test_vehicle_of_unknown_owner_is_refused(customer):
    with pytest.raises(UnknownOwnerError) as caught:
        handlers.register_vehicle(RegisterVehicle(**VEHICLE, owner_id=UNKNOWN_ID))

    assert caught.value.code == "unknown_owner"
    assert caught.value.field == "owner_id"
    assert published(VehicleRegistered) == []


@pytest.mark.parametrize("owner_id", ["", "   ", None, "not-a-uuid", "12-AB-34"])
def test_a_vehicle_command_cannot_name_an_owner_without_a_valid_id(owner_id):
    with pytest.raises(pydantic.ValidationError) as caught:
        RegisterVehicle(**VEHICLE, owner_id=owner_id)

    assert [error["loc"] for error in caught.value.errors()] == [("owner_id",)]


@pytest.mark.parametrize("second", ["12-AB-34", "12-ab-34", " 12-Ab-34 "])
def test_license_number_is_unique_in_any_case(customer, make_customer, second):
    register_vehicle(customer, license_number="12-ab-34")
    other = make_customer(name="Piet")

    with pytest.raises(DuplicateLicenseError, match="12-AB-34") as caught:
        register_vehicle(other, license_number=second, brand="Opel")

    assert caught.value.code == "duplicate_license"
    assert Vehicle.objects.get().brand == "Volkswagen"
    assert len(published(VehicleRegistered)) == 1


def test_license_taken_between_check_and_insert_is_a_duplicate(customer, monkeypatch):
    register_vehicle(customer)
    # The other registration committed after this one's check.
    monkeypatch.setattr(handlers, "_license_taken", lambda license_number: False)

    with pytest.raises(DuplicateLicenseError):
        register_vehicle(customer, brand="Opel")

    assert Vehicle.objects.get().brand == "Volkswagen"
    assert len(published(VehicleRegistered)) == 1


def test_owner_checked_before_license(customer):
    register_vehicle(customer)

    with pytest.raises(UnknownOwnerError):
        handlers.register_vehicle(RegisterVehicle(**VEHICLE, owner_id=UNKNOWN_ID))


def test_each_registration_publishes_its_own_event(customer, make_customer):
    second = handlers.register_customer(RegisterCustomer(**{**CUSTOMER, "name": "B"}))
    register_vehicle(customer, license_number="1-A-1")
    register_vehicle(second, license_number="2-B-2")

    assert [e.name for e in published(CustomerRegistered)] == ["B"]
    assert [(e.license_number, e.owner_id) for e in published(VehicleRegistered)] == [
        ("1-A-1", customer.customer_id),
        ("2-B-2", second.customer_id),
    ]
