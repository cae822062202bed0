import json

import pytest

from apps.customers.events import CustomerRegistered, VehicleRegistered
from apps.customers.models import Customer, Vehicle
from garage.kernel.testing import published

from .cases import CUSTOMER, CUSTOMER_CASES, INVALID, VEHICLE, VEHICLE_CASES, case_id

pytestmark = pytest.mark.django_db

UNKNOWN_ID = "8a0c1d7e-5f0f-4a57-9a4c-2b1f2c3d4e5f"


def post(client, path: str, body) -> object:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(path, data, content_type="application/json")


def vehicle_body(owner, **fields) -> dict:
    return {**VEHICLE, "owner_id": str(owner.customer_id), **fields}


# Field rules


@pytest.mark.parametrize("case", CUSTOMER_CASES, ids=case_id)
def test_create_customer_applies_field_rule(api_client, case):
    field, value, expected = case

    response = post(api_client, "/api/customers", {**CUSTOMER, field: value})

    if expected is INVALID:
        assert response.status_code == 422, response.json()
        assert response.json()["code"] == "invalid"
        assert list(response.json()["errors"]) == [field]
        assert published(CustomerRegistered) == []
    else:
        assert response.status_code == 201, response.json()
        assert response.json()[field] == expected


@pytest.mark.parametrize("case", VEHICLE_CASES, ids=case_id)
def test_create_vehicle_applies_field_rule(api_client, customer, case):
    field, value, expected = case

    response = post(
        api_client, "/api/vehicles", vehicle_body(customer, **{field: value})
    )

    if expected is INVALID:
        assert response.status_code == 422, response.json()
        assert list(response.json()["errors"]) == [field]
        assert published(VehicleRegistered) == []
    else:
        assert response.status_code == 201, response.json()
        assert response.json()[field] == expected


# Customers


def test_create_customer_answers_201_with_the_customer(api_client):
    response = post(api_client, "/api/customers", CUSTOMER)

    assert response.status_code == 201
    body = response.json()
    customer = Customer.objects.get()
    assert body == {
        **CUSTOMER,
        "customer_id": str(customer.customer_id),
        "registered_at": body["registered_at"],
    }
    assert body["registered_at"].endswith(("+01:00", "+02:00"))
    assert published(CustomerRegistered) == [
        CustomerRegistered(customer_id=customer.customer_id, **CUSTOMER)
    ]


def test_get_customer(api_client, customer):
    response = api_client.get(f"/api/customers/{customer.customer_id}")

    assert response.status_code == 200
    assert response.json()["customer_id"] == str(customer.customer_id)
    assert response.json()["name"] == customer.name


@pytest.mark.parametrize("customer_id", [UNKNOWN_ID, "not-a-uuid", "1" * 5000, "%00"])
def test_unknown_customer_is_404_or_422(api_client, customer_id):
    response = api_client.get(f"/api/customers/{customer_id}")

    assert response.status_code in (404, 422)
    assert "detail" in response.json()


def test_list_customers_pages_with_limit_and_offset(api_client, make_customer):
    for name in ["C", "A", "B"]:
        make_customer(name=name)

    response = api_client.get("/api/customers", {"limit": 2, "offset": 1})

    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert [c["name"] for c in response.json()["items"]] == ["B", "C"]


def test_list_customers_searches(api_client, make_customer):
    make_customer(name="Jan")
    make_customer(name="Piet", city="Rotterdam")

    response = api_client.get("/api/customers", {"q": "rotterdam"})

    assert [c["name"] for c in response.json()["items"]] == ["Piet"]
    assert response.json()["count"] == 1


# Vehicles


def test_create_vehicle_answers_201_with_the_vehicle(api_client, customer):
    body = vehicle_body(customer, license_number="ab-123-c")

    response = post(api_client, "/api/vehicles", body)

    assert response.status_code == 201
    assert response.json() == {**body, "license_number": "AB-123-C"}
    assert published(VehicleRegistered) == [
        VehicleRegistered(**{**body, "license_number": "AB-123-C"})
    ]


@pytest.mark.parametrize("second", ["12-AB-34", "12-ab-34"])
def test_duplicate_license_is_409(api_client, customer, second):
    post(api_client, "/api/vehicles", vehicle_body(customer, license_number="12-ab-34"))

    response = post(
        api_client, "/api/vehicles", vehicle_body(customer, license_number=second)
    )

    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_license"
    assert len(published(VehicleRegistered)) == 1


def test_vehicle_of_unknown_owner_is_409(api_client):
    response = post(api_client, "/api/vehicles", {**VEHICLE, "owner_id": UNKNOWN_ID})

    assert response.status_code == 409
    assert response.json()["code"] == "unknown_owner"
    assert not Vehicle.objects.exists()


