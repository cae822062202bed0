"""The app's own error pages, also with DEBUG on."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/vehicles/99-ZZ-99/", "/workshop/2026-13-45/", "/no/such/page/"]
)
def test_with_debug_on_a_missing_page_is_the_apps_own_404(logged_in, settings, path):
    settings.DEBUG = True

    response = logged_in.get(path)

    assert response.status_code == 404
    assert "Back to the start page" in response.content.decode()
    assert "DEBUG = True" not in response.content.decode()


def test_debug_pages_bring_djangos_404_back(logged_in, settings):
    settings.DEBUG = True
    settings.DEBUG_PAGES = True

    response = logged_in.get("/no/such/page/")

    assert response.status_code == 404
    assert "DEBUG = True" in response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", ["/api/nothing", "/api/customers/", "/api/"])
def test_an_unknown_api_address_is_a_json_404(api_client, settings, debug, path):
    settings.DEBUG = debug

    response = api_client.get(path)

    assert response.status_code == 404
    assert response.json() == {
        "detail": "There is nothing at this address.",
        "code": "not_found",
    }


def test_a_method_an_api_address_does_not_take_is_a_json_405(api_client):
    response = api_client.delete("/api/customers")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}


def test_the_404_page_never_names_the_resolvers_exception(logged_in, settings):
    settings.DEBUG = False

    response = logged_in.get("/no/such/page/")

    assert response.status_code == 404
    assert "Resolver404" not in response.text
    assert "There is no page at this address." in response.text
