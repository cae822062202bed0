import pytest
from django.utils import timezone

from apps.invoicing.models import Invoice

from .factories import customer, finished_job, issue, issued_invoice, issued_invoices

pytestmark = pytest.mark.django_db


def test_get_an_invoice_with_money_as_decimal_strings(api_client):
    invoice = issued_invoice()
    Invoice.objects.filter(pk=invoice.pk).update(sent_at=timezone.now())

    response = api_client.get("/api/invoices/2026-00001")

    assert response.status_code == 200
    body = response.json()
    assert body["number"] == "2026-00001"
    assert body["invoice_date"] == "2026-03-03"
    assert body["due_date"] == "2026-04-02"
    assert body["customer_id"] == str(invoice.customer_id)
    assert body["customer_name"] == "Ann Smith"
    assert (body["subtotal"], body["vat_rate"], body["vat"]) == (
        "55.50",
        "21.00",
        "11.66",
    )
    assert body["total"] == "67.16"
    assert (body["status"], body["amount_paid"], body["open_amount"]) == (
        "Open",
        "0.00",
        "67.16",
    )
    assert [line["amount"] for line in body["lines"]] == ["37.00", "18.50"]
    assert body["lines"][0]["quantity"] == "2.00"
    assert body["lines"][0]["unit_price"] == "18.50"
    assert body["lines"][0]["kind"] == "labour"
    assert set(body["lines"][0]) == {
        "job_id",
        "kind",
        "day",
        "description",
        "license_number",
        "hours",
        "quantity",
        "unit_price",
        "amount",
    }
    assert body["sent_at"].endswith(("+01:00", "+02:00"))


def test_lines_keep_release_1_s_hours(api_client):
    """SPEC 9's line has ``hours``; SPEC 17 adds ``quantity`` beside it."""
    finished_job(customer(), labour_hours="1.50", parts=(("Filter", "2", "9.99"),))
    issue()

    lines = api_client.get("/api/invoices/2026-00001").json()["lines"]

    assert [(line["kind"], line["hours"], line["quantity"]) for line in lines] == [
        ("labour", "1.50", "1.50"),
        ("part", None, "2.00"),
    ]


def test_an_unknown_invoice_is_404(api_client):
    response = api_client.get("/api/invoices/2026-99999")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "There is no invoice 2026-99999.",
        "code": "not_found",
    }


def test_list_invoices_paginated(api_client):
    issued_invoices(3)

    response = api_client.get("/api/invoices?limit=2&offset=0")

    body = response.json()
    assert body["count"] == 3
    assert [item["number"] for item in body["items"]] == ["2026-00003", "2026-00002"]
    assert body["items"][0]["sent_at"] is None
    rest = api_client.get("/api/invoices?limit=2&offset=2").json()
    assert [item["number"] for item in rest["items"]] == ["2026-00001"]


@pytest.mark.parametrize("query", ["limit=0", "limit=1000", "offset=-1", "limit=x"])
def test_bad_paging_is_422(api_client, query):
    response = api_client.get(f"/api/invoices?{query}")

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_invoices_need_authentication(client):
    assert client.get("/api/invoices").status_code == 401


def test_a_page_of_invoices_takes_the_same_queries_for_1_or_20(
    api_client, django_assert_max_num_queries
):
    issued_invoices(1)
    with django_assert_max_num_queries(8) as one:
        api_client.get("/api/invoices?limit=50")
    issued_invoices(20)

    with django_assert_max_num_queries(len(one.captured_queries)):
        body = api_client.get("/api/invoices?limit=50").json()

    assert body["count"] == 21
    assert {item["status"] for item in body["items"]} == {"Open"}
