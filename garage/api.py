"""The REST API: one NinjaAPI, a router per context, errors mapped once."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from garage.kernel.auth import api_auth
from garage.kernel.errors import (
    GarageError,
    InvalidInputError,
    NotFoundError,
    RuleViolationError,
)
from garage.kernel.once import OPENAPI_PARAMETER
from garage.kernel.parser import CleanJsonParser


class GarageAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Every POST documents the ``Idempotency-Key`` header that
        ``garage.kernel.once.OnceMiddleware`` accepts, and every operation
        with a body the 400 of a body too large (``suspicious_operation``)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            if "post" in operations:
                parameters = operations["post"].setdefault("parameters", [])
                parameters.append(OPENAPI_PARAMETER)
            for operation in operations.values():
                if "requestBody" in operation:
                    _document_bad_request(operation["responses"])
        return schema


def _document_bad_request(responses: dict) -> None:
    refused = responses[422]  # every operation's, from garage.kernel.schemas
    responses[400] = {"description": "Bad Request", "content": refused["content"]}


api = GarageAPI(
    title="Garage API",
    version="1",
    auth=api_auth,
    urls_namespace="api",
    parser=CleanJsonParser(),
)

api.add_router("/", "apps.customers.api.router")
api.add_router("/workshop/", "apps.workshop.api.router")
api.add_router("/", "apps.notifications.api.router")
api.add_router("/", "apps.invoicing.api.router")

CSRF_FAILED = (
    "The CSRF check failed: a write on a session sends the csrftoken cookie's "
    "value in the X-CSRFToken header (or use a bearer token)."
)
STATUS = {NotFoundError: 404, RuleViolationError: 409, InvalidInputError: 422}


def error(request, status: int, detail: str, code: str, **extra):
    return api.create_response(
        request, {"detail": detail, "code": code, **extra}, status=status
    )


@api.exception_handler(GarageError)
def garage_error(request, exc: GarageError):
    status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)
    extra = {"errors": exc.errors} if isinstance(exc, InvalidInputError) else {}
    response = error(request, status, exc.message, exc.code, **extra)
    if exc.retry_after:
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc: PermissionDenied):
    return error(request, 403, str(exc) or "Not allowed.", "permission_denied")


@api.exception_handler(SuspiciousOperation)
def suspicious_operation(request, exc: SuspiciousOperation):
    """Django refuses such a request (a body beyond ``DATA_UPLOAD_MAX_MEMORY_SIZE``,
    say) with 400; django-ninja, with ``DEBUG`` on, made it a 500."""
    return error(request, 400, "The request was refused: " + str(exc), "bad_request")


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        names = [str(p) for p in item.get("loc", ()) if p not in ("body", "payload")]
        errors.setdefault(".".join(names) or "__all__", []).append(item["msg"])
    return error(request, 422, "The input is not valid.", "invalid", errors=errors)


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    return error(request, 401, "Authentication required.", "not_authenticated")


@api.exception_handler(Http404)
def not_found(request, exc):
    return error(request, 404, str(exc) or "Not found.", "not_found")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, GarageError):  # refused by our parser
        return garage_error(request, exc.__cause__)
    if exc.status_code == 400:  # ninja could not parse the body: malformed input
        return error(request, 422, exc.message, "malformed")
    if exc.status_code == 403:  # ninja's only 403: a session write's CSRF check
        return error(request, 403, CSRF_FAILED, "csrf_failed")
    return error(request, exc.status_code, exc.message, "http_error")
