"""SPEC 13: a customer's details change, a vehicle changes owner; the same
field rules as registering; refusals as clear messages."""

import pytest

from apps.customers.events import CustomerDetailsChanged, VehicleOwnerChanged
from apps.customers.models import Customer, Vehicle
from garage.kernel.testing import published

from .cases import CUSTOMER_CASES, INVALID, case_id
from .test_api import UNKNOWN_ID

pytestmark = pytest.mark.django_db


def patch(client, customer, body):
    return client.patch(
        f"/api/customers/{customer.customer_id}", body, content_type="application/json"
    )


def transfer(client, license_number, owner_id):
    return client.post(
        f"/api/vehicles/{license_number}/transfer",
        {"owner_id": str(owner_id)},
        content_type="application/json",
    )


def test_patch_changes_the_fields_given_and_publishes_them_all(api_client, customer):
    response = patch(api_client, customer, {"telephone_number": "+31 6 9999 0000"})

    assert response.status_code == 200, response.content
    assert response.json()["telephone_number"] == "+31 6 9999 0000"
    assert response.json()["name"] == customer.name
    [event] = published(CustomerDetailsChanged)
    assert (event.telephone_number, event.name, event.version) == (
        "+31 6 9999 0000",
        customer.name,
        1,
    )
    patch(api_client, customer, {"city": "Utrecht"})
    assert [e.version for e in published(CustomerDetailsChanged)] == [1, 2]


@pytest.mark.parametrize("body", [{}, {"city": "  {city} "}], ids=["empty", "same"])
def test_a_change_of_nothing_publishes_nothing(api_client, customer, body):
    body = {field: value.format(city=customer.city) for field, value in body.items()}

    response = patch(api_client, customer, body)

    assert response.status_code == 200, response.content
    assert response.json()["city"] == customer.city
    assert published(CustomerDetailsChanged) == []
    assert Customer.objects.get(pk=customer.pk).version == customer.version


@pytest.mark.parametrize("case", CUSTOMER_CASES, ids=case_id)
def test_patch_applies_the_registration_rules(api_client, customer, case):
    field, value, expected = case

    response = patch(api_client, customer, {field: value})

    if expected is INVALID:
        assert response.status_code == 422, response.content
        assert list(response.json()["errors"]) == [field]
        assert published(CustomerDetailsChanged) == []
    else:
        assert response.status_code == 200, response.content
        assert response.json()[field] == expected


@pytest.mark.parametrize("field", ["name", "email_address", "postal_code"])
def test_patch_refuses_null_as_registering_does(api_client, customer, field):
    response = patch(api_client, customer, {field: None})

    assert response.status_code == 422, response.content
    assert list(response.json()["errors"]) == [field]
    assert published(CustomerDetailsChanged) == []


def test_patch_of_an_unknown_customer_is_404(api_client):
    response = api_client.patch(
        f"/api/customers/{UNKNOWN_ID}", {"city": "X"}, content_type="application/json"
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_transfer_gives_the_vehicle_to_another_customer(
    api_client, customer, make_customer, make_vehicle
):
    make_vehicle("12-AB-34")
    bob = make_customer(name="Bob Smith", email_address="bob@example.com")

    response = transfer(api_client, "12-ab-34", bob.customer_id)

    assert response.status_code == 200, response.content
    assert response.json()["owner_id"] == str(bob.customer_id)
    assert Vehicle.objects.get().owner == bob
    [event] = published(VehicleOwnerChanged)
    assert (event.previous_owner_id, event.owner_id, event.version) == (
        customer.customer_id,
        bob.customer_id,
        1,
    )


@pytest.mark.parametrize("path", ["12ab34", "12 AB 34", " 12-ab-34 "])
def test_a_transfer_finds_the_vehicle_as_its_get_does(
    api_client, make_customer, make_vehicle, path
):
    make_vehicle("12-AB-34")
    bob = make_customer(name="Bob Smith", email_address="bob@example.com")

    assert api_client.get(f"/api/vehicles/{path}").status_code == 200
    response = transfer(api_client, path, bob.customer_id)

    assert response.status_code == 200, response.content
    assert response.json()["license_number"] == "12-AB-34"
    [event] = published(VehicleOwnerChanged)
    assert event.license_number == "12-AB-34"


def test_a_transfer_is_refused_clearly(api_client, customer, make_vehicle):
    make_vehicle("12-AB-34")

    same = transfer(api_client, "12-AB-34", customer.customer_id)
    unknown_owner = transfer(api_client, "12-AB-34", UNKNOWN_ID)
    unknown_vehicle = transfer(api_client, "99-ZZ-99", customer.customer_id)
    impossible = transfer(api_client, "1A-2B-3C", customer.customer_id)
    bad = api_client.post(
        "/api/vehicles/12-AB-34/transfer",
        {"owner_id": "nobody"},
        content_type="application/json",
    )

    assert same.status_code == 409
    assert same.json()["detail"] == "Vehicle 12-AB-34 already belongs to this customer."
    assert unknown_owner.status_code == 409
    assert unknown_owner.json()["code"] == "unknown_owner"
    assert unknown_vehicle.status_code == 404
    assert impossible.status_code == 404
    assert bad.status_code == 422
    assert published(VehicleOwnerChanged) == []


def test_a_detail_stored_before_its_rule_never_blocks_changing_another(
    api_client, customer
):
    # Postal codes were free text before the Dutch rule (1234 AB).
    Customer.objects.filter(pk=customer.pk).update(postal_code="SW1A 1AA")

    response = patch(api_client, customer, {"email_address": "new@example.com"})

    assert response.status_code == 200, response.content
    assert response.json()["postal_code"] == "SW1A 1AA"
    [event] = published(CustomerDetailsChanged)
    assert (event.email_address, event.postal_code) == ("new@example.com", "SW1A 1AA")
    refused = patch(api_client, customer, {"postal_code": "SW1A 2AA"})
    assert refused.status_code == 422
    assert "postal_code" in refused.json()["errors"]


def test_the_edit_page_changes_details_with_form_errors_first(logged_in, customer):
    url = f"/customers/{customer.customer_id}/change"
    form = logged_in.get(url)
    assert form.status_code == 200 and customer.email_address in form.text

    wrong = logged_in.post(url, {**_fields(customer), "email_address": "not-an-e-mail"})
    assert wrong.status_code == 200
    assert "Enter a valid email address." in wrong.text
    right = logged_in.post(url, {**_fields(customer), "city": "Utrecht"}, follow=True)

    assert "The customer&#x27;s details are saved." in right.text
    assert Customer.objects.get().city == "Utrecht"


def test_the_transfer_page_moves_the_vehicle(logged_in, make_customer, make_vehicle):
    make_vehicle("12-AB-34")
    bob = make_customer(name="Bob Smith", email_address="bob@example.com")
    url = "/vehicles/12-AB-34/transfer"

    page = logged_in.get(url, {"owner_q": "Bob"})
    assert "Bob Smith" in page.text
    none = logged_in.post(url, {"owner_id": ""})
    assert "Choose the owner." in none.text
    done = logged_in.post(url, {"owner_id": str(bob.customer_id)}, follow=True)

    assert "Vehicle 12-AB-34 is transferred." in done.text
    assert Vehicle.objects.get().owner == bob


def _fields(customer) -> dict:
    return {
        field: getattr(customer, field)
        for field in [
            "name",
            "address",
            "postal_code",
            "city",
            "telephone_number",
            "email_address",
        ]
    }
