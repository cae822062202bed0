"""schemathesis hooks of the black-box suite (SCHEMATHESIS_HOOKS).

gunicorn refuses a request line over 4094 bytes with its own 414 before the
application sees it: a limit of the HTTP server, in front of every URL, not
part of any operation's contract. Generated queries that would make such a
line are left out (the embedded default's runserver has no such limit and
sends them all to the application).
"""

from urllib.parse import urlencode

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
