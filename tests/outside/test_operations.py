"""Operations as an operator's tools meet them over HTTP: the request id a
proxy sends comes back, and /metrics answers a staff token only."""

import uuid


def test_a_request_id_is_echoed_or_made(anonymous):
    given = anonymous.get("/healthz", headers={"X-Request-ID": "proxy-7f3a.1"})
    made = anonymous.get("/healthz")

    assert given.headers["X-Request-ID"] == "proxy-7f3a.1"
    assert uuid.UUID(made.headers["X-Request-ID"])


def test_metrics_answer_a_staff_token_with_the_bus_gauges(anonymous, bearer):
    refused = anonymous.get("/metrics")
    scraped = bearer.get("/metrics")

    assert refused.status_code == 401
    assert scraped.status_code == 200
    assert "garage_bus_deliveries" in scraped.text
    assert "django_http_requests_total" in scraped.text
