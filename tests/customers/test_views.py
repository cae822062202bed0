import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.customers.events import CustomerRegistered, VehicleRegistered
from apps.customers.models import Customer, Vehicle
from garage.kernel.testing import published

from .cases import CUSTOMER, VEHICLE

pytestmark = pytest.mark.django_db

UNKNOWN_ID = "8a0c1d7e-5f0f-4a57-9a4c-2b1f2c3d4e5f"


def names_on(response) -> list[str]:
    return [c.name for c in response.context["page"].object_list]


def make_customers(count: int, start: int = 0) -> None:
    Customer.objects.bulk_create(
        Customer(**{**CUSTOMER, "name": f"Customer {i:05}"})
        for i in range(start, start + count)
    )


def make_vehicles(count: int, start: int = 0) -> None:
    make_customers(1, start=90_000 + start)
    owner = Customer.objects.get(name=f"Customer {90_000 + start:05}")
    Vehicle.objects.bulk_create(
        Vehicle(license_number=f"{i}-AB-1", brand="Opel", type="Astra", owner=owner)
        for i in range(start, start + count)
    )


# Lists


def test_pages_need_a_logged_in_employee(client):
    for name in ["customer_list", "customer_register", "vehicle_list"]:
        response = client.get(reverse(f"customers:{name}"))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_customer_list_shows_name_address_city_and_email(logged_in, customer):
    response = logged_in.get(reverse("customers:customer_list"))

    assert response.status_code == 200
    for field in ["name", "address", "city", "email_address"]:
        assert CUSTOMER[field] in response.text
    assert reverse("customers:customer_detail", args=[customer.pk]) in response.text


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("jansen", ["Jan Jansen"]),
        ("ROTTERDAM", ["Piet Pieters"]),
        ("piet@", ["Piet Pieters"]),
        ("example", ["Jan Jansen", "Piet Pieters"]),
        ("nobody", []),
        ("", ["Jan Jansen", "Piet Pieters", "Zoë Ölçek"]),
        ("  jan ", ["Jan Jansen"]),
        ("jansen amsterdam", []),
        ("50%", []),
        ("_", []),
        ("zoë", ["Zoë Ölçek"]),
    ],
)
def test_customer_list_searches_name_city_and_email(
    logged_in, make_customer, search, found
):
    make_customer()
    make_customer(
        name="Piet Pieters", city="Rotterdam", email_address="piet@example.nl"
    )
    make_customer(name="Zoë Ölçek", city="Zwolle", email_address="z@o.nl")

    response = logged_in.get(reverse("customers:customer_list"), {"q": search})

    assert names_on(response) == found


def test_customer_list_is_paginated_by_name_keeping_the_search(logged_in):
    make_customers(30)

    first = logged_in.get(reverse("customers:customer_list"), {"q": "customer"})
    second = logged_in.get(
        reverse("customers:customer_list"), {"q": "customer", "page": 2}
    )

    assert names_on(first) == [f"Customer {i:05}" for i in range(25)]
    assert names_on(second) == [f"Customer {i:05}" for i in range(25, 30)]
    assert "?q=customer&amp;page=2" in first.text


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999999999999999999999", ""])
def test_customer_list_survives_odd_page_numbers(logged_in, page):
    make_customers(30)

    response = logged_in.get(reverse("customers:customer_list"), {"page": page})

    assert response.status_code == 200