@pytest.mark.parametrize("owner_id", ["", "not-a-uuid", 42, None, [UNKNOWN_ID]])
def test_malformed_owner_id_is_422(api_client, owner_id):
    response = post(api_client, "/api/vehicles", {**VEHICLE, "owner_id": owner_id})

    assert response.status_code == 422
    assert "owner_id" in response.json()["errors"]


@pytest.mark.parametrize("path", ["12-AB-34", "12-ab-34", "12-Ab-34"])
def test_get_vehicle_in_any_case(api_client, make_vehicle, path):
    make_vehicle("12-AB-34")

    response = api_client.get(f"/api/vehicles/{path}")

    assert response.status_code == 200
    assert response.json()["license_number"] == "12-AB-34"


@pytest.mark.parametrize(
    "path", ["99-ZZ-99", "nonsense", "x" * 5000, "%00", "12-AB-34%00"]
)
def test_unknown_vehicle_is_404(api_client, make_vehicle, path):
    make_vehicle("12-AB-34")

    response = api_client.get(f"/api/vehicles/{path}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_list_vehicles(api_client, customer, make_vehicle):
    for number in ["2-B-2", "1-A-1", "3-C-3"]:
        make_vehicle(number)

    response = api_client.get("/api/vehicles", {"limit": 2})

    assert response.json() == {
        "items": [
            {
                "license_number": n,
                "brand": "Volkswagen",
                "type": "Golf",
                "owner_id": str(customer.pk),
            }
            for n in ["1-A-1", "2-B-2"]
        ],
        "count": 3,
    }


# Odd input: never a 500


@pytest.mark.parametrize("path", ["/api/customers", "/api/vehicles"])
@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "",
        "null",
        "[]",
        '"a string"',
        "42",
        json.dumps({field: 123 for field in CUSTOMER}),
        json.dumps({field: None for field in CUSTOMER}),
        json.dumps({field: {"nested": [1]} for field in CUSTOMER}),
        json.dumps({field: ["list"] for field in CUSTOMER}),
        json.dumps({field: True for field in CUSTOMER}),
        json.dumps({"name": "only the name"}),
        json.dumps({**CUSTOMER, **VEHICLE, "owner_id": "x" * 100_000, "city": ""}),
        json.dumps({field: "x" * 200_000 for field in {**CUSTOMER, **VEHICLE}}),
        "\x00",
    ],
    ids=lambda body: body[:20],
)
def test_odd_bodies_are_refused_without_a_500(api_client, path, body):
    response = post(api_client, path, body)

    assert response.status_code in (400, 422), response.content[:300]
    assert "detail" in response.json()
    assert not Customer.objects.exists()


@pytest.mark.parametrize("debug", [False, True])
def test_a_body_beyond_the_upload_limit_is_refused_without_a_500(
    api_client, settings, debug
):
    settings.DEBUG = debug  # on, as on the embedded default
    body = {**CUSTOMER, "name": "x" * 3_000_000}

    response = post(api_client, "/api/customers", body)

    assert response.status_code == 400  # Django's DATA_UPLOAD_MAX_MEMORY_SIZE
    assert response.json()["code"] == "bad_request"
    assert not Customer.objects.exists()


def test_the_400_of_a_body_too_large_is_documented_where_there_is_a_body():
    from garage.api import api

    paths = api.get_openapi_schema(path_prefix="/api/")["paths"]

    assert 400 in paths["/api/customers"]["post"]["responses"]
    assert 400 in paths["/api/customers/{customer_id}"]["patch"]["responses"]
    assert 400 not in paths["/api/customers"]["get"]["responses"]


def test_unknown_body_fields_are_refused_by_name(api_client):
    response = post(
        api_client, "/api/customers", {**CUSTOMER, "customer_id": UNKNOWN_ID, "x": 1}
    )

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"customer_id", "x"}
    assert not Customer.objects.exists()


@pytest.mark.parametrize("path", ["/api/customers", "/api/vehicles"])
@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": -1},
        {"limit": 501},
        {"limit": "abc"},
        {"limit": "1.5"},
        {"limit": 10**30},
        {"offset": -1},
        {"offset": "abc"},
        {"offset": 10**30},
        {"q": "x" * 101},
    ],
    ids=str,
)
def test_bad_list_parameters_are_422(api_client, path, params):
    response = api_client.get(path, params)

    assert response.status_code == 422
    [field] = params
    assert list(response.json()["errors"]) == [f"query.{field}"]


@pytest.mark.parametrize("path", ["/api/customers", "/api/vehicles"])
@pytest.mark.parametrize("q", ["%", "_", "\\", "'; DROP TABLE x; --", "ünï"])
def test_odd_searches_find_nothing_without_a_500(api_client, path, q):
    response = api_client.get(path, {"q": q, "offset": 999_999_999})

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_api_needs_authentication(client):
    assert client.get("/api/customers").status_code == 401
    assert post(client, "/api/customers", CUSTOMER).status_code == 401
    assert not Customer.objects.exists()
