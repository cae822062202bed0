"""The invoice as a document: one template, HTML and PDF; the printable page,
the download and the e-mail attachment are the same document; delivery to the
customer, the print shop or both, once."""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest
from django.core import mail
from pypdf import PdfReader

from apps.invoicing import handlers
from apps.invoicing.commands import SendInvoice
from apps.invoicing.models import Invoice
from apps.timekeeping.events import DayHasPassed

from .factories import customer, finished_job, issue, issued_invoice

SAMPLE_PNG = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def pdf_text(pdf: bytes) -> str:
    """The PDF's words, each run of white space (a wrapped cell) as one space."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def send(invoice: Invoice) -> Invoice:
    handlers.send_invoice(SendInvoice(number=invoice.number))
    invoice.refresh_from_db()
    return invoice


def invoice_with_parts() -> Invoice:
    finished_job(
        customer("Zoë Çelik", email="zoe@example.com"),
        "08:00",
        "09:20",
        parts=(("Oil filter", "1", "12.50"), ("Engine oil, litre", "4.5", "9.99")),
    )
    (invoice,) = issue()
    return invoice


@pytest.mark.django_db
def test_the_pdf_holds_the_number_customer_lines_and_totals(settings):
    invoice = send(invoice_with_parts())

    text = pdf_text(bytes(invoice.pdf))

    for expected in [
        settings.GARAGE_NAME,
        settings.GARAGE_VAT_NUMBER,
        settings.GARAGE_COC_NUMBER,
        invoice.number,
        "Zoë Çelik",
        "1015 AA Amsterdam",
        "Oil change",
        "Oil filter",
        "Engine oil, litre",
        "€ 24.67",  # 1 h 20 min of labour
        "€ 44.96",  # 4.5 x 9.99
        "€ 82.13",  # subtotal
        "€ 17.25",  # VAT 21%
        "€ 99.38",  # total
        "21%",
    ]:
        assert expected in text, expected
    SAMPLE_PNG.mkdir(parents=True, exist_ok=True)
    page = pypdfium2.PdfDocument(bytes(invoice.pdf))[0]
    page.render(scale=1.5).to_pil().save(SAMPLE_PNG / "invoice-sample.png")


@pytest.mark.django_db
def test_page_download_and_attachment_are_the_same_document(logged_in):
    invoice = send(invoice_with_parts())

    [message] = mail.outbox
    [(filename, attached, mimetype)] = message.attachments
    download = logged_in.get(f"/invoices/{invoice.number}/pdf")
    printable = logged_in.get(f"/invoices/{invoice.number}/document")

    assert (filename, mimetype) == (f"{invoice.number}.pdf", "application/pdf")
    assert download["Content-Type"] == "application/pdf"
    assert download.content == attached == bytes(invoice.pdf)
    assert printable.text == message.body == invoice.html


@pytest.mark.django_db
def test_before_sending_the_download_renders_the_same_bytes(logged_in):
    invoice = invoice_with_parts()

    before = logged_in.get(f"/invoices/{invoice.number}/pdf").content
    after = bytes(send(invoice).pdf)

    assert before[:5] == b"%PDF-"
    assert before == after


@pytest.mark.django_db
def test_the_api_serves_the_pdf(api_client):
    invoice = send(issued_invoice())

    response = api_client.get(f"/api/invoices/{invoice.number}.pdf")
    missing = api_client.get("/api/invoices/2026-99999.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == bytes(invoice.pdf)
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("delivery", "to"),
    [
        ("customer", ["ann@example.com"]),
        ("print_shop", ["pitstop@prestoprint.nl"]),
        ("both", ["ann@example.com", "pitstop@prestoprint.nl"]),
    ],
)
def test_invoice_delivery_chooses_the_recipients(settings, delivery, to):
    settings.INVOICE_DELIVERY = delivery

    invoice = send(issued_invoice())

    [message] = mail.outbox
    assert message.to == to
    assert invoice.sent_to == ", ".join(to)
    assert message.subject == f"Pitstop Garage Invoice #{invoice.number}"


@pytest.mark.django_db
def test_a_customer_without_e_mail_gets_it_through_the_print_shop(settings):
    settings.INVOICE_DELIVERY = "customer"
    finished_job(customer("Carl Brown", email=""))
    (invoice,) = issue()

    send(invoice)

    assert mail.outbox[0].to == ["pitstop@prestoprint.nl"]


@pytest.mark.django_db
def test_an_invoice_is_sent_once(settings):
    invoice = issued_invoice()

    send(invoice)
    send(invoice)

    assert len(mail.outbox) == 1


def test_the_day_passing_sends_each_invoice_with_its_pdf_once(publish):
    """Through the real bus: planned and finished jobs, the day passes."""
    from tests.notifications.factories import (
        customer_registered,
        job_finished,
        job_planned,
    )

    ann = customer_registered("Ann Smith")
    job = job_planned(ann, date(2026, 3, 2), "08:00", "10:00")
    publish(ann, job)
    publish(job_finished(job))

    publish(DayHasPassed(date=date(2026, 3, 3)))
    publish(DayHasPassed(date=date(2026, 3, 3)))

    [message] = [m for m in mail.outbox if m.subject.startswith("Pitstop Garage Inv")]
    invoice = Invoice.objects.get()
    assert message.to == ["ann@example.com"]
    assert message.attachments[0][1] == bytes(invoice.pdf)
    assert invoice.total == Decimal("44.77")


def test_parts_from_the_workshop_reach_the_invoice(publish):
    from apps.workshop.events import JobPart
    from tests.notifications.factories import (
        customer_registered,
        job_finished,
        job_planned,
    )

    ann = customer_registered("Ann Smith")
    job = job_planned(ann, date(2026, 3, 2), "08:00", "10:00")
    publish(ann, job)
    finished = job_finished(job).model_copy(
        update={
            "labour_hours": Decimal("1.50"),
            "parts": (
                JobPart(
                    description="Wiper",
                    quantity=Decimal("2"),
                    unit_price=Decimal("7.25"),
                ),
            ),
        }
    )
    publish(finished)

    publish(DayHasPassed(date=date(2026, 3, 3)))

    invoice = Invoice.objects.get()
    lines = list(invoice.lines.values_list("kind", "quantity", "amount"))
    assert lines == [
        ("labour", Decimal("1.50"), Decimal("27.75")),
        ("part", Decimal("2.00"), Decimal("14.50")),
    ]
    assert (invoice.subtotal, invoice.vat, invoice.total) == (
        Decimal("42.25"),
        Decimal("8.87"),
        Decimal("51.12"),
    )
