"""What a client of the running server does: log in through the form, read a
form's CSRF token, wait for an asynchronous effect with a bounded deadline."""

import re
import time
from collections.abc import Callable

import httpx

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PAGINATOR = re.compile(r'class="paginator".*?(\d+) deliver', re.S)
DEADLINE = 30.0  # seconds an asynchronous effect may take before a test fails


def client(server, **headers: str) -> httpx.Client:
    """A client of ``server`` (a ``server.Server``) sending ``headers``."""
    return httpx.Client(base_url=server.url, headers=headers, timeout=30)


def form_token(page: httpx.Response) -> str:
    """The CSRF token of the form on ``page``, as a browser would post it."""
    assert page.status_code == 200, (page.status_code, page.url)
    found = CSRF_INPUT.search(page.text)
    assert found, f"no CSRF token in the form at {page.url}"
    return found.group(1)


def log_in(client: httpx.Client, username: str, password: str) -> httpx.Response:
    token = form_token(client.get("/accounts/login/"))
    return client.post(
        "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
    )


def post_form(client: httpx.Client, url: str, data: dict) -> httpx.Response:
    """GETs the form at ``url`` and submits it with ``data`` and its token."""
    token = form_token(client.get(url))
    return client.post(url, data={**data, "csrfmiddlewaretoken": token})


def eventually[T](
    probe: Callable[[], T | None], what: str, timeout: float = DEADLINE
) -> T:
    """Polls ``probe`` until it returns something truthy; fails after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not seen within {timeout:.0f} s")
        time.sleep(0.1)


def unsettled_deliveries(admin: httpx.Client) -> int:
    """Deliveries still pending or sent, counted on the admin's list."""
    total = 0
    for state in ("pending", "sent"):
        page = admin.get("/admin/kernel/delivery/", params={"state__exact": state})
        assert page.status_code == 200, page.status_code
        found = PAGINATOR.search(page.text)
        assert found, "the admin's delivery list shows no count"
        total += int(found.group(1))
    return total


def settle(admin: httpx.Client, timeout: float = DEADLINE) -> None:
    """Waits until every published event was handled by every consumer: the
    next command then meets read models that know everything before it."""
    eventually(lambda: unsettled_deliveries(admin) == 0, "the bus settling", timeout)
