"""Browser tests: Playwright driving Debian's chromium against the live server."""

import os
import shutil
from pathlib import Path

import pytest

from garage.kernel.roles import MANAGER
from tests.conftest import member_of

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")

# Playwright's sync API runs an event loop in this thread; the test's own
# database calls are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath) and CHROMIUM is None:
            item.add_marker(
                pytest.mark.skip(reason="Debian's chromium is not installed")
            )
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def page(browser, live_server, bus, request):
    """A fresh browser page on the live server, bus running. What it shows at
    the end of the test is saved under var/screenshots/ for a person to look at."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{request.node.name}.png", full_page=True)
    context.close()


def snapshot(page, name: str) -> None:
    """Saves what ``page`` shows now as var/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-garage-1")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


@pytest.fixture
def logged_in_page(page, django_user_model):
    """A page where a manager (who may do everything) has logged in through
    the login form."""
    member_of(MANAGER, django_user_model, "boss")
    log_in(page, "boss")
    return page
