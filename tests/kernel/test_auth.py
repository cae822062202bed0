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
