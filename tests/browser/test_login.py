from garage.kernel.roles import FRONT_DESK, MECHANIC
from tests.conftest import member_of

from .conftest import log_in


def nav_links(page) -> list[str]:
    return page.locator("nav.site ul").first.locator("a").all_inner_texts()


def test_employee_logs_in_and_out(page, django_user_model):
    member_of(FRONT_DESK, django_user_model, "frank")
    log_in(page, "frank")
    assert page.get_by_text("Good day, frank").is_visible()

    page.get_by_role("button", name="Log out frank").click()

    page.wait_for_url("**/accounts/login/")
    assert page.get_by_role("button", name="Log in").is_visible()


def test_a_mechanic_sees_only_what_a_mechanic_may_use(page, django_user_model):
    member_of(MECHANIC, django_user_model, "mo")
    log_in(page, "mo")

    assert nav_links(page) == ["Garage", "Customers", "Vehicles", "Workshop"]
    page.goto("/invoices/")
    assert page.get_by_role("heading", name="Not allowed").is_visible()
    assert page.get_by_text(
        "You tried to see the invoices. Only Front desk or Manager may do that."
    ).is_visible()
