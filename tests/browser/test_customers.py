import re

from playwright.sync_api import Page, expect


def register_customer(page: Page) -> None:
    page.goto("/customers/register")
    page.get_by_label("Name", exact=True).fill("Marieke Bakker")
    page.get_by_label("Address", exact=True).fill("Kerkstraat 12")
    page.get_by_label("Postal code", exact=True).fill("3511 AB")
    page.get_by_label("City", exact=True).fill("Utrecht")
    page.get_by_label("Telephone number", exact=True).fill("12")
    page.get_by_label("E-mail address", exact=True).fill("marieke@example.com")
    page.get_by_role("button", name="Register customer").click()

    # The server refuses the telephone number and keeps the rest.
    expect(page.locator("#id_telephone_number_error")).to_contain_text("6-20")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Marieke Bakker")

    page.get_by_label("Telephone number", exact=True).fill("+31 (0)30-1234567")
    page.get_by_role("button", name="Register customer").click()
    expect(page.get_by_text("Customer Marieke Bakker is registered.")).to_be_visible()
    expect(page.get_by_role("heading", name="Marieke Bakker")).to_be_visible()


def register_vehicle(page: Page) -> None:
    page.goto("/vehicles/register")
    page.get_by_label("Find the owner", exact=True).fill("bakker")
    page.get_by_role("button", name="Find owner").click()
    page.get_by_label("Owner", exact=True).select_option(
        label="Marieke Bakker, Utrecht (marieke@example.com)"
    )
    page.get_by_label("License number", exact=True).fill("ab-123-c")
    page.get_by_label("Brand", exact=True).fill("Volvo")
    page.get_by_label("Type", exact=True).fill("V70")
    page.get_by_role("button", name="Register vehicle").click()
    expect(page.get_by_text("Vehicle AB-123-C is registered.")).to_be_visible()
    expect(page.get_by_role("heading", name="Volvo V70 [AB-123-C]")).to_be_visible()


def test_employee_registers_a_customer_and_their_vehicle(logged_in_page: Page):
    page = logged_in_page
    register_customer(page)
    register_vehicle(page)

    page.get_by_role("link", name="Customers", exact=True).click()
    page.get_by_role("searchbox").fill("utrecht")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Marieke Bakker").click()
    expect(page.get_by_text("marieke@example.com").first).to_be_visible()
    expect(page.get_by_role("link", name="Jobs in the workshop")).to_have_attribute(
        "href", re.compile(r"/workshop/customers/[0-9a-f-]{36}/jobs")
    )

    page.get_by_role("link", name="Vehicles", exact=True).click()
    row = page.get_by_role("row").filter(has_text="AB-123-C")
    expect(row).to_contain_text("Volvo")
    expect(row).to_contain_text("Marieke Bakker")
    row.get_by_role("link", name="AB-123-C").click()
    expect(page.get_by_role("link", name="History in the workshop")).to_have_attribute(
        "href", "/workshop/vehicles/AB-123-C/history"
    )
    page.get_by_role("link", name="Marieke Bakker").click()
    expect(page.get_by_role("link", name="AB-123-C")).to_be_visible()
