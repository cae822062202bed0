"""Logging in and posting forms as a browser does, CSRF enforced: a post
without the form's token (or, for the API on a session, without the
X-CSRFToken header) is refused with 403."""

from .data import customer_data, planned_job
from .server import ADMIN, ADMIN_PASSWORD
from .web import form_token, log_in, post_form


def test_the_login_page_is_public_and_carries_a_token(browser):
    page = browser.get("/accounts/login/")

    assert page.status_code == 200
    assert form_token(page)
    assert 'name="password"' in page.text


def test_logging_in_through_the_form(browser):
    response = log_in(browser, ADMIN, ADMIN_PASSWORD)
    home = browser.get("/")

    assert response.status_code == 302
    assert home.status_code == 200
    assert f"Log out {ADMIN}" in home.text


def test_logging_in_without_the_token_is_403(browser):
    browser.get("/accounts/login/")  # the CSRF cookie, but no token in the post

    response = browser.post(
        "/accounts/login/", data={"username": ADMIN, "password": ADMIN_PASSWORD}
    )

    assert response.status_code == 403
    assert browser.get("/").status_code == 302  # still not logged in


def test_registering_a_customer_through_the_form(employee):
    data = customer_data()

    response = post_form(employee, "/customers/register", data)
    detail = employee.get(response.headers["location"])

    assert response.status_code == 302, response.text
    assert data["email_address"] in detail.text


def test_a_reason_the_command_refuses_is_shown_next_to_its_field(employee, bearer):
    # A line break in a one-line reason once answered 500 (pydantic's refusal).
    job = planned_job(bearer)
    url = f"/workshop/{job['planning_date']}/jobs/{job['job_id']}/cancel"

    response = post_form(employee, url, {"reason": "Car\nsold"})
    after = bearer.get(
        f"/api/workshop/plannings/{job['planning_date']}/jobs/{job['job_id']}"
    )

    assert response.status_code == 200, response.text
    assert "Enter printable text on one line" in response.text
    assert after.json()["status"] == "Planned"


def test_posting_the_form_without_its_token_is_403(employee):
    data = customer_data()

    response = employee.post("/customers/register", data=data)
    found = employee.get("/api/customers", params={"q": data["email_address"]})

    assert response.status_code == 403
    assert found.json()["count"] == 0


def test_an_api_write_on_a_session_with_the_csrf_header(employee):
    response = employee.post(
        "/api/customers",
        json=customer_data(),
        headers={"X-CSRFToken": employee.cookies["csrftoken"]},
    )

    assert response.status_code == 201, response.text


def test_an_api_write_on_a_session_without_the_csrf_header_is_403(employee):
    data = customer_data()

    response = employee.post("/api/customers", json=data)
    found = employee.get("/api/customers", params={"q": data["email_address"]})

    assert response.status_code == 403, response.text
    assert found.json()["count"] == 0
