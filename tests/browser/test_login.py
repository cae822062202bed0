def test_employee_logs_in_and_out(logged_in_page):
    page = logged_in_page
    assert page.get_by_text("Good day, mechanic").is_visible()

    page.get_by_role("button", name="Log out mechanic").click()

    page.wait_for_url("**/accounts/login/")
    assert page.get_by_role("button", name="Log in").is_visible()
