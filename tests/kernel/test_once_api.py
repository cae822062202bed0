"""``Idempotency-Key`` on the API's POSTs (garage/kernel/once.py)."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from apps.customers.events import CustomerRegistered
from apps.customers.models import Customer, Vehicle
from garage.api import api
from garage.kernel.models import ApiToken, IdempotentRequest
from garage.kernel.roles import FRONT_DESK
from garage.kernel.testing import published
from tests.conftest import member_of
from tests.customers.cases import CUSTOMER

pytestmark = pytest.mark.django_db


def register(client, key: str | None = "k-1", body: dict | str = CUSTOMER, **fields):
    data = body if isinstance(body, str) else json.dumps({**body, **fields})
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(
        "/api/customers", data, content_type="application/json", headers=headers
    )


def test_a_retry_gets_the_first_answer_and_has_no_second_effect(api_client):
    first = register(api_client)

    retry = register(api_client)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Customer.objects.count() == 1
    assert len(published(CustomerRegistered)) == 1


def test_the_same_json_spaced_otherwise_is_the_same_request(api_client):
    first = register(api_client)

    retry = register(
        api_client, body=json.dumps(dict(reversed(CUSTOMER.items())), indent=4)
    )

    assert retry.json() == first.json()
    assert Customer.objects.count() == 1


def test_a_retried_vehicle_is_not_a_duplicate_license(api_client):
    owner = register(api_client, key="owner").json()
    vehicle = {
        "license_number": "12-AB-34",
        "brand": "Volvo",
        "type": "V70",
        "owner_id": owner["customer_id"],
    }

    def send():
        return api_client.post(
            "/api/vehicles",
            vehicle,
            content_type="application/json",
            headers={"Idempotency-Key": "vehicle"},
        )

    first, retry = send(), send()

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert Vehicle.objects.count() == 1


def test_the_same_key_with_another_body_is_422_in_the_apis_error_shape(api_client):
    register(api_client)

    response = register(api_client, name="Piet Pieters")

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert response.json()["detail"]
    assert list(response.json()["errors"]) == ["Idempotency-Key"]
    assert list(Customer.objects.values_list("name", flat=True)) == ["Jan Jansen"]


def test_the_same_key_on_another_operation_is_422(api_client):
    customer = register(api_client).json()

    response = api_client.post(
        "/api/vehicles",
        {
            "license_number": "12-AB-34",
            "brand": "Volvo",
            "type": "V70",
            "owner_id": customer["customer_id"],
        },
        content_type="application/json",
        headers={"Idempotency-Key": "k-1"},
    )

    assert response.status_code == 422
    assert not Vehicle.objects.exists()


def test_concurrent_duplicates_make_one_customer(bus, user):
    token = ApiToken.issue(user)
    ready = threading.Barrier(2)
    answers = []

    def send() -> None:
        client = Client(headers={"Authorization": f"Bearer {token}"})
        ready.wait()
        try:
            answers.append(register(client))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answer.status_code for answer in answers) == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert sum("Idempotent-Replayed" in answer for answer in answers) == 1
    assert Customer.objects.count() == 1
    bus.drain()
    assert len(published(CustomerRegistered)) == 1


def test_keys_belong_to_their_user(api_client, django_user_model):
    other = Client()
    token = ApiToken.issue(member_of(FRONT_DESK, django_user_model, "other"))
    other.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    register(api_client)
    response = register(other)

    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Customer.objects.count() == 2


def test_a_refused_request_keeps_no_key(api_client):
    refused = register(api_client, email_address="not-an-address")

    corrected = register(api_client)

    assert refused.status_code == 422
    assert corrected.status_code == 201
    assert IdempotentRequest.objects.count() == 1


def test_an_expired_key_may_be_used_again(api_client, settings):
    register(api_client)
    settings.IDEMPOTENCY_KEY_HOURS = 0

    again = register(api_client)

    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert Customer.objects.count() == 2
    assert IdempotentRequest.objects.count() == 1


def test_without_a_key_every_request_counts_as_today(api_client):
    first = register(api_client, key=None)
    second = register(api_client, key=None)

    assert first.status_code == second.status_code == 201
    assert Customer.objects.count() == 2
    assert not IdempotentRequest.objects.exists()


@pytest.mark.parametrize("key", ["", "two words", "x" * 256, "ünï"])
def test_a_malformed_key_is_422_and_changes_nothing(api_client, key):
    response = register(api_client, key=key)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["Idempotency-Key"]
    assert not Customer.objects.exists()
    assert published(CustomerRegistered) == []


def test_without_credentials_a_key_is_401(client):
    assert register(client).status_code == 401
    assert not IdempotentRequest.objects.exists()


def test_a_session_write_with_a_key_still_needs_its_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = register(client)

    assert response.status_code == 403
    assert not Customer.objects.exists()
    assert not IdempotentRequest.objects.exists()


def test_every_post_documents_the_header():
    paths = api.get_openapi_schema()["paths"]
    posts = [ops["post"] for ops in paths.values() if "post" in ops]

    assert posts
    for operation in posts:
        names = [p["name"] for p in operation.get("parameters", [])]
        assert "Idempotency-Key" in names, operation["operationId"]
