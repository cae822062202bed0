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
