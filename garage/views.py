from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import CollectorRegistry, generate_latest

from garage.kernel import metrics as bus_metrics
from garage.kernel.auth import token_user


def home(request):
    return render(request, "home.html")


@login_not_required
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says."""
    return redirect(static("img/favicon.svg"), permanent=True)


@login_not_required
@require_GET
def healthz(request):
    """200 when the database (and the broker, if one is configured) answers;
    "degraded", still 200, when events wait for a consumer longer than
    ``HEALTH_BACKLOG_SECONDS``; 503 when a check fails."""
    checks = {"database": _database_answers(), **_broker_check()}
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "unavailable", "checks": checks}
    if healthy and (backlog := _backlog()):
        body |= {"status": "degraded", "backlog": backlog}
    return JsonResponse(body, status=200 if healthy else 503)


def _backlog() -> dict | None:
    """What is late, if the oldest waiting delivery is older than allowed."""
    oldest = bus_metrics.oldest_waiting()
    threshold = settings.HEALTH_BACKLOG_SECONDS
    if oldest is None or bus_metrics.age_seconds(oldest.oldest) <= threshold:
        return None
    return {
        "consumer": oldest.consumer,
        "oldest_waiting_seconds": round(bus_metrics.age_seconds(oldest.oldest)),
        "threshold_seconds": threshold,
    }


def _database_answers() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"


def _broker_check() -> dict[str, str]:
    from garage.kernel.transports import DramatiqTransport, get_transport

    transport = get_transport()
    if not isinstance(transport, DramatiqTransport):
        return {}
    try:
        transport.ping()
        return {"broker": "ok"}
    except Exception as exc:
        return {"broker": f"error: {exc.__class__.__name__}"}


@login_not_required
@require_GET
def metrics(request):
    """Prometheus: the HTTP metrics (django-prometheus) and the bus's gauges,
    for a staff user's session or bearer token; 401 for no one, 403 for an
    employee who is not staff."""
    user = _metrics_user(request)
    if user is None:
        response = JsonResponse(
            {"detail": "Log in as staff, or send a staff user's token.",
             "code": "not_authenticated"},
            status=401,
        )  # fmt: skip
        response["WWW-Authenticate"] = "Bearer"
        return response
    if not user.is_staff:
        return JsonResponse(
            {"detail": "Only staff may read the metrics.", "code": "permission_denied"},
            status=403,
        )
    http = ExportToDjangoView(request)
    bus = CollectorRegistry()
    bus.register(bus_metrics.BusCollector())
    return HttpResponse(
        http.content + generate_latest(bus), content_type=http["Content-Type"]
    )


def _metrics_user(request):
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token_user(token.strip())
    return request.user if request.user.is_authenticated else None
