"""Login throttling, the Content-Security-Policy, and API docs without a CDN."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def log_in(client: Client, password: str):
    return client.post(
        "/accounts/login/", {"username": "employee", "password": password}
    )


def test_repeated_wrong_passwords_lock_the_login_out(user, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "wrong").status_code == 200  # the form again

    locked = log_in(client, "wrong")
    right = log_in(client, "pw-garage-1")

    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_logs_in(user):
    client = Client()
    log_in(client, "wrong")

    assert log_in(client, "pw-garage-1").status_code == 302


def test_pages_send_a_content_security_policy(logged_in):
    policy = logged_in.get("/")["Content-Security-Policy"]

    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_the_api_docs_load_swagger_ui_from_our_static_files(logged_in):
    html = logged_in.get("/api/docs").content.decode()

    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
