"""A form sent twice does its work once: the submit button is disabled after
the first click, and the server replays the first answer to a second request
with the same one-time token (garage/kernel/once.py)."""

from playwright.sync_api import Page, expect

from apps.customers.models import Customer
from apps.workshop.models import MaintenanceJob

from .conftest import snapshot
from .test_workshop import known_vehicle  # noqa: F401 (a fixture)

DONE_ONCE = "This form had already been sent: it was done once."

# Sends the page's form twice at once, as a browser without our script or a
# flaky network would: both requests carry the form's one token.
POST_TWICE = """form => Promise.all([1, 2].map(() =>
    fetch(form.action, {method: "POST", body: new FormData(form)})
        .then(answer => answer.status)))"""


def fill_customer(page: Page) -> None:
    page.goto("/customers/register")
    page.get_by_label("Name", exact=True).fill("Marieke Bakker")
    page.get_by_label("Address", exact=True).fill("Kerkstraat 12")
    page.get_by_label("Postal code", exact=True).fill("3511 AB")
    page.get_by_label("City", exact=True).fill("Utrecht")
    page.get_by_label("Telephone number", exact=True).fill("+31 (0)30-1234567")
    page.get_by_label("E-mail address", exact=True).fill("marieke@example.com")


def test_a_double_click_registers_one_customer(logged_in_page: Page):
    page = logged_in_page
    fill_customer(page)

    page.get_by_role("button", name="Register customer").dblclick()

    expect(page.get_by_role("heading", name="Marieke Bakker")).to_be_visible()
    assert Customer.objects.count() == 1


def test_the_button_is_disabled_after_the_first_click(logged_in_page: Page):
    page = logged_in_page
    fill_customer(page)
    # Keeps the page here (after the app's own handler), to look at the button.
    page.evaluate(
        "document.addEventListener('submit', event => event.preventDefault())"
    )

    page.get_by_role("button", name="Register customer").click()

    expect(page.get_by_role("button", name="Register customer")).to_be_disabled()
    snapshot(page, "double_submit_button_disabled")
    assert not Customer.objects.exists()


def test_the_same_form_posted_twice_at_once_registers_one_customer(
    logged_in_page: Page,
):
    page = logged_in_page
    fill_customer(page)
    form = page.locator("form[method=post]", has_text="Register customer")

    statuses = form.evaluate(POST_TWICE)
    form.evaluate("form => form.submit()")  # a third time, through the page

    assert statuses == [200, 200]  # fetch followed both redirects
    expect(page.get_by_text(DONE_ONCE)).to_be_visible()
    expect(page.get_by_role("heading", name="Marieke Bakker")).to_be_visible()
    assert Customer.objects.count() == 1


def test_the_plan_form_sent_twice_plans_one_job_and_shows_no_error(
    logged_in_page: Page,
    known_vehicle,  # noqa: F811
):
    page = logged_in_page
    page.goto("/workshop/")
    page.get_by_role("button", name="Plan a job").click()
    page.get_by_label("Vehicle", exact=True).select_option("12-AB-34")
    page.get_by_label("Description").fill("Replace the brake pads")
    form = page.locator("form[method=post]", has_text="Plan the job")

    statuses = form.evaluate(POST_TWICE)
    page.get_by_role("button", name="Plan the job").dblclick()

    assert statuses == [200, 200]
    expect(page.get_by_text(DONE_ONCE)).to_be_visible()
    expect(page.locator("tbody tr", has_text="12-AB-34")).to_have_count(1)
    expect(page.locator(".messages .error, .errorlist")).to_have_count(0)
    assert MaintenanceJob.objects.count() == 1
