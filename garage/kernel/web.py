"""What every context's pages share: one mapping of "not found" to a 404, and
one way to show a refused command on its form."""

from typing import Any

from django import forms
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse

from .errors import GarageError, InvalidInputError, NotFoundError


class NotFoundMiddleware:
    """A page whose query raised ``NotFoundError`` answers 404 with its message,
    so views call their queries without catching it themselves. (The API maps
    the same error in ``garage.api``.)"""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if isinstance(exception, NotFoundError):
            return response_for_exception(request, Http404(exception.message))
        return None


class CommandForm(forms.Form):
    """A form whose cleaned data becomes a command; shows the command's refusal
    next to the field it names, or above the form."""

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
