"""Every URL the resolver knows is guarded, the admin's and the API's included.

Anonymous: a page redirects to a login page, an API operation answers 401 (CSRF
enforced, as in production), as do the few in ``OWN_AUTH`` that a machine reads
with a token; only the short list in ``PUBLIC`` opens. A
logged-in employee who is not staff gets no admin page. A new route needs no
change here unless it takes a path parameter with a new name (add a sample).
"""

import re
from collections.abc import Iterator
from typing import NamedTuple

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern

pytestmark = pytest.mark.django_db

PUBLIC = {  # URL name: what an anonymous GET answers
    "login": 200,
    "password_reset": 200,
    "password_reset_done": 200,
    "password_reset_confirm": 200,
    "password_reset_complete": 200,
    "healthz": 200,
    "favicon": 301,  # to the static icon
    "admin:login": 200,
    "api:openapi-json": 200,
    "api:openapi-view": 200,
    "api:api-root": 404,  # ninja's placeholder for the API's prefix
}
OWN_AUTH = {  # URL name: read by machines (session or token), 401 for a stranger
    "metrics": 401,  # staff only; tests/kernel/test_metrics.py
}
LOGIN_PAGES = ("/accounts/login/", "/admin/login/")
SAMPLES = {  # path parameter: a plausible value
    "customer_id": "4a1f6b0e-3c2d-4e5f-8a9b-0c1d2e3f4a5b",
    "job_id": "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    "license_number": "12-AB-34",
    "day": "2026-03-02",
    "date": "2026-03-02",
    "number": "2026-00001",
    "uidb64": "MQ",
    "token": "set-password",
    "id": "1",
    "object_id": "1",
    "content_type_id": "1",
    "app_label": "auth",
    "url": "no-such-page/",
}
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


class Route(NamedTuple):
    name: str
    url: str
    route: str


def walk(resolver: URLResolver, prefix: str = "", space: str = "") -> Iterator[Route]:
    for entry in resolver.url_patterns:
        route = prefix + _route(entry)
        if isinstance(entry, URLResolver):
            inner = f"{space}{entry.namespace}:" if entry.namespace else space
            yield from walk(entry, route, inner)
        elif isinstance(entry, URLPattern):
            yield Route(f"{space}{entry.name or '(unnamed)'}", fill(route), route)


def _route(entry: URLPattern | URLResolver) -> str:
    pattern = str(entry.pattern)
    if isinstance(entry.pattern, RegexPattern):
        return pattern.removeprefix("^").removesuffix("$")
    return pattern


def fill(route: str) -> str:
    """The route with a sample for each parameter, as a path."""

    def sample(match: re.Match) -> str:
        name = match.group(1) or match.group(2)
        assert name in SAMPLES, f"add a sample value for <{name}> ({route})"
        return SAMPLES[name]

    return "/" + PARAMETER.sub(sample, route)


def routes() -> list[Route]:
    unique = {route.url: route for route in reversed(list(walk(get_resolver())))}
    return sorted(unique.values())


ROUTES = routes()
GUARDED = [r for r in ROUTES if r.name not in PUBLIC]
ADMIN = [r for r in GUARDED if r.name.startswith("admin:")]


def ids(route: Route) -> str:
    return f"{route.name} {route.url}"


def test_every_sample_url_reaches_its_own_route():
    for route in ROUTES:
        assert _route_of(route.url) == route.route, route


def _route_of(url: str) -> str:
    return resolve(url).route.replace("^", "").replace("$", "")


def test_the_public_list_names_routes_that_exist():
    assert set(PUBLIC) | set(OWN_AUTH) <= {route.name for route in ROUTES}


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name in PUBLIC], ids=ids)
def test_public_urls_open_to_anyone(route):
    assert Client().get(route.url).status_code == PUBLIC[route.name]


@pytest.mark.parametrize("route", GUARDED, ids=ids)
def test_anonymous_access_is_refused(route):
    anonymous = Client(enforce_csrf_checks=True)
    if route.url.startswith("/api/"):
        answers = {anonymous.generic(m, route.url).status_code for m in ("GET", "POST")}
        # Each operation answers 401; the other method of its path, 405.
        assert 401 in answers and answers <= {401, 405}, answers
        return
    response = anonymous.get(route.url)
    if route.name in OWN_AUTH:
        assert response.status_code == OWN_AUTH[route.name]
        return
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_PAGES), response["Location"]


@pytest.mark.parametrize("route", ADMIN, ids=ids)
def test_an_employee_who_is_not_staff_gets_no_admin_page(logged_in, route):
    response = logged_in.get(route.url, follow=True)

    landed = response.request["PATH_INFO"]
    assert landed == "/admin/login/" or response.status_code in (403, 404), landed
