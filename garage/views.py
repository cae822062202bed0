from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET


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
    """200 when the database (and the broker, if one is configured) answers."""
    checks = {"database": _database_answers(), **_broker_check()}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


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
        transport.broker.client.ping()
        return {"broker": "ok"}
    except Exception as exc:
        return {"broker": f"error: {exc.__class__.__name__}"}