def queries_to_render(client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("params", [{}, {"q": "customer"}, {"page": "2"}])
def test_customer_list_takes_constant_queries(logged_in, params):
    url = reverse("customers:customer_list")
    make_customers(30)
    few = queries_to_render(logged_in, url, **params)
    make_customers(300, start=30)

    # session, user, the user's and their groups' permissions, count, page
    assert queries_to_render(logged_in, url, **params) == few <= 6


@pytest.mark.parametrize("params", [{}, {"q": "ab"}, {"page": "2"}])
def test_vehicle_list_takes_constant_queries(logged_in, params):
    url = reverse("customers:vehicle_list")
    make_vehicles(30)
    few = queries_to_render(logged_in, url, **params)
    make_vehicles(300, start=30)

    # session, user, the user's and their groups' permissions, count, page
    assert queries_to_render(logged_in, url, **params) == few <= 6


def test_vehicle_list_shows_license_brand_type_and_owner(
    logged_in, customer, make_vehicle
):
    make_vehicle("12-AB-34", brand="Volvo", type="V70")

    response = logged_in.get(reverse("customers:vehicle_list"))

    row = re.search(r"<tr>\s*<td>.*?</tr>", response.text, re.S).group()
    for text in ["12-AB-34", "Volvo", "V70", customer.name]:
        assert text in row
    assert reverse("customers:customer_detail", args=[customer.pk]) in row


def test_vehicle_list_searches_license_brand_and_type(logged_in, make_vehicle):
    make_vehicle("12-AB-34", brand="Volvo", type="V70")
    make_vehicle("99-ZZ-1", brand="Opel", type="Astra")

    def found(search):
        response = logged_in.get(reverse("customers:vehicle_list"), {"q": search})
        return [v.license_number for v in response.context["page"].object_list]

    assert found("ab-") == ["12-AB-34"]
    assert found("opel") == ["99-ZZ-1"]
    assert found("v70") == ["12-AB-34"]


# Details


def test_customer_detail_shows_fields_vehicles_and_workshop_link(
    logged_in, customer, make_vehicle
):
    make_vehicle("12-AB-34")

    response = logged_in.get(reverse("customers:customer_detail", args=[customer.pk]))

    for value in CUSTOMER.values():
        assert value in response.text
    assert reverse("customers:vehicle_detail", args=["12-AB-34"]) in response.text
    assert reverse("workshop:customer_jobs", args=[customer.pk]) in response.text
    register = reverse("customers:vehicle_register") + f"?owner={customer.pk}"
    assert register in response.text


def test_unknown_customer_is_not_found(logged_in):
    url = reverse("customers:customer_detail", args=[UNKNOWN_ID])

    assert logged_in.get(url).status_code == 404
    assert logged_in.get("/customers/not-a-uuid/").status_code == 404


@pytest.mark.parametrize("license_number", ["12-AB-34", "12-ab-34"])
def test_vehicle_detail_shows_fields_owner_and_job_history_link(
    logged_in, customer, make_vehicle, license_number
):
    make_vehicle("12-AB-34", brand="Volvo", type="V70")

    response = logged_in.get(f"/vehicles/{license_number}/")

    assert response.status_code == 200
    assert "Volvo V70 [12-AB-34]" in response.text
    assert reverse("customers:customer_detail", args=[customer.pk]) in response.text
    assert reverse("workshop:vehicle_history", args=["12-AB-34"]) in response.text


@pytest.mark.parametrize("path", ["99-ZZ-99", "not a plate", "x" * 5000, "%00"])
def test_unknown_vehicle_is_not_found(logged_in, path):
    assert logged_in.get(f"/vehicles/{path}/").status_code == 404


# Registering a customer


def test_registering_a_customer_leads_to_its_details(logged_in):
    response = logged_in.post(
        reverse("customers:customer_register"), CUSTOMER, follow=True
    )

    customer = Customer.objects.get()
    assert response.redirect_chain == [
        (reverse("customers:customer_detail", args=[customer.pk]), 302)
    ]
    assert "Customer Jan Jansen is registered." in response.text
    assert len(published(CustomerRegistered)) == 1


def test_customer_form_shows_errors_by_the_fields_and_keeps_the_input(logged_in):
    data = {**CUSTOMER, "telephone_number": "12", "email_address": "jan@"}

    response = logged_in.post(reverse("customers:customer_register"), data)

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"telephone_number", "email_address"}
    assert 'id="id_telephone_number_error"' in response.text
    assert 'value="jan@"' in response.text
    assert 'value="Dorpsstraat 1"' in response.text
    assert not Customer.objects.exists()
    assert published(CustomerRegistered) == []


# Registering a vehicle


def option_labels(response) -> list[str]:
    return [
        label
        for value, label in response.context["form"].fields["owner_id"].widget.choices
        if value
    ]


def test_vehicle_form_preselects_the_owner_from_the_customer_page(
    logged_in, customer, make_customer
):
    make_customer(name="Another")

    response = logged_in.get(
        reverse("customers:vehicle_register"), {"owner": str(customer.pk)}
    )

    assert f'<option value="{customer.pk}" selected>' in response.text


def test_owner_search_narrows_the_owner_list(logged_in, make_customer):
    make_customer(name="Jan Jansen")
    make_customer(name="Piet Pieters", city="Rotterdam")

    response = logged_in.get(
        reverse("customers:vehicle_register"), {"owner_q": "rotter"}
    )

    assert option_labels(response) == ["Piet Pieters, Rotterdam (jan@example.com)"]
    # The only match is chosen already.
    assert "selected>Piet Pieters" in response.text


def test_owner_list_is_limited_however_many_customers_there_are(logged_in):
    make_customers(120)

    response = logged_in.get(reverse("customers:vehicle_register"))

    assert len(option_labels(response)) == 50


def test_registering_a_vehicle_leads_to_its_details(logged_in, customer):
    data = {**VEHICLE, "license_number": "12-ab-34", "owner_id": customer.pk}

    response = logged_in.post(reverse("customers:vehicle_register"), data, follow=True)

    assert response.redirect_chain == [
        (reverse("customers:vehicle_detail", args=["12-AB-34"]), 302)
    ]
    assert "Vehicle 12-AB-34 is registered." in response.text
    assert Vehicle.objects.get().owner == customer
    assert len(published(VehicleRegistered)) == 1


def test_duplicate_license_shows_by_the_license_field(
    logged_in, customer, make_vehicle
):
    make_vehicle("12-AB-34")
    data = {**VEHICLE, "license_number": "12-ab-34", "owner_id": customer.pk}

    response = logged_in.post(reverse("customers:vehicle_register"), data)

    assert response.context["form"].errors == {
        "license_number": [
            "A vehicle with license number 12-AB-34 is already registered."
        ]
    }
    assert 'value="12-ab-34"' in response.text
    assert f'<option value="{customer.pk}" selected>' in response.text
    assert published(VehicleRegistered) == []


def test_unknown_owner_shows_by_the_owner_field(logged_in, customer):
    data = {**VEHICLE, "owner_id": UNKNOWN_ID}

    response = logged_in.post(reverse("customers:vehicle_register"), data)

    assert response.context["form"].errors == {"owner_id": ["No customer has this id."]}
    assert not Vehicle.objects.exists()


def test_vehicle_form_keeps_input_and_owner_search_on_errors(logged_in, customer):
    data = {
        **VEHICLE,
        "license_number": "A1-22-BB",
        "owner_id": customer.pk,
        "owner_q": "jan",
    }

    response = logged_in.post(reverse("customers:vehicle_register"), data)

    assert list(response.context["form"].errors) == ["license_number"]
    assert 'value="A1-22-BB"' in response.text
    assert 'name="owner_q" value="jan"' in response.text
    assert f'<option value="{customer.pk}" selected>' in response.text
