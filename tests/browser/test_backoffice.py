from datetime import date

from playwright.sync_api import expect

from apps.timekeeping.events import DayHasPassed
from garage.kernel import bus as kernel_bus
from tests.notifications.factories import customer_registered, job_finished, job_planned

DAY = date(2026, 3, 3)


def test_an_employee_passes_a_day_and_sees_reminders_and_invoices(logged_in_page, bus):
    page = logged_in_page
    ann = customer_registered("Ann Smith")
    done = job_planned(ann, date(2026, 3, 2), "08:00", "09:20", "Replace brake pads")
    today = job_planned(ann, DAY, "10:00", "11:00", "Oil change", "34-CD-56")
    kernel_bus.publish(ann, done, today)
    bus.drain()
    kernel_bus.publish(job_finished(done))
    bus.drain()

    page.goto("/timekeeping/")
    page.get_by_label("Day that begins").fill("2026-03-03")
    page.get_by_role("button", name="Pass the day").click()
    expect(
        page.get_by_role("heading", name="Pass Tuesday 3 March 2026?")
    ).to_be_visible()
    page.get_by_role("button", name="Yes, pass the day").click()

    expect(page.get_by_text("Tue 3 Mar 2026 began")).to_be_visible()
    expect(page.locator("#current-day")).to_have_text("Tuesday 3 March 2026")
    bus.drain()

    page.get_by_role("link", name="Reminders").click()
    row = page.get_by_role("row", name="Ann Smith")
    expect(row).to_contain_text("10:00 Oil change [34-CD-56]")
    expect(row).to_contain_text("ann@example.com")

    page.get_by_role("link", name="Invoices").click()
    row = page.get_by_role("row", name="Ann Smith")
    expect(row).to_contain_text("€ 29.85")  # 24.67 + 21% VAT
    row.get_by_role("link", name="2026-00001").click()
    expect(page.get_by_role("heading", name="Invoice 2026-00001")).to_be_visible()
    document = page.frame_locator("iframe.document")
    expect(document.get_by_role("heading", name="Pitstop Garage")).to_be_visible()
    expect(document.get_by_text("Replace brake pads")).to_be_visible()
    expect(document.get_by_text("Please pay € 29.85 within 30 days")).to_be_visible()
    page.get_by_role("link", name="« All invoices").click()
    expect(page.get_by_role("heading", name="Invoices")).to_be_visible()


def test_an_earlier_day_is_refused_on_the_page(logged_in_page, bus):
    page = logged_in_page
    page.goto("/timekeeping/")
    page.get_by_label("Day that begins").fill("2026-03-03")
    page.get_by_role("button", name="Pass the day").click()
    page.get_by_role("button", name="Yes, pass the day").click()
    expect(page.get_by_text("Tue 3 Mar 2026 began")).to_be_visible()

    page.get_by_label("Day that begins").fill("2026-03-01")
    page.get_by_role("button", name="Pass the day").click()

    refusal = "is before the current business day 2026-03-03"
    expect(page.get_by_text(refusal)).to_be_visible()
    expect(page.get_by_label("Day that begins")).to_have_value("2026-03-01")


def test_the_front_desk_records_a_payment_and_a_manager_credits_the_invoice(
    logged_in_page, bus
):
    """The manager "boss" does both here; the roles matrix tests who may."""
    page = logged_in_page
    ann = customer_registered("Ann Smith")
    job = job_planned(ann, date(2026, 3, 2), "08:00", "10:00", "Oil change")
    kernel_bus.publish(ann, job)
    bus.drain()
    kernel_bus.publish(job_finished(job))
    bus.drain()
    kernel_bus.publish(DayHasPassed(date=DAY))
    bus.drain()

    page.goto("/invoices/2026-00001/")
    expect(page.locator("#status")).to_have_text("Open")
    page.get_by_text("Record a payment").click()
    page.get_by_label("Amount").fill("50.00")
    page.get_by_label("Paid on").fill("2026-03-05")
    page.get_by_label("Method").select_option("card")
    page.get_by_role("button", name="Record the payment").click()
    expect(
        page.get_by_text("€ 50.00 is more than the € 44.77 still open")
    ).to_be_visible()

    page.get_by_label("Amount").fill("40.00")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.get_by_text("Recorded € 40.00 on 2026-00001.")).to_be_visible()
    expect(page.locator("#status")).to_have_text("Partly paid")
    expect(page.locator("#open")).to_have_text("€ 4.77")

    page.get_by_text("Credit this invoice").click()
    page.get_by_label("Reason").fill("Oil change was under warranty")
    page.get_by_role("button", name="Credit the invoice").click()
    expect(page.get_by_role("heading", name="Credit note 2026-00002")).to_be_visible()
    document = page.frame_locator("iframe.document")
    expect(document.get_by_text("Oil change was under warranty")).to_be_visible()
    expect(document.get_by_text("€ -44.77")).to_be_visible()
    page.get_by_role("link", name="invoice 2026-00001").click()
    expect(page.locator("#status")).to_have_text("Credited")
    pdf = page.request.get("/invoices/2026-00001/pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
