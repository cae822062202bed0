"""What anyone may open, and what sends a stranger to the login page."""

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/healthz",
        "/accounts/login/",
        "/accounts/password_reset/",
        "/static/css/garage.css",
        "/api/docs",
        "/api/openapi.json",
    ],
)
def test_public_urls_open_to_anyone(anonymous, url):
    assert anonymous.get(url).status_code == 200


def test_health_names_its_checks(anonymous, server):
    checks = anonymous.get("/healthz").json()["checks"]

    expected = {"database", "broker"} if "REDIS_URL" in server.env else {"database"}
    assert checks == dict.fromkeys(expected, "ok")


@pytest.mark.parametrize(
    "url", ["/", "/customers/", "/workshop/", "/invoices/", "/timekeeping/", "/admin/"]
)
def test_pages_send_a_stranger_to_log_in(anonymous, url):
    response = anonymous.get(url)

    assert response.status_code == 302
    assert "/login/" in response.headers["location"]
