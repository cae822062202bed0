"""Text no database can store (NUL, lone surrogates) is refused with a 4xx in
both modes, before it reaches a query: 422 in the API, 404 in a path, a 400
page for a form or a query string; never a 500, never stored."""

import json

import pytest

from apps.customers.models import Customer

pytestmark = pytest.mark.django_db

CUSTOMER = {
    "name": "Ada Lovelace",
    "address": "Keizersgracht 1",
    "postal_code": "1015 CJ",
    "city": "Amsterdam",
    "telephone_number": "+31 20 123 4567",
    "email_address": "ada@example.com",
}
JOB = "/api/workshop/plannings/2030-05-06/jobs"


def post_raw(client, path: str, body: str):
    return client.post(path, body, content_type="application/json")


@pytest.mark.parametrize("bad", ["Ada\x00", "\ud800x"])
def test_api_bodies_with_unstorable_text_are_422_naming_the_field(api_client, bad):
    body = json.dumps({**CUSTOMER, "name": bad})

    response = post_raw(api_client, "/api/customers", body)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "name": ["The input holds characters that cannot be stored (such as NUL)."]
    }
    assert not Customer.objects.exists()


@pytest.mark.parametrize("field", ["description", "license_number"])
def test_a_job_with_nul_is_422(api_client, field):
    job = {
        "start_time": "2030-05-06T08:00:00",
        "end_time": "2030-05-06T10:00:00",
        "license_number": "12-AB-34",
        "description": "Oil",
    }

    response = post_raw(api_client, JOB, json.dumps({**job, field: "x\x00"}))

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]


@pytest.mark.parametrize(
    "path",
    [
        "/api/invoices/%00",
        "/api/vehicles/12-AB%00",
        "/api/workshop/plannings/2030-05-06%00",
        "/api/workshop/vehicles/12-AB%00/history",
    ],
)
def test_api_paths_with_nul_are_404(api_client, path):
    response = api_client.get(path)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "path",
    [
        "/invoices/%00/",
        "/workshop/vehicles/%00/jobs",
        "/workshop/vehicles/%00/history",
        "/vehicles/%00/",
    ],
)
def test_pages_with_nul_in_the_path_are_404(logged_in, path):
    assert logged_in.get(path).status_code == 404


def test_a_query_string_with_nul_is_422_in_the_api_and_400_on_a_page(
    api_client, logged_in
):
    assert api_client.get("/api/customers", {"q": "a\x00"}).status_code == 422
    page = logged_in.get("/customers/", {"q": "a\x00"})
    assert page.status_code == 400
    assert "cannot be stored" in page.content.decode()


def test_a_form_field_with_nul_is_refused_and_nothing_is_stored(logged_in):
    response = logged_in.post("/customers/register", {**CUSTOMER, "city": "A\x00"})

    assert response.status_code == 400
    assert not Customer.objects.exists()


def test_a_body_that_is_not_utf8_is_422(api_client):
    response = api_client.post(
        "/api/customers", b'{"name": "\xff"}', content_type="application/json"
    )

    assert response.status_code == 422


@pytest.mark.parametrize("nul", ["", "\x00"])
def test_a_form_posted_to_the_api_is_422_not_a_500(api_client, nul):
    response = api_client.post("/api/customers", {**CUSTOMER, "name": f"Ada{nul}"})

    assert response.status_code == 422
    assert response.json()["code"] == "malformed"
    assert not Customer.objects.exists()
