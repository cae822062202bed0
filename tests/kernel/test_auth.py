import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/customers/", "/workshop/", "/invoices/"])
def test_anonymous_pages_redirect_to_login(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", ["/api/customers", "/api/invoices", "/api/reminders"])
def test_anonymous_api_gets_401_json(client, path):
    response = client.get(path)

    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authentication required.",
        "code": "not_authenticated",
    }


def test_login_page_is_public(client):
    assert client.get("/accounts/login/").status_code == 200


def test_logged_in_employee_sees_home(logged_in):
    response = logged_in.get("/")

    assert response.status_code == 200
    assert b"Log out employee" in response.content


def test_issued_token_authenticates_the_api(client, user, capsys):
    call_command("issue_api_token", "employee")
    token = capsys.readouterr().out.strip()

    response = client.get("/api/customers", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert len(token) > 30
    assert response.status_code == 200


def test_wrong_token_is_401(client, user):
    response = client.get("/api/customers", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401


def test_token_of_an_inactive_user_is_401(api_client, user):
    user.is_active = False
    user.save()
    assert api_client.get("/api/customers").status_code == 401


def test_issue_api_token_for_unknown_user_fails_clearly():
    with pytest.raises(CommandError, match="No user is named 'ghost'"):
        call_command("issue_api_token", "ghost")


def test_admin_is_for_staff_only(logged_in):
    response = logged_in.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_opens_for_staff(client, staff):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


CUSTOMER = {
    "name": "Ada Lovelace",
    "address": "Keizersgracht 1",
    "postal_code": "1015 CJ",
    "city": "Amsterdam",
    "telephone_number": "+31 20 123 4567",
    "email_address": "ada@example.com",
}


@pytest.fixture
def csrf_client():
    """A client that enforces CSRF as production does (the default skips it)."""
    from django.test import Client

    return Client(enforce_csrf_checks=True)


def test_a_bearer_token_writes_without_a_csrf_token(csrf_client, user):
    from garage.kernel.models import ApiToken

    token = ApiToken.issue(user)
    response = csrf_client.post(
        "/api/customers",
        CUSTOMER,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 201, response.content


def test_a_session_write_needs_its_csrf_token(csrf_client, user):
    csrf_client.force_login(user)
    csrf_client.get("/")  # the page sets the CSRF cookie
    token = csrf_client.cookies["csrftoken"].value

    refused = csrf_client.post(
        "/api/customers", CUSTOMER, content_type="application/json"
    )
    accepted = csrf_client.post(
        "/api/customers",
        CUSTOMER,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    assert "X-CSRFToken" in refused.json()["detail"]
    assert accepted.status_code == 201


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token"])
def test_a_write_without_valid_credentials_is_401(csrf_client, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = csrf_client.post(
        "/api/customers", CUSTOMER, content_type="application/json", **headers
    )

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_another_schemes_credentials_are_never_logged(client, settings, caplog):
    settings.DEBUG = True  # django-ninja logs an unexpected scheme in DEBUG
    basic = "Basic ZnJhbms6czNjcmV0LXBhc3N3b3Jk"  # frank:s3cret-password

    response = client.get("/api/customers", HTTP_AUTHORIZATION=basic)

    assert response.status_code == 401
    assert "ZnJhbms6" not in caplog.text


def test_a_token_reads_its_user_as_the_orm_does(user):
    """The lookup is hand-written SQL: every field comes back, converted as
    the ORM converts it (SQLite keeps datetimes as text)."""
    from django.utils import timezone

    from garage.kernel.auth import token_user
    from garage.kernel.models import ApiToken

    user.last_login = timezone.now()
    user.save()
    token = ApiToken.issue(user)

    found = token_user(token)

    expected = type(user).objects.get(pk=user.pk)
    fields = [field.attname for field in type(user)._meta.concrete_fields]
    assert {f: getattr(found, f) for f in fields} == {
        f: getattr(expected, f) for f in fields
    }
    assert found._state.adding is False and found._state.db == "default"
    assert token_user("not-" + token) is None


def test_a_bearer_write_with_an_idempotency_key_looks_its_token_up_once(api_client):
    """The idempotency middleware and the API's authentication both need the
    token's user: one query finds it for both."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = api_client.post(
            "/api/customers",
            CUSTOMER,
            content_type="application/json",
            headers={"Idempotency-Key": "once-1"},
        )

    assert response.status_code == 201, response.content
    lookups = [q for q in queries.captured_queries if "kernel_apitoken" in q["sql"]]
    assert len(lookups) == 1
