"""schemathesis hooks of the black-box suite (SCHEMATHESIS_HOOKS).

gunicorn refuses a request line over 4094 bytes with its own 414 before the
application sees it: a limit of the HTTP server, in front of every URL, not
part of any operation's contract. Generated queries that would make such a
line are left out (the embedded default's runserver has no such limit and
sends them all to the application). Each generated Idempotency-Key is new.
"""

import re
from urllib.parse import urlencode
from uuid import uuid4

import schemathesis

LONGEST_QUERY = 3000  # bytes, encoded; leaves room for the path and method


@schemathesis.hook
def filter_query(ctx, query) -> bool:
    if not query:
        return True
    try:
        encoded = urlencode(query, doseq=True)
    except TypeError:
        encoded = urlencode({key: str(value) for key, value in query.items()})
    return len(encoded) <= LONGEST_QUERY


VALID_KEY = re.compile(r"[\x21-\x7e]{1,255}")  # the header's documented pattern


@schemathesis.hook
def before_call(ctx, case, kwargs) -> None:
    """An Idempotency-Key names one request: a client makes a new one for each
    (README, API). The generator draws short values that repeat across bodies,
    and the server rightly answers a reused key with another body with 422
    ``idempotency_key_reused`` (its own tests cover that). So every valid key
    is made unique before the call, in every phase; malformed ones stay, to be
    refused."""
    headers = case.headers or {}
    key = headers.get("Idempotency-Key")
    if isinstance(key, str) and VALID_KEY.fullmatch(key):
        headers["Idempotency-Key"] = str(uuid4())
