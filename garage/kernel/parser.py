"""The API's JSON parser: what ninja's does, refusing text no database can
store (NUL, lone surrogates) with a 422 that names the field."""

import json
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

from .errors import InvalidInputError
from .web import NUL_MESSAGE, storable


class CleanJsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        body = json.loads(request.body)
        if bad := list(_unstorable(body, ())):
            errors = {
                ".".join(map(str, path)) or "__all__": [NUL_MESSAGE] for path in bad
            }
            raise InvalidInputError("The input is not valid.", errors=errors)
        return body


def _unstorable(value: Any, path: tuple):
    """The paths of the strings (keys included) that cannot be stored."""
    if isinstance(value, str):
        if not storable(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if not storable(key):
                yield (*path, "(key)")
            yield from _unstorable(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unstorable(item, (*path, index))
