"""``Idempotency-Key``: a client may retry an API POST whose answer it lost.

The first successful answer to a key is stored in the same transaction as the
command's effects, so either both are kept or neither. A retry with the same
key and the same request runs in a transaction too; finding the key taken, it
rolls back whatever it did and answers the stored response. A concurrent
duplicate waits on the key's unique index and ends the same way. Keys are per
user and kept for ``IDEMPOTENCY_KEY_HOURS``; answers other than 2xx are not
kept (they changed nothing, so running the request again is safe).
"""

import hashlib
import json
import re
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja.decorators import decorate_view
from ninja.operation import Operation
from ninja.utils import contribute_operation_callback

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
KEY = re.compile(r"[\x21-\x7e]{1,255}")
PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": (
        "Makes the request safe to retry: a retry with the same key and body "
        "gets the first successful answer again, without a second effect "
        "(1-255 visible ASCII characters, e.g. a UUID; kept "
        "IDEMPOTENCY_KEY_HOURS, 24 by default; the same key with another "
        "body is a 422)."
    ),
    "schema": {"type": "string", "pattern": "^[\\u0021-\\u007e]{1,255}$"},
}


def idempotent[F: Callable[..., Any]](view_func: F) -> F:
    """Accepts (and documents) an ``Idempotency-Key`` header on an API POST.

    Put it under the router's decorator::

        @router.post("/customers", response=...)
        @idempotent
        def create_customer(request, payload: CustomerIn): ...
    """
    contribute_operation_callback(view_func, _document)
    return decorate_view(_answer_once)(view_func)


def _document(operation: Operation) -> None:
    extra = operation.openapi_extra or {}
    parameters = [*extra.get("parameters", []), PARAMETER]
    operation.openapi_extra = {**extra, "parameters": parameters}


def _answer_once(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(run)
    def run_once(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None:
            return run(request, *args, **kwargs)
        with transaction.atomic():
            before = transaction.savepoint_create()
            response = run(request, *args, **kwargs)
            if not _succeeded(response):
                # Undoes anything half-done, and a failed statement with it.
                transaction.savepoint_rollback(before)
            return _settle(request, key, response)

    return run_once


def _settle(request: HttpRequest, key: str, response: HttpResponse) -> HttpResponse:
    user = getattr(request, "auth", None)
    if user is None:  # not authenticated: there is nobody to keep a key for
        return response
    if not KEY.fullmatch(key):
        transaction.set_rollback(True)
        return _invalid(f"{HEADER} must be 1-255 visible ASCII characters.", "invalid")
    fingerprint = _fingerprint(request)
    if (stored := _stored(user, key)) is not None:
        transaction.set_rollback(True)
        return _replay(stored, fingerprint)
    if not _succeeded(response):
        return response
    try:
        with transaction.atomic():
            _store(user, key, fingerprint, response)
    except IntegrityError:  # a concurrent duplicate committed first
        transaction.set_rollback(True)
        return _replay(_stored(user, key), fingerprint)
    return response


def _succeeded(response: HttpResponse) -> bool:
    return 200 <= response.status_code < 300


def _fingerprint(request: HttpRequest) -> str:
    try:  # the same JSON, however it is spaced or ordered
        body = json.dumps(json.loads(request.body), sort_keys=True).encode()
    except ValueError:
        body = request.body
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(body)
    return digest.hexdigest()


def _cutoff():
    return timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)


def _stored(user: Any, key: str) -> IdempotencyKey | None:
    keys = IdempotencyKey.objects.filter(user=user, key=key)
    return keys.filter(created_at__gte=_cutoff()).first()


def _store(user: Any, key: str, fingerprint: str, response: HttpResponse) -> None:
    IdempotencyKey.objects.filter(user=user, created_at__lt=_cutoff()).delete()
    IdempotencyKey.objects.create(
        user=user,
        key=key,
        fingerprint=fingerprint,
        status=response.status_code,
        content_type=response.get("Content-Type", "application/json"),
        body=response.content.decode(),
    )


def _replay(stored: IdempotencyKey, fingerprint: str) -> HttpResponse:
    if stored.fingerprint != fingerprint:
        return _invalid(
            f"This {HEADER} was used for another request; "
            "use a new key for a new request.",
            "idempotency_key_reused",
        )
    response = HttpResponse(
        stored.body, status=stored.status, content_type=stored.content_type
    )
    response["Idempotent-Replayed"] = "true"
    return response


def _invalid(detail: str, code: str) -> JsonResponse:
    errors = {HEADER: [detail]}
    return JsonResponse({"detail": detail, "code": code, "errors": errors}, status=422)
