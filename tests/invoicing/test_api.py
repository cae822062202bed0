import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.invoicing.models import Invoice, InvoiceLine

pytestmark = pytest.mark.django_db


def make_invoice(number: str = "2026-00001", **fields) -> Invoice:
    invoice = Invoice.objects.create(
        **{
            "number": number,
            "customer_id": uuid.uuid4(),
            "customer_name": "Ann Smith",
            "customer_address": "Keizersgracht 1",
            "customer_postal_code": "1015 AA",
            "customer_city": "Amsterdam",
            "invoice_date": date(2026, 3, 3),
            "due_date": date(2026, 4, 2),
            "total": Decimal("55.50"),
            "html": "<!doctype html><p>Invoice</p>",
            **fields,
        }
    )
    for hours, amount in [("2.00", "37.00"), ("1.00", "18.50")]:
        InvoiceLine.objects.create(
            invoice=invoice,
            job_id=uuid.uuid4(),
            day=date(2026, 3, 2),
            description="Oil change",
            license_number="12-AB-34",
            hours=Decimal(hours),
            amount=Decimal(amount),
        )
    return invoice


def test_get_an_invoice_with_money_as_decimal_strings(api_client):
    invoice = make_invoice(sent_at=timezone.now())

    response = api_client.get("/api/invoices/2026-00001")

    assert response.status_code == 200
    body = response.json()
    assert body["number"] == "2026-00001"
    assert body["invoice_date"] == "2026-03-03"
    assert body["due_date"] == "2026-04-02"
    assert body["customer_id"] == str(invoice.customer_id)
    assert body["customer_name"] == "Ann Smith"
    assert body["total"] == "55.50"
    assert [line["amount"] for line in body["lines"]] == ["37.00", "18.50"]
    assert body["lines"][0]["hours"] == "2.00"
    assert set(body["lines"][0]) == {
        "job_id",
        "description",
        "license_number",
        "hours",
        "amount",
    }
    assert body["sent_at"].endswith(("+01:00", "+02:00"))


def test_an_unknown_invoice_is_404(api_client):
    response = api_client.get("/api/invoices/2026-99999")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "There is no invoice 2026-99999.",
        "code": "not_found",
    }


def test_list_invoices_paginated(api_client):
    for n in range(1, 4):
        make_invoice(f"2026-0000{n}")

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
