from datetime import date

from playwright.sync_api import expect

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
    expect(row).to_contain_text("€ 24.67")
    row.get_by_role("link", name="2026-00001").click()
    expect(page.get_by_role("heading", name="Invoice 2026-00001")).to_be_visible()
    document = page.frame_locator("iframe.document")
    expect(document.get_by_role("heading", name="Pitstop Garage")).to_be_visible()
    expect(document.get_by_text("Replace brake pads")).to_be_visible()
    expect(document.get_by_text("Please pay € 24.67 within 30 days")).to_be_visible()
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
