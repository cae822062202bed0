"""What every context's pages share: one mapping of "not found" to a 404, one
way to show a refused command on its form, and one refusal of text that no
database column can hold."""

import functools
import logging
from collections.abc import Callable
from typing import Any

import pydantic
from django import forms
from django.conf import settings
from django.core.handlers.exception import response_for_exception
from django.forms.renderers import TemplatesSetting
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from . import tracing
from .errors import GarageError, InvalidInputError, NotFoundError

request_logger = logging.getLogger("garage.request")


class RequestIdMiddleware:
    """Every request is one action (see ``tracing``): under the id its
    ``X-Request-ID`` header gives, when that is a sane id (1 to 128 letters,
    digits or ``-_.:+/=``), else under a new one. The response tells the id in
    its own ``X-Request-ID``; one log line tells the request's outcome."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = tracing.valid_id(request.headers.get("X-Request-ID"))
        with tracing.action(given) as request_id:
            request.request_id = request_id
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={"status": response.status_code},
            )
        return response


class NotFoundMiddleware:
    """A page whose query raised ``NotFoundError`` answers 404 with its message,
    so views call their queries without catching it themselves. (The API maps
    the same error in ``garage.api``.)

    The app's own 404 page also stands in for Django's debug page when
    ``DEBUG`` is on, as it is on the embedded default that people try first;
    ``DEBUG_PAGES=1`` brings the debug page back."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _debug_404(request, response):
            return not_found(request, "There is no page at this address.")
        return response

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if isinstance(exception, NotFoundError):
            return not_found(request, exception.message)
        return None


class ApiFallbackMiddleware:
    """The API answers every error in JSON (``{"detail", "code"}``), also for
    an address under ``/api/`` that it does not have (404) and a method an
    operation does not take (405), which Django and django-ninja answer with
    an HTML page or plain text."""

    FALLBACK = {
        404: ("There is nothing at this address.", "not_found"),
        405: ("This address does not take this method.", "method_not_allowed"),
    }

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not self._replaced(request, response):
            return response
        fallback = _json(response.status_code, *self.FALLBACK[response.status_code])
        if allowed := response.get("Allow"):
            fallback["Allow"] = allowed
        return fallback

    def _replaced(self, request: HttpRequest, response: HttpResponse) -> bool:
        return (
            request.path_info.startswith("/api/")
            and response.status_code in self.FALLBACK
            and not response.get("Content-Type", "").startswith("application/json")
        )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 page (``handler404``), with the message a view gave, never the
    name of the resolver's exception (``Resolver404``) for an unknown address."""
    message = exception.args[0] if exception.args else ""
    if not isinstance(message, str):
        message = ""
    return render(request, "404.html", {"exception": message}, status=404)


def not_found(request: HttpRequest, message: str) -> HttpResponse:
    if settings.DEBUG and not settings.DEBUG_PAGES:
        response = render(request, "404.html", {"exception": message}, status=404)
        response.app_page = True
        return response
    return response_for_exception(request, Http404(message))


def _debug_404(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        settings.DEBUG
        and not settings.DEBUG_PAGES
        and response.status_code == 404
        and not getattr(response, "app_page", False)
        and not request.path_info.startswith(("/api/", "/static/"))
        and response.get("Content-Type", "").startswith("text/html")
    )


def storable(text: str) -> bool:
    """PostgreSQL cannot store NUL, and no database a lone surrogate."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class RefuseNulMiddleware:
    """A path, query string or form field with a NUL character (or a lone
    surrogate) is refused before any view runs, in both modes: 404 for a path,
    422 (API) or 400 (pages) for a parameter. JSON bodies are checked by the
    API's parser (``garage.kernel.parser.CleanJsonParser``)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path_info.startswith("/api/")
        if not storable(request.path_info):
            if api:
                return _json(404, "Not found.", "not_found")
            return response_for_exception(request, Http404("There is no such page."))
        if not all(map(storable, _parameters(request))):
            if api:
                return _json(422, NUL_MESSAGE, "invalid")
            return render(request, "400.html", {"detail": NUL_MESSAGE}, status=400)
        return self.get_response(request)


NUL_MESSAGE = "The input holds characters that cannot be stored (such as NUL)."


def _parameters(request: HttpRequest):
    sources = [request.GET, request.POST] if _is_page_form(request) else [request.GET]
    for data in sources:
        for key, values in data.lists():
            yield key
            yield from values


def _is_page_form(request: HttpRequest) -> bool:
    """A form posted to a page. Never the API's: reading its body as a form
    would leave nothing for the API's parser to read (a 500)."""
    return (
        request.method == "POST"
        and not request.path_info.startswith("/api/")
        and request.content_type
        in ("application/x-www-form-urlencoded", "multipart/form-data")
    )


def _json(status: int, detail: str, code: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status)


class FormRenderer(TemplatesSetting):
    """Every form's fields as ``templates/forms/field.html`` lays them out:
    label, errors, field, then its help text."""

    field_template_name = "forms/field.html"


class CommandForm(forms.Form):
    """A form whose cleaned data becomes a command; shows the command's refusal
    next to the field it names, or above the form.

    A subclass's ``command(...)`` builds the command; should the command's own
    field rules refuse what the form let through (a line break in a one-line
    reason), it raises ``InvalidInputError`` naming the fields, which
    ``add_command_error`` shows as any refusal: never a 500."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "command" in cls.__dict__:
            cls.command = _refusing_invalid_input(cls.__dict__["command"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_command_error(self, error: GarageError) -> None:
        if isinstance(error, InvalidInputError):
            for field, messages in error.errors.items():
                self.add_error(self._known(field), messages)
            return
        self.add_error(self._known(getattr(error, "field", None)), error.message)

    def _known(self, field: str | None) -> str | None:
        return field if field in self.fields else None


def _refusing_invalid_input(build: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(build)
    def command(*args: Any, **kwargs: Any) -> Any:
        try:
            return build(*args, **kwargs)
        except pydantic.ValidationError as exc:
            raise invalid_input(exc) from None

    return command


def invalid_input(exc: pydantic.ValidationError) -> InvalidInputError:
    """The command's refusal of its fields, each message as its rule says it."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        message = error["msg"].removeprefix("Value error, ")
        errors.setdefault(field, []).append(message)
    return InvalidInputError("Some fields are not valid.", errors)
