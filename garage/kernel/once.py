"""One answer per submit: a POST sent again does not do its work twice.

A POST says it may come again in one of two ways: a page's form carries a
one-time token (``{% form_token %}`` renders the hidden field ``form_token``),
and an API client sends an ``Idempotency-Key`` header. ``OnceMiddleware`` then
runs the request in one transaction that first *claims* the key (a row of
``IdempotentRequest``, unique per user, scope and key), then lets the view do
its work, then records the answer on the row: the work and its recorded
answer are kept together or not at all.

A second request with the key finds the row and replays the first answer
without running the view. One that arrives while the first is still running
waits on the claimed row (PostgreSQL's unique index, SQLite's write lock);
when the first commits, its claim fails and it replays. When the first did
nothing (a form shown again with its errors, an API error), its claim is
dropped, so the request may be sent again.

- A form's answer is the redirect it sent; the replay redirects to the same
  place with an info message (a warning when the values sent differ).
- An API answer is a 2xx status with its body, replayed with the same status
  and an ``Idempotent-Replayed: true`` header; the same key with another body
  (or another operation) is a 422.

Keys are kept ``IDEMPOTENCY_KEY_HOURS`` (24 by default).
"""

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from .auth import bearer_user
from .models import IdempotentRequest

FIELD = "form_token"
HEADER = "Idempotency-Key"
API_KEY = re.compile(r"[\x21-\x7e]{1,255}")
FORM_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
UNSIGNED = {FIELD, "csrfmiddlewaretoken"}
OPENAPI_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": (
        "Makes the request safe to retry: a retry with the same key and body "
        "gets the first successful answer again (same status, header "
        "Idempotent-Replayed: true) without doing the work twice; the same key "
        "with another body is a 422. Per user; 1-255 visible ASCII characters, "
        "e.g. a UUID; kept IDEMPOTENCY_KEY_HOURS (24)."
    ),
    "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,255}$"},
}


@dataclass(frozen=True)
class Submit:
    """A POST that may come again: whose, which kind, its key and its body."""

    user: Any
    scope: str
    key: str
    fingerprint: str

    @property
    def rows(self):
        return IdempotentRequest.objects.filter(
            user=self.user, scope=self.scope, key=self.key
        )


class OnceMiddleware:
    """Runs a POST with a form token or an ``Idempotency-Key`` once per key.
    Placed after the authentication and messages middleware."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        kind = _kind(request)
        if kind is None:
            return self.get_response(request)
        user = kind.user(request)
        if user is None:  # no one to keep a key for: the view says 401 or login
            return self.get_response(request)
        key = kind.key(request)
        if not kind.pattern.fullmatch(key):
            return kind.refuse(request)
        submit = Submit(user, kind.scope, key, kind.fingerprint(request))
        return once(request, submit, kind, lambda: self.get_response(request))


def once(request, submit: Submit, kind: "Kind", run: Callable[[], HttpResponse]):
    with transaction.atomic():
        earlier = claim(submit)
        if earlier is not None:
            return kind.replay(
                request, earlier, earlier.fingerprint == submit.fingerprint
            )
        response = run()
        if response.status_code >= 500:
            transaction.set_rollback(True)
        elif kind.keeps(response):
            submit.rows.update(**kind.answer(response))
        else:  # nothing was done: the same key may be sent again
            submit.rows.delete()
        return response


def claim(submit: Submit) -> IdempotentRequest | None:
    """Claims ``submit``'s key in the current transaction, or returns the
    answer already recorded for it (after waiting for a concurrent claimer)."""
    expired = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
    IdempotentRequest.objects.filter(user=submit.user, created_at__lt=expired).delete()
    for attempt in range(3):
        try:
            with transaction.atomic():
                IdempotentRequest.objects.create(
                    user=submit.user,
                    scope=submit.scope,
                    key=submit.key,
                    fingerprint=submit.fingerprint,
                )
            return None
        except IntegrityError:
            if (earlier := submit.rows.first()) is not None:
                return earlier
            if attempt == 2:
                raise
            # The claimer dropped its claim as we looked: claim it again.
    raise AssertionError("unreachable")


def _digest(request: HttpRequest, body: bytes) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(body)
    return digest.hexdigest()


class Kind:
    """How one kind of POST is keyed, answered and replayed."""

    scope: str
    pattern: re.Pattern

    def user(self, request: HttpRequest) -> Any:
        user = request.user
        return user if user.is_authenticated else None


class Form(Kind):
    scope = IdempotentRequest.FORM
    pattern = FORM_TOKEN

    def key(self, request: HttpRequest) -> str:
        return request.POST[FIELD]

    def fingerprint(self, request: HttpRequest) -> str:
        fields = sorted(
            (name, values)
            for name, values in request.POST.lists()
            if name not in UNSIGNED
        )
        return _digest(request, json.dumps(fields).encode())

    def keeps(self, response: HttpResponse) -> bool:
        return 300 <= response.status_code < 400 and response.has_header("Location")

    def answer(self, response: HttpResponse) -> dict[str, Any]:
        return {"status": response.status_code, "location": response["Location"]}

    def replay(self, request, earlier: IdempotentRequest, same: bool) -> HttpResponse:
        if same:
            messages.info(request, "This form had already been sent: it was done once.")
        else:
            messages.warning(
                request,
                "This form had already been sent, so the values sent again were "
                "not saved. Open the form again to make another change.",
            )
        return redirect(earlier.location)

    def refuse(self, request: HttpRequest) -> HttpResponse:
        detail = "This form's token is not valid: reload the page and send it again."
        return render(request, "400.html", {"detail": detail}, status=400)


class Api(Kind):
    scope = IdempotentRequest.API
    pattern = API_KEY

    def user(self, request: HttpRequest) -> Any:
        return bearer_user(request) or super().user(request)

    def key(self, request: HttpRequest) -> str:
        return request.headers[HEADER]

    def fingerprint(self, request: HttpRequest) -> str:
        try:  # the same JSON, however it is spaced or ordered
            body = json.dumps(json.loads(request.body), sort_keys=True).encode()
        except ValueError:
            body = request.body
        return _digest(request, body)

    def keeps(self, response: HttpResponse) -> bool:
        return 200 <= response.status_code < 300 and not response.streaming

    def answer(self, response: HttpResponse) -> dict[str, Any]:
        return {
            "status": response.status_code,
            "content_type": response.get("Content-Type", "application/json"),
            "body": response.content.decode(),
        }

    def replay(self, request, earlier: IdempotentRequest, same: bool) -> HttpResponse:
        if not same:
            return _invalid(
                f"This {HEADER} was sent with another request; "
                "use a new key for a new request.",
                "idempotency_key_reused",
            )
        response = HttpResponse(
            earlier.body, status=earlier.status, content_type=earlier.content_type
        )
        response["Idempotent-Replayed"] = "true"
        return response

    def refuse(self, request: HttpRequest) -> HttpResponse:
        return _invalid(f"{HEADER} must be 1-255 visible ASCII characters.", "invalid")


def _invalid(detail: str, code: str) -> JsonResponse:
    errors = {HEADER: [detail]}
    return JsonResponse({"detail": detail, "code": code, "errors": errors}, status=422)


def _kind(request: HttpRequest) -> Kind | None:
    if request.method != "POST":
        return None
    if request.path_info.startswith("/api/"):
        return Api() if HEADER in request.headers else None
    if (
        request.content_type
        in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        )
        and FIELD in request.POST
    ):
        return Form()
    return None
